import { isActive, type Customer } from '../domain/customer.js';

/** Customers on a plan who have been with us at least `months` months: the lookalike seed for ad campaigns. */
export function loyalCustomers(customers: readonly Customer[], months: number, now: Date): Customer[] {
  const cutoff = new Date(now.getTime() - months * 30 * 24 * 60 * 60 * 1000);
  return customers.filter((c) => isActive(c) && c.createdAt <= cutoff && c.plan !== 'pay_per_incident');
}

/** The email addresses of a list of customers, normalised the way ad networks match them. */
export function matchKeys(customers: readonly Customer[]): string[] {
  return customers.map((c) => c.email.trim().toLowerCase());
}
