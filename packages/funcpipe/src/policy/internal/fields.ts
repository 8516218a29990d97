// Field schemas every policy uses, so each kind spells a duration, a ratio or a name the same way.

import { DURATION_EXPECTED, DURATION_PATTERN, parseDuration } from '../duration.js';
import type { Zod } from './zod.js';

const duration = (z: Zod) => z.union([z.number().min(0), z.string().regex(DURATION_PATTERN)]).describe(DURATION_EXPECTED);

/** A {@link Duration}: ms as a finite number >= 0, or a string such as `"250ms"`, `"2s"`. */
export const durationField = (z: Zod) => duration(z).optional();

/** A {@link Duration} above 0 (a period, a window); `field` names it in the error. */
export const positiveDurationField = (z: Zod, field: string) =>
  duration(z)
    .refine((value) => parseDuration(value, field, field) > 0, { message: `expected \`${field}\` to be a duration above 0` })
    .optional();

/** A fraction from 0 to 1 (a failure rate, a budget share). */
export const ratioField = (z: Zod) => z.number().min(0).max(1).optional();

/** An integer >= `min`. */
export const countField = (z: Zod, min: number) => z.number().int().min(min).optional();

/** The name a shared policy carries in its events. */
export const nameField = (z: Zod) => z.string().min(1).max(200).optional();
