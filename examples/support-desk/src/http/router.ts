/** A request as the HTTP server hands it over: already parsed, body as JSON or form fields. */
export interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The client's address, as the load balancer reports it. */
  remoteAddress: string;
  /** Set by the session middleware for signed-in customers. */
  customerId?: string;
}

export interface Response {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: Request, params: Record<string, string>) => Promise<Response>;

interface Route {
  method: Request['method'];
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** Routes `/tickets/:id`-style paths to handlers. */
export class Router {
  readonly #routes: Route[] = [];

  on(method: Request['method'], path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/\/:([a-zA-Z]+)/g, (_, key: string) => {
        keys.push(key);
        return '/([^/]+)';
      })}/?$`,
    );
    this.#routes.push({ method, pattern, keys, handler });
    return this;
  }

  async handle(request: Request): Promise<Response> {
    for (const route of this.#routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(match[i + 1] ?? '');
      });
      try {
        return await route.handler(request, params);
      } catch (error) {
        return { status: 500, body: { error: 'internal', message: error instanceof Error ? error.message : String(error) } };
      }
    }
    return { status: 404, body: { error: 'not_found' } };
  }
}

/** Maps a service result to an HTTP response. */
export function respond<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: Record<string, string> } }, created = false): Response {
  if (result.ok) return { status: created ? 201 : 200, body: result.value };
  const status = { not_found: 404, invalid: 422, denied: 403, conflict: 409, unavailable: 503 }[result.error.code] ?? 400;
  return { status, body: { error: result.error.code, message: result.error.message, details: result.error.details } };
}
