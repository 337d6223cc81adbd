import type { Customer } from '../domain/customer.js';
import type { Clock } from '../lib/clock.js';

/** Consents a customer can give or withdraw in their account settings, by taxonomy id. */
export const CONSENT_CHOICES = {
  newsletter: 'marketing.communications.email',
  affiliateOffers: 'marketing',
  remoteAccess: 'remote_access',
  research: 'research',
} as const;

export type ConsentChoice = keyof typeof CONSENT_CHOICES;

/** A record of a consent change, kept so that we can show when and how consent was given. */
export interface ConsentEvent {
  customerId: Customer['id'];
  consent: string;
  granted: boolean;
  at: Date;
  channel: 'web' | 'phone' | 'session_prompt';
}

/** Applies a consent change to a customer and returns the audit event to store. */
export function changeConsent(
  customer: Customer,
  choice: ConsentChoice,
  granted: boolean,
  channel: ConsentEvent['channel'],
  clock: Clock,
): { customer: Customer; event: ConsentEvent } {
  const consent = CONSENT_CHOICES[choice];
  const others = customer.consents.filter((c) => c !== consent);
  const consents = granted ? [...others, consent] : others;
  return {
    customer: { ...customer, consents },
    event: { customerId: customer.id, consent, granted, at: clock.now(), channel },
  };
}

/** Consents given for one remote session, added to the customer's standing ones for the length of the session. */
export function sessionConsents(customer: Customer, grantedInSession: readonly string[]): string[] {
  return [...new Set([...customer.consents, ...grantedInSession])];
}
