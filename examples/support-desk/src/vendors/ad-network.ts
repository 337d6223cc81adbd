import { callVendor, type HttpClient } from './http-client.js';

/** An advertising network's "customer match" API: uploads a list of people to target with ads. */
export class AdNetwork {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async uploadAudience(audience: string, members: readonly string[]): Promise<{ matched: number }> {
    return callVendor(this.#http, 'ads', 'POST', `https://ads.example/audiences/${encodeURIComponent(audience)}/members`, { members });
  }
}
