import type { StageBuilder } from './async-protocol.js';

/** The stage chain of a stream with no fused stage: its source pushes straight into the run's terminal. */
export const noStages: StageBuilder<unknown, unknown, unknown, unknown> = (down) => down;
