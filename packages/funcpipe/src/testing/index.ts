// The public entry point `funcpipe/testing`: a resource tracker, a development mode that reports
// unclosed runs, and the conformance kit. Nothing here is loaded by `import 'funcpipe'`.

export { trackResources, registerResource, formatLeakReport, type LeakReport, type TrackedResource, type TrackOptions } from './resource-tracker.js';
export { expectNoLeaks, LeakError } from './expect-no-leaks.js';
export { enableDevMode, disableDevMode, isDevModeEnabled, DEV_MODE_ENV, type DevModeOptions, type UnclosedReport } from './dev-mode.js';
export { checkConformance, ConformanceError, type ConformanceOptions, type ConformanceStats } from './check-conformance.js';
export { KitFault, type FaultKind } from './kit-fault.js';
export type { KitItem, KitResource, KitResources, OpenOptions } from './kit-resources.js';
export type { SubjectBuilder } from './run-case.js';
export type { CheckRules } from './case-checks.js';
export type { ExitPlan, ConsumerPlan, ReadDelay, PlanFault } from './exit-plan.js';
