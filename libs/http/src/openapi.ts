import { Controller, Get, type Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { errorCodes } from './errors.js';
import { Public, PUBLIC_EXTENSION } from './public.js';

export type { OpenAPIObject };

export interface ServiceInfo {
  title: string;
  version: string;
  description?: string;
}

/** A service's API as documented: its title and version, and the controllers whose routes it serves. */
export interface DocumentedApi {
  info: ServiceInfo;
  controllers: readonly Type<unknown>[];
}

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * `EndpointsController.create` is `endpointsCreate`, `RecoverController.recover` just `recover`: unique within a
 * service, readable in a generated client.
 */
function operationId(controllerKey: string, methodKey: string): string {
  const controller = controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase());
  return controller === methodKey ? methodKey : `${controller}${methodKey.replace(/^./, (c) => c.toUpperCase())}`;
}

/** The catalogue's statuses, each documented with the one error body every service and the gateway send. */
const errorStatuses = [...new Set(Object.values(errorCodes).map((e) => e.status))].sort((a, b) => a - b);

/**
 * The OpenAPI 3.1 document of some controllers, made by @nestjs/swagger from their decorators (@ValidBody,
 * @ValidQuery, @ValidParams, @Returns, @ApiTags). The controllers are loaded alone, every dependency an empty
 * stand-in (@nestjs/testing's mocker; no handler runs): no database or broker is needed, so the same function
 * serves `GET /openapi.json` and writes the committed document (`pnpm api:client`).
 */
export async function openApiDocument({ info, controllers }: DocumentedApi): Promise<OpenAPIObject> {
  const routes = await Test.createTestingModule({ controllers: [...controllers] })
    .useMocker(() => ({}))
    .setLogger(silent)
    .compile();
  const app = routes.createNestApplication(new FastifyAdapter(), { logger: false, abortOnError: false });
  try {
    const config = new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle(info.title)
      .setVersion(info.version)
      .setDescription(info.description ?? '')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build();
    return withErrors(withNamedSchemas(SwaggerModule.createDocument(app, config, { operationIdFactory: operationId })));
  } finally {
    await app.close();
  }
}

const silent = { log() {}, error() {}, warn() {} };

/**
 * A zod schema given an id (`.meta({ id: 'Endpoint' })`) comes out of `z.toJSONSchema` as a `$ref` into the
 * `$defs` of the schema that uses it; here each such definition moves to `components.schemas`, once for the
 * whole document, and the references follow it. The generated client names its types after them.
 */
function withNamedSchemas(document: OpenAPIObject): OpenAPIObject {
  const named: Record<string, unknown> = {};
  const hoist = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) hoist(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string' && record.$ref.startsWith('#/$defs/'))
      record.$ref = record.$ref.replace('#/$defs/', '#/components/schemas/');
    const defs = record.$defs as Record<string, unknown> | undefined;
    delete record.$defs;
    for (const [id, schema] of Object.entries(defs ?? {})) {
      hoist(schema);
      if (named[id] !== undefined && JSON.stringify(named[id]) !== JSON.stringify(schema))
        throw new Error(`two different schemas are both named ${id}`);
      named[id] = schema;
    }
    Object.values(record).forEach(hoist);
  };
  hoist(document.paths);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(named as Record<string, object>) } };
  return document;
}

/**
 * Adds what every operation shares: the error responses of the catalogue (one schema, `Error`; a public
 * route can answer 401 too, a sign-in with a wrong password), and no security requirement on a @Public route.
 */
function withErrors(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Error: errorSchema };
  document.components.responses = Object.fromEntries(
    errorStatuses.map((status) => [
      `Error${status}`,
      { description: errorDescription(status), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );
  for (const path of Object.values(document.paths)) {
    for (const method of methods) {
      const operation = path[method];
      if (!operation) continue;
      const extensions = operation as unknown as Record<string, unknown>;
      if (extensions[PUBLIC_EXTENSION]) {
        operation.security = [];
        delete extensions[PUBLIC_EXTENSION];
      }
      for (const status of errorStatuses) {
        operation.responses[status] ??= { $ref: `#/components/responses/Error${status}` };
      }
    }
  }
  return document;
}

const errorDescription = (status: number) =>
  Object.entries(errorCodes)
    .filter(([, e]) => e.status === status)
    .map(([code]) => code)
    .join(', ');

const errorSchema = {
  type: 'object',
  required: ['code', 'message', 'request_id'],
  properties: {
    code: { type: 'string', enum: Object.keys(errorCodes) },
    message: { type: 'string' },
    issues: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    request_id: { type: 'string' },
  },
};

/** A controller serving a service's OpenAPI document at `GET /openapi.json` (public), built once, on first request. */
export function openApiController(api: DocumentedApi): Type<unknown> {
  let document: Promise<OpenAPIObject> | undefined;
  @Controller('openapi.json')
  class OpenApiController {
    @Public()
    @Get()
    get() {
      document ??= openApiDocument(api);
      return document;
    }
  }
  return OpenApiController;
}
