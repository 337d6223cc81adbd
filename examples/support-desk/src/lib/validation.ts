import { fail, ok, type Result } from './result.js';

/** Checks on untrusted input from the HTTP layer. Each returns the cleaned value or a field-level error. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9 ().-]{7,20}$/;
const POSTCODE = /^[A-Za-z0-9 -]{3,10}$/;

export function requireText(value: unknown, field: string, max = 200): Result<string> {
  if (typeof value !== 'string' || value.trim() === '') return fail('invalid', `${field} is required`, { field });
  const text = value.trim();
  if (text.length > max) return fail('invalid', `${field} is longer than ${max} characters`, { field });
  return ok(text);
}

export function optionalText(value: unknown, field: string, max = 200): Result<string | undefined> {
  if (value === undefined || value === null || value === '') return ok(undefined);
  return requireText(value, field, max);
}

export function requireEmailFormat(value: unknown, field = 'email'): Result<string> {
  const text = requireText(value, field, 254);
  if (!text.ok) return text;
  return EMAIL.test(text.value) ? ok(text.value.toLowerCase()) : fail('invalid', `${field} is not an email address`, { field });
}

export function requirePhoneFormat(value: unknown, field = 'phone'): Result<string> {
  const text = requireText(value, field, 24);
  if (!text.ok) return text;
  return PHONE.test(text.value) ? ok(text.value.replace(/[ ().-]/g, '')) : fail('invalid', `${field} is not a phone number`, { field });
}

export function requirePostcodeFormat(value: unknown, field = 'postcode'): Result<string> {
  const text = requireText(value, field, 10);
  if (!text.ok) return text;
  return POSTCODE.test(text.value) ? ok(text.value.toUpperCase()) : fail('invalid', `${field} is not a postcode`, { field });
}

export function requireInteger(value: unknown, field: string, min: number, max: number): Result<number> {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return fail('invalid', `${field} must be a whole number`, { field });
  if (n < min || n > max) return fail('invalid', `${field} must be between ${min} and ${max}`, { field });
  return ok(n);
}

export function requireOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): Result<T> {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return ok(value as T);
  return fail('invalid', `${field} must be one of ${allowed.join(', ')}`, { field });
}

export function requireBoolean(value: unknown, field: string): Result<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (value === 'true' || value === 'false') return ok(value === 'true');
  return fail('invalid', `${field} must be true or false`, { field });
}

/** Luhn checksum, so that a mistyped card number is caught before it reaches the payment gateway. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

export function requireCardNumberFormat(value: unknown, field = 'cardNumber'): Result<string> {
  const text = requireText(value, field, 23);
  if (!text.ok) return text;
  const digits = text.value.replace(/[ -]/g, '');
  return passesLuhn(digits) ? ok(digits) : fail('invalid', `${field} is not a valid card number`, { field });
}
