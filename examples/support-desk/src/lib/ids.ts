/** Identifiers are opaque strings with a prefix that says what they name, so a ticket id is never taken for a customer id. */
export type Id<Prefix extends string> = `${Prefix}_${string}`;

export type CustomerId = Id<'cus'>;
export type TicketId = Id<'tkt'>;
export type InvoiceId = Id<'inv'>;
export type SessionId = Id<'ses'>;
export type DeviceId = Id<'dev'>;
export type TechnicianId = Id<'tec'>;
export type SurveyId = Id<'srv'>;
export type RecordingId = Id<'rec'>;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A source of randomness; the service uses a seeded one in tests. */
export interface RandomSource {
  next(): number;
}

export const mathRandom: RandomSource = { next: () => Math.random() };

/** A new id with the given prefix and 16 random characters. */
export function newId<P extends string>(prefix: P, random: RandomSource = mathRandom): Id<P> {
  let body = '';
  for (let i = 0; i < 16; i++) body += ALPHABET[Math.floor(random.next() * ALPHABET.length)] ?? '0';
  return `${prefix}_${body}`;
}

/** True when `value` looks like an id with this prefix. */
export function isId<P extends string>(prefix: P, value: string): value is Id<P> {
  return value.startsWith(`${prefix}_`) && /^[0-9a-z]{16}$/.test(value.slice(prefix.length + 1));
}
