import type { HttpClient } from './http-client.js';

/** Event properties: whatever the product team wants to count. */
export type EventProperties = Record<string, string | number | boolean | undefined | readonly string[] | object>;

let client: HttpClient | undefined;
const queue: { event: string; properties: EventProperties; at: string }[] = [];

/** The product-analytics service (a processor that counts events for us). Batches events and flushes them. */
export const analytics = {
  configure(http: HttpClient): void {
    client = http;
  },

  track(event: string, properties: EventProperties = {}): void {
    queue.push({ event, properties, at: new Date().toISOString() });
    if (queue.length >= 50) void analytics.flush();
  },

  async flush(): Promise<number> {
    if (!client || queue.length === 0) return 0;
    const batch = queue.splice(0, queue.length);
    await client.request('POST', 'https://events.analytics.example/batch', { batch });
    return batch.length;
  },

  pending(): number {
    return queue.length;
  },
};
