/** Time as the service sees it; tests use a fixed clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at.getTime()) };
}

const DAY = 24 * 60 * 60 * 1000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}

/** `2024-03-05`, the form used on invoices and in reports. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The Monday that starts the week of `date`, at midnight UTC, for weekly reports. */
export function startOfWeek(date: Date): Date {
  const day = (date.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(monday.getTime() - day * DAY);
}
