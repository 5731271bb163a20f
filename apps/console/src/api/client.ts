import createClient from 'openapi-fetch';
import { sessionStore } from '../session/session.js';

/**
 * The one way the pages reach the API: openapi-fetch against the gateway that served the console (same
 * origin). Untyped by paths for now; the generated client's `paths` type plugs in here.
 */
const client = createClient<Record<string, never>>({ baseUrl: '' });

client.use({
  onRequest({ request }) {
    const session = sessionStore.get();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
});

/** The API's error body: `{code, message}`, with the HTTP status. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export async function call<T>(method: Method, path: string, options: CallOptions = {}): Promise<T> {
  const query = options.query && Object.fromEntries(Object.entries(options.query).filter(([, v]) => v !== undefined && v !== ''));
  const send = client[method] as (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const { data, error, response } = await send(path, { params: { query }, body: options.body });
  if (error !== undefined || !response.ok) {
    const body = (error ?? {}) as { code?: string; message?: string };
    // The token ran out or was revoked: back to sign-in (or the portal's expired page).
    if (response.status === 401) sessionStore.end();
    throw new ApiFailure(response.status, body.code ?? 'OPS_ERR_HTTP', body.message ?? `HTTP ${response.status}`);
  }
  return data as T;
}
