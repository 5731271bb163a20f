/** What one HTTP attempt came to. Failures are values: an exception from the sender is a bug. */
export type AttemptResult =
  | { ok: true; statusCode: number; latencyMs: number; responseExcerpt: string }
  | { ok: false; statusCode: number | null; latencyMs: number; error: string; responseExcerpt: string | null };
