/** Retries an operation against a vendor that fails now and then, with exponential backoff. */
export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  /** Waits between attempts (the runtime's timer; tests pass one that resolves at once). */
  sleep: (ms: number) => Promise<void>;
  isRetryable?: (error: unknown) => boolean;
}

export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { sleep } = options;
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      if (options.isRetryable && !options.isRetryable(error)) break;
      if (attempt < options.attempts - 1) await sleep(options.baseDelayMs * 2 ** attempt);
    }
  }
  throw lastError;
}

/** An error from a vendor API, with its HTTP status; 5xx and 429 are worth retrying. */
export class VendorError extends Error {
  constructor(
    readonly vendor: string,
    readonly status: number,
    message: string,
  ) {
    super(`${vendor}: ${message} (${status})`);
  }

  get retryable(): boolean {
    return this.status >= 500 || this.status === 429;
  }
}

export function isRetryableVendorError(error: unknown): boolean {
  return error instanceof VendorError && error.retryable;
}
