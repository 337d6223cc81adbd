import type { CustomerId } from '../lib/ids.js';

/** The consents a customer has given, as taxonomy ids (`marketing.communications.email`, `remote_access`, …). */
export type ConsentList = readonly string[];

/**
 * A customer of the support desk: the person who buys support plans and opens tickets.
 * Everything here is typed in by the customer when registering or buying.
 * @pledge-source user_provided
 */
export interface Customer {
  id: CustomerId;
  /** @pledge user.name */
  firstName: string;
  /** @pledge user.name */
  lastName: string;
  /** @pledge user.contact.email */
  email: string;
  /** @pledge user.contact.phone_number */
  phone?: string;
  /** @pledge user.contact.address */
  postalAddress?: PostalAddress;
  /** Country of residence, ISO 3166 (decides which rights apply). */
  country: string;
  plan: SupportPlan;
  consents: ConsentList;
  createdAt: Date;
  /** Set when the customer asked us to erase their account. */
  erasedAt?: Date;
}

export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  postcode: string;
  country: string;
}

export type SupportPlan = 'pay_per_incident' | 'monthly' | 'annual' | 'business';

/** What a customer types in at registration. */
export interface Registration {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  country: string;
  plan: SupportPlan;
  newsletter: boolean;
}

/** The name as shown to technicians and on invoices. */
export function displayName(customer: Pick<Customer, 'firstName' | 'lastName'>): string {
  return `${customer.firstName} ${customer.lastName}`.trim();
}

/** One line of a postal address, for labels and invoices. */
export function formatAddress(address: PostalAddress): string {
  return [address.line1, address.line2, `${address.postcode} ${address.city}`, address.country].filter(Boolean).join(', ');
}

/** True when the customer has given this consent (consent to a purpose covers the purposes under it). */
export function hasConsent(consents: ConsentList, id: string): boolean {
  return consents.some((c) => c === id || id.startsWith(`${c}.`));
}

export function isActive(customer: Customer): boolean {
  return customer.erasedAt === undefined;
}
