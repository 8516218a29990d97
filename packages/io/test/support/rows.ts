/** The values of a run's `Ok` items, in order (the tests' streams have no `Err` items). */
export async function values<T>(gen: AsyncIterable<{ ok: boolean; value?: T }>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of gen) if (r.ok) out.push(r.value as T);
  return out;
}
