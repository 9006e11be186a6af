/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (zod's own JSON Schema output), with the routes taken from the manifest.
 */
import * as z from 'zod';
import { FUNCTIONS } from '#functions/manifest.ts';
import { caseActionBodySchema, openCaseBodySchema } from '../domain/after-sales.ts';
import { orderCreatedSchema, orderInputSchema, orderViewSchema } from '../domain/order-schema.ts';
import { assignBodySchema } from '../domain/request-schemas.ts';
import { newStaffUserSchema } from '../domain/staff-user-schemas.ts';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string' },
    issues: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const REQUEST_BODIES: Record<string, z.ZodType> = {
  'create-order': orderInputSchema,
  'assign-order': assignBodySchema,
  'open-case': openCaseBodySchema,
  'act-on-case': caseActionBodySchema,
};
/** Bodies of one route of a function whose other routes take none. */
const ROUTE_BODIES: Record<string, z.ZodType> = {
  'POST /api/staff-users': newStaffUserSchema,
};
const RESPONSES: Record<string, [number, z.ZodType]> = {
  'create-order': [201, orderCreatedSchema],
  'get-order': [200, orderViewSchema],
  'assign-order': [200, orderViewSchema],
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of FUNCTIONS) {
    for (const t of spec.triggers) {
      if (t.kind !== 'http') continue;
      const request = ROUTE_BODIES[`${t.method} ${t.path}`] ?? REQUEST_BODIES[spec.name];
      const response = RESPONSES[spec.name];
      const params = [...t.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      paths[t.path] ??= {};
      paths[t.path]![t.method.toLowerCase()] = {
        operationId: spec.name,
        summary: spec.description,
        ...(t.access.kind === 'staff' ? { security: [{ bearer: [] }], 'x-roles': t.access.roles } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(request
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: schema(request, 'input') } },
              },
            }
          : {}),
        responses: {
          [response?.[0] ?? 200]: {
            description: 'OK',
            ...(response ? { content: { 'application/json': { schema: schema(response[1]) } } } : {}),
          },
          '400': {
            description: 'Invalid input, field by field',
            content: { 'application/json': { schema: errorSchema } },
          },
          ...(t.access.kind === 'public'
            ? {}
            : { '401': { description: 'Not signed in' }, '403': { description: 'Role may not' } }),
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Order desk API',
      version: '1.0.0',
      description: 'Orders, queue and tracking. Money in cents (CNY).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
