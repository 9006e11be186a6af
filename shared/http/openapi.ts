/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (zod's own JSON Schema output), with the routes taken from the manifest.
 */

import * as z from 'zod';
import { FUNCTIONS } from '#functions/manifest.ts';
import { caseActionBodySchema, openCaseBodySchema } from '../domain/after-sales.ts';
import { invoiceSchema, invoicingSchema, paymentSchema, periodSchema } from '../domain/billing.ts';
import {
  customerEditSchema,
  mergeSchema,
  newCustomerSchema,
  newProductSchema,
  priceChangeSchema,
  productEditSchema,
  stockMovementSchema,
} from '../domain/master-data.ts';
import {
  CHANGE_STATUSES,
  changeBodySchema,
  changeDecisionSchema,
  customerChangeSchema,
} from '../domain/order-change.ts';
import {
  cancelBodySchema,
  deliverAllBodySchema,
  deliverShipmentBodySchema,
  evidenceBodySchema,
  exceptionBodySchema,
  exceptionViewSchema,
  noteBodySchema,
  productionStartBodySchema,
  resumeBodySchema,
  shipmentBodySchema,
  shipmentViewSchema,
  versionBodySchema,
} from '../domain/order-life-schemas.ts';
import { DEFAULT_PAGE, MAX_PAGE } from '../domain/order-list.ts';
import { orderCreatedSchema, orderInputSchema, orderViewSchema } from '../domain/order-schema.ts';
import {
  customerAnswerSchema,
  QUOTATION_STATUSES,
  quotationInputSchema,
  specialOpinionSchema,
} from '../domain/quotation.ts';
import { assignBodySchema } from '../domain/request-schemas.ts';
import { shipmentSchema } from '../domain/rush-schemas.ts';
import { newStaffUserSchema } from '../domain/staff-user-schemas.ts';
import { ORDER_STATUSES } from '../domain/status.ts';
import { uploadGrantSchema, uploadUrlSchema } from '../domain/upload-file.ts';
import { decisionBodySchema } from '../domain/workflow-schemas.ts';

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
  /** R-FIN-2: fen; only for finance, ops, sales and gm (GET /api/orders/{id}). */
  billing: z
    .object({
      delivered: z.number().int(),
      invoiced: z.number().int(),
      paid: z.number().int(),
      refunded: z.number().int(),
      outstanding: z.number().int(),
    })
    .optional(),
  /** R-PROC-6: every version of the content; `version` is the write version (409s answer it). */
  versions: z.array(
    z.object({
      version: z.number().int(),
      at: z.string(),
      changeId: z.string().nullable(),
      items: z.array(z.record(z.string(), z.unknown())),
      totalAmount: z.number().int(),
      requestedDate: z.string(),
    }),
  ),
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
  // R-INTAKE-7: the signed fax or the customer's email a staff-entered order rests on.
  'POST /api/orders/{id}/evidence': evidenceBodySchema,
  'POST /api/staff-users': newStaffUserSchema,
  // R-PROC-6, R-CHG-1..3: change requests; the upload takes the file itself as the body.
  'POST /api/orders/{id}/changes': changeBodySchema,
  'POST /api/orders/{id}/changes/{changeId}/decision': changeDecisionSchema,
  'POST /api/track/{token}/changes': customerChangeSchema,
  // R-CHG-1: a file too large for the API gets a presigned PUT URL.
  'POST /api/uploads/url': uploadUrlSchema,
  // Master data (R-MASTER-1..3); imports take the file itself as the body.
  'POST /api/products': newProductSchema,
  'PUT /api/products/{sku}': productEditSchema,
  'PUT /api/products/{sku}/price': priceChangeSchema,
  'POST /api/products/{sku}/stock': stockMovementSchema,
  'POST /api/customers': newCustomerSchema,
  // Quotations (R-QUOTE-1..3).
  'POST /api/quotations': quotationInputSchema,
  'PUT /api/quotations/{id}': quotationInputSchema,
  'POST /api/quotations/{id}/withdraw': z.object({ reason: z.string().max(1000).optional() }),
  'POST /api/quotations/{id}/revise': z.object({}).strict(),
  'POST /api/quotations/{id}/decision': decisionBodySchema,
  'POST /quotation-links/{token}': customerAnswerSchema,
  'POST /api/quotations/{id}/special-review': specialOpinionSchema,
  // R-SPEC-1: the same opinion on an order entered directly.
  'POST /api/orders/{id}/special-review': specialOpinionSchema,
  'PUT /api/customers/{key}': customerEditSchema,
  'POST /api/customers/{key}/merge': mergeSchema,
  // Billing (R-FIN-1..3).
  'PUT /api/customers/{key}/invoicing': invoicingSchema,
  'POST /api/orders/{id}/invoices': invoiceSchema,
  'POST /api/customers/{key}/payments': paymentSchema,
  'POST /api/customers/{key}/statement/send': periodSchema,
};
const ROUTE_RESPONSES: Record<string, [number, z.ZodType]> = {
  '/api/orders/{id}/shipments': [201, shipmentViewSchema],
  '/api/uploads': [201, z.object({ uploadId: z.string() })],
  '/api/uploads/url': [201, uploadGrantSchema],
  '/api/track/{token}/changes': [202, z.object({ changeId: z.string(), status: z.enum(CHANGE_STATUSES) })],
};
/** The order list's entries and page (R-PROC-7). */
const orderListEntrySchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  status: z.enum(ORDER_STATUSES),
  priority: z.string(),
  channel: z.string(),
  customerName: z.string(),
  company: z.string().optional(),
  totalAmount: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
  assignee: z.string().optional(),
});
const orderListPageSchema = z.object({
  items: z.array(orderListEntrySchema),
  counts: z.record(z.string(), z.number().int()).describe('per status, for the filters other than status'),
  countsExact: z.boolean().optional(),
  nextCursor: z.string().optional(),
});
const myWorkSchema = z.object({
  groups: z.array(
    z.object({
      role: z.string(),
      key: z.string(),
      total: z.number().int(),
      items: z.array(orderListEntrySchema),
    }),
  ),
});

