import type { IncomingMessage } from 'node:http';

/** What {@link readBody} found: the body text, or why the request cannot be answered from it. */
export type BodyResult = { text: string } | { tooLarge: true } | { notUtf8: true } | { aborted: true };

/**
 * Reads a request body of at most `limit` bytes. A larger body is read to its end and dropped (so the client
 * gets the 413 instead of a reset connection), unless it goes on past `16 × limit`, then the socket is closed.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 16) request.destroy();
    });
    // A client that hangs up mid-body gets no answer; there is no one to send it to.
    request.on('error', () => resolve({ aborted: true }));
    request.on('close', () => {
      if (!request.complete) resolve({ aborted: true });
    });
    request.on('end', () => {
      if (size > limit) return resolve({ tooLarge: true });
      try {
        resolve({ text: utf8.decode(Buffer.concat(chunks, size)) });
      } catch {
        resolve({ notUtf8: true });
      }
    });
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
