// Why a peer cannot express a case, for the reasons more than one case gives.

/** IxJS in the ordered parallel-map cases. */
export const IX_NO_ORDERED_PARALLEL_MAP =
  'IxJS 7 has no ordered bounded parallel map: `map` awaits one selector at a time, `concatMap` runs one inner ' +
  'sequence at a time, and `flatMap(selector, concurrent)` emits in completion order';

/** RxJS in the ordered parallel-map cases. */
export const RXJS_NO_ORDERED_PARALLEL_MAP =
  'RxJS 7 has no ordered bounded parallel map: `mergeMap(f, concurrent)` emits in completion order and ' +
  '`concatMap` runs one at a time';

/** streaming-iterables in the cases that scope a resource to a stream. */
export const SI_NO_RESOURCE_SCOPE = 'it has no resource-scoping combinator: its functions take and return plain iterables';

/** Node streams in the cases that scope a resource to a stream. */
export const NODE_NO_RESOURCE_SCOPE =
  'a Readable is itself the resource (destroy()); there is no combinator that scopes another resource to it';
