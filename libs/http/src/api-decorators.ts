import { Body, HttpCode, Param, Query, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { z } from 'zod';
import { openApiSchema } from './api-schema.js';
import { ZodPipe } from './zod-pipe.js';

/*
 * Each request schema is written once, in zod, and used twice: by the pipe that validates the request (a 400
 * naming each bad field) and by @nestjs/swagger for the document. Response schemas likewise: @Returns puts
 * them in the document, and test/api-contract.e2e.spec.ts holds every real response to them.
 */

/** Applies a method decorator from a parameter decorator: the parameter's route is the method. */
function onMethod(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  if (key === undefined) throw new Error('a request schema decorates a route handler parameter');
  decorator(target, key, Object.getOwnPropertyDescriptor(target, key)!);
}

type ObjectJson = { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/** The body, validated by `schema` and documented as the JSON request body. */
export function ValidBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema))(target, key, index);
    onMethod(target, key, ApiBody({ schema: openApiSchema(schema, 'input') }));
  };
}

/** The query string, validated by an object schema and documented as one parameter per field. */
export function ValidQuery(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema))(target, key, index);
    const json = openApiSchema(schema, 'input') as ObjectJson;
    for (const [name, field] of Object.entries(json.properties ?? {})) {
      onMethod(target, key, ApiQuery({ name, required: (json.required ?? []).includes(name), schema: field, ...description(field) }));
    }
  };
}

/** The path parameters, validated by an object schema and documented one by one. */
export function ValidParams(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Param(new ZodPipe(schema))(target, key, index);
    const json = openApiSchema(schema, 'input') as ObjectJson;
    for (const [name, field] of Object.entries(json.properties ?? {}))
      onMethod(target, key, ApiParam({ name, schema: field, ...description(field) }));
  };
}

const description = (field: Record<string, unknown>) => (typeof field.description === 'string' ? { description: field.description } : {});

/**
 * The success response: its status, which Nest then answers with, and unless it has no body the zod schema
 * of its JSON body.
 */
export function Returns(status: number, schema?: z.ZodType, description = statusText(status)): MethodDecorator {
  const documented = ApiResponse({ status, description, ...(schema && { schema: openApiSchema(schema, 'output') }) });
  return applyDecorators(HttpCode(status), documented);
}

function statusText(status: number): string {
  return { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content' }[status] ?? String(status);
}
