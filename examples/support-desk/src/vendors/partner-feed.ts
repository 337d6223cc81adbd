import { callVendor, type HttpClient } from './http-client.js';

/** The research feed we send to business partners. */
export class PartnerFeed {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async publish(dataset: string, rows: readonly object[]): Promise<void> {
    await callVendor(this.#http, 'partners', 'PUT', `https://partners.example/feeds/${dataset}`, { rows });
  }
}