/** Query parameters of GET routes, by function: name → [description, schema]. */
const LIST_FILTERS: Record<string, [string, Record<string, unknown>]> = {
  q: [
    'prefix of the order number, customer name, company, phone or email',
    { type: 'string', maxLength: 100 },
  ],
  status: ['one status', { type: 'string', enum: [...ORDER_STATUSES] }],
  priority: ['normal, important or urgent', { type: 'string' }],
  channel: ['web, email, phone, fax or api', { type: 'string' }],
  assignee: ['the assignee’s email', { type: 'string' }],
  from: ['first Beijing day of receipt, YYYY-MM-DD', { type: 'string', format: 'date' }],
  to: ['last Beijing day of receipt, YYYY-MM-DD', { type: 'string', format: 'date' }],
};
const QUERY_PARAMS: Record<string, Record<string, [string, Record<string, unknown>]>> = {
  'list-orders': {
    ...LIST_FILTERS,
    limit: [`page size, default ${DEFAULT_PAGE}`, { type: 'integer', minimum: 1, maximum: MAX_PAGE }],
    cursor: ['the nextCursor of the previous page (signed; bound to the filters)', { type: 'string' }],
  },
  'export-orders': {
    ...LIST_FILTERS,
    format: ['csv (default) or xlsx', { type: 'string', enum: ['csv', 'xlsx'] }],
  },
  'GET /api/quotations/report': {
    from: ['first Beijing day (default 29 days before to)', { type: 'string', format: 'date' }],
    to: ['last Beijing day (default today)', { type: 'string', format: 'date' }],
  },
  'GET /api/quotations': {
    q: ['search text: number, customer, products', { type: 'string' }],
    status: ['a quotation status', { type: 'string', enum: [...QUOTATION_STATUSES] }],
    cursor: ['the nextCursor of the previous page', { type: 'string' }],
  },
  billing: {
    from: ['statement: first day, YYYY-MM-DD', { type: 'string', format: 'date' }],
    to: ['statement: last day, YYYY-MM-DD', { type: 'string', format: 'date' }],
    format: [
      'statement: json (default), csv, xlsx or html (print-ready)',
      { type: 'string', enum: ['json', 'csv', 'xlsx', 'html'] },
    ],
  },
  'list-my-work': { limit: ['orders per group, default 20', { type: 'integer', minimum: 1, maximum: 100 }] },
};

const RESPONSES: Record<string, [number, z.ZodType]> = {
  'list-orders': [200, orderListPageSchema],
  'list-my-work': [200, myWorkSchema],
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
      const params: Record<string, unknown>[] = [...t.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      if (t.method === 'GET') {
        for (const [name, [description, type]] of Object.entries(
          QUERY_PARAMS[`${t.method} ${t.path}`] ?? QUERY_PARAMS[spec.name] ?? {},
        )) {
          params.push({ name, in: 'query', required: false, description, schema: type });
        }
      }
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
