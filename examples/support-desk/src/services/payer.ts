import { displayName, type Customer } from '../domain/customer.js';
import type { Payer } from '../vendors/payment-gateway.js';

/** What the payment gateway's own fraud checks need to know about who pays. */
export function payerOf(customer: Customer): Payer {
  const payer: Payer = { name: displayName(customer), email: customer.email };
  if (customer.postalAddress) payer.postcode = customer.postalAddress.postcode;
  return payer;
}
