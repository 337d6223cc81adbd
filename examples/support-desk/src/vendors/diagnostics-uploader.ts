import { callVendor, type HttpClient } from './http-client.js';

/** Sends diagnostic data to the IT tooling vendor whose analysis engine explains crashes and disk faults. */
export class DiagnosticsUploader {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async upload(caseReference: string, payload: object): Promise<{ analysisId: string }> {
    return callVendor(this.#http, 'diag', 'POST', `https://diag-tools.example/cases/${caseReference}`, payload);
  }
}
