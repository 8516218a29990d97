// The entry point `@funcpipe/io/files`: lazy line streams over files, lazy directory walks and an
// atomic file sink. Every export is named here by hand; anything not listed is internal.

export { readLines, DEFAULT_MAX_LINE_BYTES, type ReadLinesOptions } from './files/read-lines.js';
export type { InvalidUtf8 } from './internal/line-splitter.js';
export { walk, type WalkEntry, type WalkEntryKind, type WalkOptions } from './files/walk.js';
export { toFileAtomic, type ToFileAtomicOptions, type AtomicWriteSummary } from './files/to-file-atomic.js';
export { FileError } from './internal/file-error.js';
