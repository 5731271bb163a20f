import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { paths, components, operations } from './schema.js';

/** A client of the platform's API (the gateway's paths), typed by the generated schema. */
export type ApiClient = Client<paths>;

/**
 * A client for the gateway at `baseUrl`, sending `token` as a bearer token when given. Responses come back as
 * `{ data, error, response }`: a documented error body is `error`, never a throw; only the network throws.
 */
export function createApiClient(baseUrl: string, options: { token?: string } & Omit<ClientOptions, 'baseUrl'> = {}): ApiClient {
  const { token, headers, ...rest } = options;
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/$/, ''),
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(headers as Record<string, string>) },
    ...rest,
  });
}
