import type { Money } from '../lib/money.js';
import type { CustomerId, InvoiceId, TicketId } from '../lib/ids.js';

/**
 * Card details as the customer enters them at checkout. They go to the payment gateway and are never stored here.
 * @pledge-source user_provided
 */
export interface CardDetails {
  /** @pledge user.financial.credit_card */
  number: string;
  /** @pledge user.financial.credit_card */
  expiry: string;
  /** @pledge user.financial.credit_card */
  securityCode: string;
  /** @pledge user.name */
  holderName: string;
}

/** The gateway's reference to a card it keeps for us: no card data, only a token. */
export interface StoredCard {
  token: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'other';
  last4: string;
}

export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'refunded' | 'void';

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPrice: Money;
  ticketId?: TicketId;
}

export interface Invoice {
  id: InvoiceId;
  customerId: CustomerId;
  lines: InvoiceLine[];
  taxRatePercent: number;
  status: InvoiceStatus;
  issuedAt?: Date;
  paidAt?: Date;
  gatewayChargeId?: string;
}

/** Prices of the support plans, before tax. */
export const PLAN_PRICES = {
  pay_per_incident: { minor: 4900, currency: 'USD' },
  monthly: { minor: 1999, currency: 'USD' },
  annual: { minor: 19900, currency: 'USD' },
  business: { minor: 9900, currency: 'USD' },
} as const satisfies Record<string, Money>;

export function cardBrand(number: string): StoredCard['brand'] {
  if (number.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(number) || /^2[2-7]/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  return 'other';
}
