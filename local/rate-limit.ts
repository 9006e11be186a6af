/**
 * Per-client-address rate limit of the local server (R-SEC-3), a fixed one-minute window:
 * the local counterpart of API Gateway stage throttling. `limit` 0 turns it off.
 */
export interface RateLimiter {
  /** Seconds to wait when over the limit, else 0. */
  hit(client: string, now?: number): number;
}

export function fixedWindowLimiter(limit: number, windowMs = 60_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(client, now = Date.now()) {
      if (limit <= 0) return 0;
      let w = windows.get(client);
      if (!w || now - w.start >= windowMs) {
        if (windows.size > 10_000) windows.clear();
        w = { start: now, count: 0 };
        windows.set(client, w);
      }
      w.count++;
      return w.count > limit ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
    },
  };
}
