// The echo of a stop (docs/semantics.md, "Cancellation and its echoes"): once a run has stopped,
// the rejection of a pull or call that the stop interrupted is how that work reports being
// cancelled, in whatever words its driver uses (an AbortError, PostgreSQL's 57014, undici's
// RequestAbortedError, a plain Error). It is not a failure: it is neither thrown nor warned
// about, but published on a diagnostics channel, so it can still be seen when debugging.
import { channel } from 'node:diagnostics_channel';

/** The diagnostics channel on which stop echoes are published, as `{ error, where }`. */
export const STOP_ECHO_CHANNEL = 'funcpipe:stop-echo';

const echoes = channel(STOP_ECHO_CHANNEL);

/** Records `error` as the echo of a stop: published on {@link STOP_ECHO_CHANNEL} when anyone listens. */
export function stopEcho(error: unknown, where: string): void {
  if (echoes.hasSubscribers) echoes.publish({ error, where });
}
