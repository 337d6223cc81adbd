import type { Money } from '../lib/money.js';
import type { CardDetails, StoredCard } from '../domain/payment.js';
import { callVendor, type HttpClient } from './http-client.js';

/** Who pays, as the gateway's fraud checks want it. */
export interface Payer {
  name: string;
  email: string;
  postcode?: string;
}

export interface ChargeResult {
  chargeId: string;
  status: 'succeeded' | 'declined' | 'requires_action';
  declineCode?: string;
}

/** Client of the card payment gateway (a payment processor acting for us). */
export class PaymentGateway {
  readonly #http: HttpClient;
  readonly #apiKey: string;

  constructor(http: HttpClient, apiKey: string) {
    this.#http = http;
    this.#apiKey = apiKey;
  }

  /** Charges a card entered at checkout. */
  async charge(card: CardDetails, amount: Money, payer: Payer, reference: string): Promise<ChargeResult> {
    return callVendor<ChargeResult>(
      this.#http,
      'gateway',
      'POST',
      'https://gateway.example/v1/charges',
      { card, amount: amount.minor, currency: amount.currency, payer, reference },
      this.#auth(),
    );
  }

  /** Stores a card with the gateway for later charges; we keep only the token. */
  async storeCard(card: CardDetails, payer: Payer): Promise<StoredCard> {
    return callVendor<StoredCard>(this.#http, 'gateway', 'POST', 'https://gateway.example/v1/cards', { card, payer }, this.#auth());
  }

  /** Charges a stored card by token. */
  async chargeStored(token: string, amount: Money, reference: string): Promise<ChargeResult> {
    return callVendor<ChargeResult>(
      this.#http,
      'gateway',
      'POST',
      'https://gateway.example/v1/charges',
      { token, amount: amount.minor, currency: amount.currency, reference },
      this.#auth(),
    );
  }

  async refund(chargeId: string, amount: Money): Promise<{ refundId: string }> {
    return callVendor(this.#http, 'gateway', 'POST', `https://gateway.example/v1/charges/${chargeId}/refunds`, { amount: amount.minor }, this.#auth());
  }

  #auth(): Record<string, string> {
    return { authorization: `Bearer ${this.#apiKey}` };
  }
}
