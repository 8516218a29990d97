// The shape check every options object of the library goes through: an object, with no key the
// entry point does not know. A misspelled option would otherwise be ignored in silence
// (`{ concurency: 1 }` running everything at once, `{ sigal }` running without the caller's signal).
import { describe } from './check.js';
import { closestName } from './edit-distance.js';

/**
 * Throws a TypeError unless `options` is a plain object (not `null`, an array or a function)
 * whose own keys are all in `known`. The error names the entry point, the unknown key, the
 * closest known one when there is a likely one, and the keys accepted.
 *
 * @param name - how the argument is called in the message (default `options`)
 */
export function checkOptions(where: string, options: unknown, known: readonly string[], name = 'options'): asserts options is object {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${where}: expected \`${name}\` to be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const closest = closestName(key, known);
    const hint = closest === undefined ? '' : ` (did you mean \`${closest}\`?)`;
    const accepted = known.length === 0 ? 'no keys' : `only the keys ${known.join(', ')}`;
    throw new TypeError(`${where}: expected \`${name}\` to have ${accepted}, got the unknown key \`${key}\`${hint}`);
  }
}
