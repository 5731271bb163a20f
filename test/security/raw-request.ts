import { request as httpRequest } from 'node:http';

/** What came back, or why nothing did (`status` 0 and `dropped`: the connection closed without an answer). */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  dropped?: string;
}

export interface RawRequest {
  method: string;
  /** Sent exactly as given: no URL normalisation, so `../` and `%zz` reach the server as written. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * One HTTP request through node:http rather than fetch: fetch resolves `../` and refuses some bytes before
 * they leave, and the suite exists to send exactly those. A connection of its own each time (no agent), so a
 * socket the server closed after an earlier answer is never mistaken for a dropped request.
 */
export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        agent: false,
        method: req.method,
        path: req.path,
        headers: { ...(req.body !== undefined && { 'content-length': String(Buffer.byteLength(req.body)) }), ...req.headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            dropped: err.message,
          }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    // A server may answer (413, 431) and close before the whole body is written: the answer is what counts.
    outgoing.on('error', (err) => resolve({ status: 0, headers: {}, text: '', dropped: err.message }));
    outgoing.end(req.body);
  });
}

/** A request as an API client sends it: a bearer token when there is one, and a JSON content type with a body. */
export function apiRequest(
  baseUrl: string,
  req: { method: string; path: string; body?: string },
  token: string | undefined,
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    ...(token && { authorization: `Bearer ${token}` }),
    ...(req.body !== undefined && { 'content-type': 'application/json' }),
  };
  return rawRequest(baseUrl, { ...req, headers });
}
