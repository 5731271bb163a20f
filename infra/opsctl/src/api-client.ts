/** An API error as the platform renders it: `{code, message}`. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** The platform's API as the CLI uses it: JSON in and out, errors thrown with the platform's code and message. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new ApiCallError(0, 'OPS_ERR_UNREACHABLE', `${this.baseUrl} does not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    if (!res.ok) throw new ApiCallError(res.status, String(parsed?.code ?? res.status), String(parsed?.message ?? res.statusText));
    return parsed as T;
  }
}
