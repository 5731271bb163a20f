/** What one HTTP attempt came to. Failures are values: an exception from the sender is a bug. */
export type AttemptResult =
  | { ok: true; statusCode: number; latencyMs: number; responseExcerpt: string }
  | {
      ok: false;
      statusCode: number | null;
      latencyMs: number;
      error: string;
      responseExcerpt: string | null;
      /** No answer in time: the receiver may be overloaded, so the next try waits at least the floor. */
      timedOut: boolean;
      /** The receiver's Retry-After (429, 503), in milliseconds from now. */
      retryAfterMs?: number;
      /** The receiver answered `webhook-delivery: abort-message`: do not try this message again. */
      aborted: boolean;
    };

export type FailedAttempt = Extract<AttemptResult, { ok: false }>;
