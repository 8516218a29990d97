// A trivial resource for the cases that scope one to a stream (the resource wrappers, bracket):
// each subject acquires one per run and the run fails unless it was released exactly once.

/**
 * A fresh resource; `release` and `unsubscribe` (RxJS's `using` calls the latter) count releases.
 * @returns {{ release: () => void, unsubscribe: () => void, check: () => void }}
 */
export function resource() {
  let releases = 0;
  const release = () => {
    releases += 1;
  };
  return {
    release,
    unsubscribe: release,
    check: () => {
      if (releases !== 1) throw new Error(`the resource was released ${releases} times, not once`);
    },
  };
}
