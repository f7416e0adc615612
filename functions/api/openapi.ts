import * as z from 'zod';
import type { ZodType } from 'zod';
import '#shared/schemas/common';
import { allRoutes, type RouteSpec } from './routes.ts';

const ERRORS: Record<string, string> = {
  '400': 'Invalid input; details name each field path',
  '401': 'No token, or one that is forged or expired (the same error shape as every other error)',
  '403': 'Not allowed for this role or council, or not a member of this agency',
  '404': 'Unknown agency, year or record',
  '409': 'Version conflict or duplicate',
  '422': 'A rule of the funding protocol refuses it',
};

/** Which of the errors a route can answer: no 401/403 on a public route, 415 only where a body is taken. */
function errorsOf(route: RouteSpec): Record<string, string> {
  const { '401': unauthenticated, '403': forbidden, ...rest } = ERRORS;
  return {
    ...rest,
    ...(route.public ? {} : { '401': unauthenticated!, '403': forbidden! }),
    ...(route.body ? { '415': `A body in another media type than ${route.csv ? 'application/json or text/csv' : 'application/json'}` } : {}),
  };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of allRoutes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Regional Adoption Agency contract API', version: '1.0.0', description: 'Apportionment, placements, tolerances, reconciliation and quarterly reporting. Money is integer pence.' },
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token: sub, cognito:groups, custom:agency (roles hold in that agency only), custom:council' } },
      schemas: namedSchemas(),
    },
    paths,
  };
}

function operation(route: RouteSpec): Record<string, unknown> {
  const parameters = [
    ...objectFields(route.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
    ...objectFields(route.query).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
    ...(route.headers ?? []).map((name) => ({ name, in: 'header', required: name === 'Idempotency-Key', schema: { type: 'string' } })),
  ];
  const success = String(route.successStatus ?? 200);
  return {
    operationId: route.handler,
    summary: route.summary,
    description: `Who: ${route.who}`,
    ...(route.public ? { security: [] } : { security: [{ cognito: [] }] }),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) }, ...(route.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}) } } }
      : {}),
    responses: {
      [success]: {
        description: 'OK',
        ...(route.response ? { content: { 'application/json': { schema: jsonSchema(route.response) } } } : route.produces ? { content: { [route.produces]: { schema: { type: 'string' } } } } : {}),
      },
      ...Object.fromEntries(Object.entries(errorsOf(route)).map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }])),
    },
  };
}

function objectFields(schema: ZodType | undefined): [string, unknown][] {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown> };
  return Object.entries(json.properties ?? {});
}

const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

/** Every schema given an id with `.meta({ id })` becomes a named component. */
function namedSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: COMPONENT_REF, io: 'input', unrepresentable: 'any' });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema)]));
}

function jsonSchema(schema: ZodType): unknown {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: COMPONENT_REF(id) };
  return withoutDialect(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
}

function withoutDialect(schema: object): object {
  const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}
