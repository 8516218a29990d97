// A token-per-minute limit for embedding calls: the core's rateLimiter admits one unit per
// acquire, while a call costs as many tokens as its batch holds. The same bucket in its
// "theoretical arrival time" form, with a weight per admission: a call is admitted once the
// bucket holds a second's worth of tokens or more, and may take it into debt (so one batch above
// a second's worth still goes); over any stretch `t` at most one second's worth plus one batch
// plus `t x rate` tokens are admitted. First come, first served.
import type { Clock } from 'funcpipe';

export class TokenRate {
  private tat: number;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly msPerToken: number;
  private readonly toleranceMs = 1_000;

  constructor(
    tokensPerMinute: number,
    private readonly clock: Clock,
  ) {
    this.msPerToken = 60_000 / tokensPerMinute;
    this.tat = clock.now();
  }

  /** Waits its turn and takes `cost` tokens; resolves how long it waited (ms). Rejects with `signal.reason` on abort. */
  take(cost: number, signal: AbortSignal): Promise<number> {
    const since = this.clock.now();
    const turn = this.tail.then(() => this.admit(cost, since, signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async admit(cost: number, since: number, signal: AbortSignal): Promise<number> {
    if (signal.aborted) throw signal.reason;
    const wait = this.tat - this.toleranceMs - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait, signal);
    const now = this.clock.now();
    this.tat = Math.max(this.tat, now) + cost * this.msPerToken;
    return now - since;
  }
}
