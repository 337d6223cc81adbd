import { VendorError } from '../lib/retry.js';

/** What the vendor clients need from HTTP: one JSON request at a time. The app wires in the runtime's fetch. */
export interface HttpClient {
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse>;
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** Sends a JSON request and returns the parsed body; non-2xx answers become a VendorError. */
export async function callVendor<T>(
  http: HttpClient,
  vendor: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await http.request(method, url, body, { 'content-type': 'application/json', ...headers });
  if (response.status < 200 || response.status > 299) {
    const message = typeof response.body === 'object' && response.body !== null && 'message' in response.body ? String(response.body.message) : 'request failed';
    throw new VendorError(vendor, response.status, message);
  }
  return response.body as T;
}

/** A client that answers every request with the same response; the in-memory setup and tests use it. */
export function cannedHttp(status = 200, body: unknown = {}): HttpClient & { sent: { method: string; url: string; body: unknown }[] } {
  const sent: { method: string; url: string; body: unknown }[] = [];
  return {
    sent,
    async request(method, url, requestBody) {
      sent.push({ method, url, body: requestBody });
      return { status, body };
    },
  };
}
