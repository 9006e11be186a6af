/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (zod's own JSON Schema output), with the routes taken from the manifest.
 */
import * as z from 'zod';
import { FUNCTIONS } from '#functions/manifest.ts';
import { caseActionBodySchema, openCaseBodySchema } from '../domain/after-sales.ts';
import {
  cancelBodySchema,
  deliverAllBodySchema,
  deliverShipmentBodySchema,
  exceptionBodySchema,
  exceptionViewSchema,
  noteBodySchema,
  productionStartBodySchema,
  resumeBodySchema,
  shipmentBodySchema,
  shipmentViewSchema,
  versionBodySchema,
} from '../domain/order-life-schemas.ts';
import { orderCreatedSchema, orderInputSchema, orderViewSchema } from '../domain/order-schema.ts';
import { assignBodySchema } from '../domain/request-schemas.ts';
import { shipmentSchema } from '../domain/rush-schemas.ts';
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

/** The order view with what happens after approval (R-PROD-1, R-TRACK-2, R-TRACK-3). */
const orderLifeViewSchema = orderViewSchema.extend({
  production: z
    .object({
      plannedCompletionDate: z.string().optional(),
      startedAt: z.string().optional(),
      startedBy: z.string().optional(),
      finishedAt: z.string().optional(),
      finishedBy: z.string().optional(),
    })
    .optional(),
  shipments: z.array(shipmentViewSchema).optional(),
  exceptions: z.array(exceptionViewSchema).optional(),
});

/** R-PROC-7: a refused step answers the order's current status. */
const conflictSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, status: { type: 'string' } },
};

const REQUEST_BODIES: Record<string, z.ZodType> = {
  'create-order': orderInputSchema,
  'assign-order': assignBodySchema,
  'open-case': openCaseBodySchema,
  'act-on-case': caseActionBodySchema,
  'complete-order': versionBodySchema,
  'resume-order': resumeBodySchema,
  'cancel-held-order': cancelBodySchema,
  'report-exception': exceptionBodySchema,
  'add-note': noteBodySchema,
};
/** Functions whose routes take different bodies: by route path. */
const ROUTE_BODIES: Record<string, z.ZodType> = {
  'POST /api/orders/{id}/production/start': productionStartBodySchema,
  'POST /api/orders/{id}/production/finish': versionBodySchema,
  'POST /api/orders/{id}/shipments': shipmentBodySchema,
  'POST /api/orders/{id}/shipments/{shipmentId}/deliver': deliverShipmentBodySchema,
  'POST /api/orders/{id}/ship': shipmentSchema,
  'POST /api/orders/{id}/deliver': deliverAllBodySchema,
  'POST /api/staff-users': newStaffUserSchema,
};
const ROUTE_RESPONSES: Record<string, [number, z.ZodType]> = {
  '/api/orders/{id}/shipments': [201, shipmentViewSchema],
};
const RESPONSES: Record<string, [number, z.ZodType]> = {
  'create-order': [201, orderCreatedSchema],
  'get-order': [200, orderLifeViewSchema],
  'assign-order': [200, orderLifeViewSchema],
  'order-production': [200, orderLifeViewSchema],
  'record-shipment': [200, orderLifeViewSchema],
  'ship-order': [200, orderLifeViewSchema],
  'complete-order': [200, orderLifeViewSchema],
  'resume-order': [200, orderLifeViewSchema],
  'cancel-held-order': [200, orderLifeViewSchema],
  'report-exception': [201, exceptionViewSchema],
  'add-note': [201, orderLifeViewSchema],
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of FUNCTIONS) {
    for (const t of spec.triggers) {
      if (t.kind !== 'http') continue;
      const request = ROUTE_BODIES[`${t.method} ${t.path}`] ?? REQUEST_BODIES[spec.name];
      const response = ROUTE_RESPONSES[t.path] ?? RESPONSES[spec.name];
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
          ...(t.method === 'POST' && t.access.kind === 'staff'
            ? {
                '409': {
                  description: 'The order is not in a status that allows this, or changed since it was read',
                  content: { 'application/json': { schema: conflictSchema } },
                },
              }
            : {}),
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
