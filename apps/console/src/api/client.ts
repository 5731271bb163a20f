import { createApiClient } from '@ops/api-client';
import { sessionStore } from '../session/session.js';

/**
 * The one way the pages reach the API: the generated client (@ops/api-client, openapi-fetch typed by the
 * platform's OpenAPI document) against the gateway that served the console (same origin).
 */
export const api = createApiClient('');

api.use({
  onRequest({ request }) {
    const session = sessionStore.get();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
});

/** The API's error body: `{code, message}`, with the HTTP status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The body of a documented success, or an ApiFailure carrying the documented error. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const body = (error ?? {}) as { code?: string; message?: string };
    // The token ran out or was revoked: back to sign-in (or the portal's expired page).
    if (response.status === 401) sessionStore.end();
    throw new ApiFailure(response.status, body.code ?? 'OPS_ERR_HTTP', body.message ?? `HTTP ${response.status}`);
  }
  return data as T;
}
