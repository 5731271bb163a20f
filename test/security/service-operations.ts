import type { Platform } from '@ops/local';

/** A JSON Schema as zod writes it into the OpenAPI documents (the subset the fuzzer understands). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of one service, as its `GET /openapi.json` documents it. */
export interface Operation {
  service: string;
  /** The service's own address; the gateway serves the same paths. */
  baseUrl: string;
  method: string;
  /** OpenAPI style: `/api/v1/webhooks/{id}`. */
  path: string;
  public: boolean;
  parameters: Parameter[];
  body: JsonSchema | undefined;
}

interface OpenApiOperation {
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

/** The services behind the gateway, by name. */
export function serviceUrls(platform: Platform): Record<string, string> {
  const { user, org, subscription, device, webhook } = platform;
  return { user: user.url, org: org.url, subscription: subscription.url, device: device.url, webhook: webhook.url };
}

/** Every operation every service documents. */
export async function serviceOperations(platform: Platform): Promise<Operation[]> {
  const all: Operation[] = [];
  for (const [service, baseUrl] of Object.entries(serviceUrls(platform))) {
    const res = await fetch(`${baseUrl}/openapi.json`);
    const document = (await res.json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
    for (const [path, byMethod] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(byMethod)) {
        all.push({
          service,
          baseUrl,
          method: method.toUpperCase(),
          path,
          public: Array.isArray(op.security) && op.security.length === 0,
          parameters: op.parameters ?? [],
          body: op.requestBody?.content['application/json'].schema,
        });
      }
    }
  }
  return all;
}

/** `GET /api/v1/webhooks/{id}`: how the tables and failure lists name an operation. */
export const operationKey = (op: { method: string; path: string }) => `${op.method} ${op.path}`;

/** The path with each `{name}` replaced by its value, percent-encoded. */
export const fillPath = (path: string, values: Record<string, string>) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(values[name]);
  });
