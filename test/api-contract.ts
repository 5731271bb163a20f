import { createApiClient, type ApiClient } from '@ops/api-client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface DocumentedResponse {
  $ref?: string;
  content?: { 'application/json'?: { schema: unknown } };
}
export interface Document {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;
}

/** JSON Pointer escaping (RFC 6901), for a path template inside the document. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Holds every response that passes through its clients to the OpenAPI document: the status must be documented
 * for the operation, and the body valid against the schema documented for that status (ajv, JSON Schema
 * 2020-12 as OpenAPI 3.1 uses it, formats checked). Records which operations answered what, so that a test
 * can require every documented operation to have been seen succeeding.
 */
export class ContractCheck {
  readonly problems: string[] = [];
  /** `GET /api/v1/webhooks/{id}` → statuses seen. */
  readonly seen = new Map<string, Set<number>>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(private readonly document: Document) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(document as object, 'openapi');
  }

  /** A generated client for `baseUrl` whose every response is checked. */
  client(baseUrl: string, options: Parameters<typeof createApiClient>[1] = {}): ApiClient {
    const client = createApiClient(baseUrl, options);
    client.use({ onResponse: async ({ request, response, schemaPath }) => void (await this.check(request.method, schemaPath, response)) });
    return client;
  }

  /** Operations the document has that no response showed succeeding. */
  unexercised(): string[] {
    const all = Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    return all.filter((op) => ![...(this.seen.get(op) ?? [])].some((status) => status >= 200 && status < 300));
  }

  private async check(method: string, path: string, response: Response): Promise<void> {
    const key = `${method} ${path}`;
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) return void this.problems.push(`${key}: not in the document`);
    const statuses = this.seen.get(key) ?? new Set();
    this.seen.set(key, statuses.add(response.status));
    let documented: DocumentedResponse | undefined = operation.responses[String(response.status)];
    let at = `paths/${pointer(path)}/${method.toLowerCase()}/responses/${response.status}`;
    if (documented?.$ref) {
      at = documented.$ref.slice(2);
      documented = this.resolve(at);
    }
    if (!documented) return void this.problems.push(`${key}: answered ${response.status}, which is not documented`);
    const text = await response.clone().text();
    if (!documented.content?.['application/json']) {
      if (text !== '') this.problems.push(`${key} ${response.status}: a body where the document has none: ${text.slice(0, 200)}`);
      return;
    }
    const validate = this.ajv.getSchema(`openapi#/${at}/content/application~1json/schema`)!;
    if (!validate(text === '' ? undefined : JSON.parse(text)))
      this.problems.push(`${key} ${response.status}: ${this.ajv.errorsText(validate.errors)}: ${text.slice(0, 300)}`);
  }

  private resolve(at: string): DocumentedResponse | undefined {
    return at
      .split('/')
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
        this.document,
      ) as DocumentedResponse | undefined;
  }
}
