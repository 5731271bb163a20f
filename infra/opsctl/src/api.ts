import { createApiClient, type ApiClient } from '@ops/api-client';

/** An API error as the platform renders it (`{code, message}`), or the gateway not answering at all. */
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

export type { ApiClient };

/** The generated client for the gateway at `baseUrl`. */
export const apiClient = (baseUrl: string, token: string | undefined): ApiClient => createApiClient(baseUrl, { token });

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The body of a successful call; any other answer thrown as an ApiCallError with the platform's code and
 * message, so that every command reports failures the same way.
 */
export async function call<T>(request: Promise<Result<T>>, baseUrl = 'the gateway'): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch (err) {
    throw new ApiCallError(0, 'OPS_ERR_UNREACHABLE', `${baseUrl} does not answer: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!result.response.ok) {
    const error = (result.error ?? {}) as { code?: unknown; message?: unknown };
    throw new ApiCallError(
      result.response.status,
      String(error.code ?? result.response.status),
      String(error.message ?? result.response.statusText),
    );
  }
  return result.data as T;
}
