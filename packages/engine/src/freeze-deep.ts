// Internal: decisions and their parts are frozen before they are handed out or memoized.

/** Freezes a decision (or any part of one) and everything inside it that is not frozen yet. */
export function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key]);
  }
  return value;
}
