import { callVendor, type HttpClient } from './http-client.js';

export interface FraudSignals {
  name: string;
  email: string;
  phone?: string;
  postcode?: string;
  orderValueMinor: number;
}

/** A fraud-scoring service working for us: it answers how risky an order looks. */
export class FraudScreen {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async score(signals: FraudSignals): Promise<{ risk: number; reasons: string[] }> {
    return callVendor(this.#http, 'fraud', 'POST', 'https://fraud.example/score', signals);
  }
}
