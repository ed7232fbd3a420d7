/** How often and how patiently a transient failure is retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default 6 */
  readonly maxAttempts?: number;
  /** Delay before the first retry; it doubles on every retry. @default 200 ms */
  readonly baseDelayMs?: number;
  /** Largest delay between two attempts. @default 10 s */
  readonly maxDelayMs?: number;
}

/** What a caller is told before each retry. */
export interface RetryNotice {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: Error;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delay before retry number `retry` (1-based): exponential, capped, with full jitter. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = policy.baseDelayMs ?? 200;
  const cap = policy.maxDelayMs ?? 10_000;
  return Math.round(random() * Math.min(cap, base * 2 ** (retry - 1)));
}

/**
 * Runs `attempt` until it succeeds, retrying (with backoff) the errors `isTransient` accepts, at most
 * `maxAttempts` times in all. The last error is thrown with the number of attempts in its message.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  isTransient: (error: unknown) => boolean,
  policy: RetryPolicy = {},
  onRetry?: (notice: RetryNotice) => void,
): Promise<T> {
  const maxAttempts = policy.maxAttempts ?? 6;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!isTransient(error) || n >= maxAttempts) {
        if (n > 1 && error instanceof Error) {
          error.message = `${error.message} (after ${n} attempts)`;
        }
        throw error;
      }
      const delayMs = backoffDelay(n, policy);
      onRetry?.({ attempt: n, delayMs, error: error as Error });
      await sleep(delayMs);
    }
  }
}
