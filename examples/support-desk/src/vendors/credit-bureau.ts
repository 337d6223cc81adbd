import { callVendor, type HttpClient } from './http-client.js';

export interface CreditInquiry {
  fullName: string;
  postcode: string;
  addressLine: string;
}

/**
 * A credit report as the bureau returns it.
 * @pledge user.financial.credit_report
 * @pledge-source third_party_source
 */
export interface CreditReport {
  score: number;
  band: 'poor' | 'fair' | 'good' | 'excellent';
  openAccounts: number;
}

/** The credit reporting agency we ask before extending monthly billing. */
export class CreditBureau {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async requestReport(inquiry: CreditInquiry): Promise<CreditReport> {
    return callVendor<CreditReport>(this.#http, 'bureau', 'POST', 'https://bureau.example/v2/reports', inquiry);
  }
}
