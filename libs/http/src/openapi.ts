import { Controller, Get, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { z } from 'zod';
import { errorCodes } from './errors.js';
import { Public, PUBLIC_ROUTE } from './public.js';
import { ZodPipe } from './zod-pipe.js';

/** One route as the controllers declare it: what the document is made of, and what tests can walk. */
export interface RouteDescription {
  method: string;
  /** OpenAPI style: `/api/v1/webhooks/{id}`. */
  path: string;
  public: boolean;
  body: z.ZodType | undefined;
  query: z.ZodType | undefined;
  params: z.ZodType | undefined;
}

const methods: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const join = (...parts: string[]) => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The HTTP routes of some controllers, read from the decorators Nest itself routes by: the path and method,
 * @Public, and the zod schema of each body, query and params pipe. Nothing is declared twice, so the
 * document cannot drift from the code.
 */
export function describeRoutes(controllers: readonly Type<unknown>[]): RouteDescription[] {
  const routes: RouteDescription[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = methods[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (!method || path === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { pipes?: unknown[] }>;
      const schemaOf = (type: RouteParamtypes) => {
        const arg = Object.entries(args).find(([key]) => Number(key.split(':')[0]) === type)?.[1];
        const pipe = arg?.pipes?.find((p): p is ZodPipe<z.ZodType> => p instanceof ZodPipe);
        return pipe?.schema;
      };
      routes.push({
        method,
        path: join(base, path),
        public: Reflect.getMetadata(PUBLIC_ROUTE, handler) === true || Reflect.getMetadata(PUBLIC_ROUTE, controller) === true,
        body: schemaOf(RouteParamtypes.BODY),
        query: schemaOf(RouteParamtypes.QUERY),
        params: schemaOf(RouteParamtypes.PARAM),
      });
    }
  }
  return routes;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** Turns an object schema (query or params) into OpenAPI parameters. */
function parameters(schema: z.ZodType | undefined, location: 'query' | 'path') {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: s }));
}

/** An OpenAPI 3.1 document for a service, from its controllers. */
export function openApiDocument(info: { title: string; version: string; description?: string }, controllers: readonly Type<unknown>[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of describeRoutes(controllers)) {
    const error = { description: 'an error from the catalogue', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      ...(route.public ? { security: [] } : {}),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }),
      responses: { '2XX': { description: 'success (see docs/api.md)' }, '4XX': error, '5XX': error },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message', 'request_id'],
          properties: {
            code: { type: 'string', enum: Object.keys(errorCodes) },
            message: { type: 'string' },
            issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
            request_id: { type: 'string' },
          },
        },
      },
    },
    security: [{ bearer: [] }],
  };
}

/** A controller serving a service's OpenAPI document at `GET /openapi.json` (public), built once from `controllers`. */
export function openApiController(info: { title: string; version: string; description?: string }, controllers: readonly Type<unknown>[]): Type<unknown> {
  let document: ReturnType<typeof openApiDocument> | undefined;
  @Controller('openapi.json')
  class OpenApiController {
    @Public()
    @Get()
    get() {
      document ??= openApiDocument(info, controllers);
      return document;
    }
  }
  return OpenApiController;
}
