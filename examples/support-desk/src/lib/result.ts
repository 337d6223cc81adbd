/** A value or a reason it could not be produced, for operations whose failure is part of normal business. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

/** An error the service expects and reports to its caller, with a stable code. */
export interface AppError {
  code: 'not_found' | 'invalid' | 'denied' | 'conflict' | 'unavailable';
  message: string;
  details?: Record<string, string>;
}

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function fail(code: AppError['code'], message: string, details?: Record<string, string>): Result<never> {
  const error: AppError = { code, message };
  if (details) error.details = details;
  return { ok: false, error };
}

/** Unwraps a result whose failure would be a bug in this service. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`unexpected ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function mapResult<T, U>(result: Result<T>, fn: (value: T) => U): Result<U> {
  return result.ok ? ok(fn(result.value)) : result;
}
