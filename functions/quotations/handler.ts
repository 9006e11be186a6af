/**
 * Quotations (R-QUOTE-1..3), one function for their routes (the stateless stack stays under
 * CloudFormation's 500 resources): sales create, edit, submit and withdraw them; approvers decide
 * in the console as on orders; the customer answers the emailed link (GET shows the quotation,
 * POST accepts or declines it, once). Each route has its own roles in the manifest.
 * The special-requirement review (R-SPEC-1) of quotations and of orders entered directly is here
 * too: one review, two subjects.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { currentCalendar } from '#shared/adapters/calendar-source.ts';
import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import {
  approvalSubjectStore,
  catalogueStore,
  orderStore,
  quotationStore,
  specialReviewQueue,
} from '#shared/adapters/deps.ts';
import { dynamoApprovalStore } from '#shared/adapters/dynamo-approval-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import {
  mailFrom,
  ownCompany,
  specialReviewQualityRole,
  staffUserPoolId,
  tableName,
  trackingSecret,
  workflowTimeScale,
} from '#shared/config.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { coded } from '#shared/domain/issue-codes.ts';
import { quotationListSchema, quotationReportSchema } from '#shared/domain/quotation.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { decisionBodySchema } from '#shared/domain/workflow-schemas.ts';
import { type HttpResult, json } from '#shared/http/errors.ts';
import { HTML_HEADERS, readForm } from '#shared/http/html-page.ts';
import { statusOf } from '#shared/http/outcome-status.ts';
import { httpRoute, parseJsonBody } from '#shared/http/route.ts';
import { renderQuotationLinkPage } from '#shared/notifications/quotation-pages.ts';
import { log } from '#shared/observability/logger.ts';
import { observed } from '#shared/observability/observed.ts';
import { systemClock } from '#shared/ports.ts';
import { quotationFigures } from '#shared/reports/quotation-figures.ts';
import { awsClientOptions, perEnvironment } from '#shared/runtime-env.ts';
import { decideOrder } from '#shared/use-cases/decide-order.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';
import { recordOrderSpecialOpinion } from '#shared/use-cases/order-special-review.ts';
import {
  answerQuotationLink,
  createQuotation,
  editQuotation,
  openQuotationLink,
  quotationView,
  recordSpecialOpinion,
  remindExpiringQuotations,
  submitQuotation,
  withdrawQuotation,
} from '#shared/use-cases/quotations.ts';
import { reviseQuotation } from '#shared/use-cases/revise-quotation.ts';

const mailer = perEnvironment(() => sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))));
const notify = () => ({
  mailer: mailer(),
  staff: cognitoStaffDirectory(staffUserPoolId()),
});

const http = httpRoute('quotations', async ({ event, staff }): Promise<HttpResult> => {
  const route = event.routeKey;
  const id = event.pathParameters?.['id'] ?? '';
  const base = { quotations: quotationStore(), catalogue: catalogueStore(), clock: systemClock };

  if (route.includes(' /quotation-links/')) {
    const deps = {
      ...base,
      orders: orderStore(),
      mailer: mailer(),
      staff: cognitoStaffDirectory(staffUserPoolId()),
      linkSecret: await trackingSecret(),
    };
    const token = event.pathParameters?.['token'] ?? '';
    const answer =
      event.requestContext.http.method === 'POST'
        ? await answerQuotationLink(deps, token, readForm(event, ['decision', 'comment']))
        : await openQuotationLink(deps, token);
    const status = {
      form: 200,
      accepted: 200,
      declined: 200,
      invalid: statusOf('invalid'),
      expired: 410,
      answered: statusOf('already'),
      'bad-input': statusOf('bad-input'),
    }[answer.kind];
    return {
      statusCode: status,
      headers: HTML_HEADERS,
      body: renderQuotationLinkPage(answer, `/quotation-links/${encodeURIComponent(token)}`, ownCompany()),
    };
  }

  const who = staff!;
  const body = event.body ? parseJsonBody(event) : undefined;
  const workflows = workflowEngine();
  switch (route) {
    case 'POST /api/quotations': {
      const q = await createQuotation(base, body, who);
      return json(201, {
        quotationId: q.quotationId,
        quotationNumber: q.quotationNumber,
        status: q.status,
        approvalTier: q.approvalTier,
        approvalChain: q.approvalChain,
        items: q.items,
        totalAmount: q.totalAmount,
      });
    }
    case 'GET /api/quotations': {
      const parsed = quotationListSchema.safeParse(event.queryStringParameters ?? {});
      if (!parsed.success) throw new ValidationError('Invalid query', toFieldIssues(parsed.error));
      const page = await base.quotations.list(parsed.data, 50);
      return json(200, {
        items: page.items.map(quotationView),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      });
    }
    case 'GET /api/quotations/report': {
      // Quotation figures of a period (Beijing days, both included; default the last 30 days).
      const query = quotationReportSchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) throw new ValidationError('Invalid query', toFieldIssues(query.error));
      const today = businessDay(systemClock.now());
      const to = query.data.to ?? today;
      const from =
        query.data.from ?? businessDay(new Date(Date.parse(`${to}T00:00:00+08:00`) - 29 * 86_400_000));
      const all = await base.quotations.list({}, 5000);
      return json(200, quotationFigures(all.items, from, to));
    }
    case 'GET /api/quotations/{id}': {
      const q = await base.quotations.get(id);
      return q ? json(200, quotationView(q)) : json(404, { error: `Quotation ${id} not found` });
    }
    case 'PUT /api/quotations/{id}':
      return json(200, quotationView(await editQuotation(base, id, body, who)));
    case 'POST /api/quotations/{id}/submit':
      return json(
        200,
        quotationView(
          await submitQuotation(
            { ...base, workflows, notify: notify(), qualityRole: specialReviewQualityRole() },
            id,
            who,
          ),
        ),
      );
    case 'POST /api/quotations/{id}/special-review':
      return json(
        200,
        quotationView(await recordSpecialOpinion({ ...base, workflows, notify: notify() }, id, body, who)),
      );
    case 'POST /api/orders/{id}/special-review': {
      // R-SPEC-1 on an order entered directly: the same opinion, then the order's approval.
      const order = await recordOrderSpecialOpinion(
        {
          orders: orderStore(),
          special: specialReviewQueue(),
          clock: systemClock,
          workflows,
          calendar: await currentCalendar(),
          timeScale: workflowTimeScale(),
          ...notify(),
        },
        id,
        body,
        who,
      );
      return json(200, toOrderView(order));
    }
    case 'POST /api/quotations/{id}/withdraw': {
      const reason =
        typeof (body as { reason?: unknown })?.reason === 'string'
          ? (body as { reason: string }).reason
          : undefined;
      const approvals = dynamoApprovalStore(documentClient(), tableName());
      return json(
        200,
        quotationView(await withdrawQuotation({ ...base, approvals, workflows }, id, who, reason)),
      );
    }
    case 'POST /api/quotations/{id}/revise':
      // R-QUOTE-1: an approved quotation is frozen; a change is a new revision, approved again.
      return json(201, quotationView(await reviseQuotation(base, id, who)));
    case 'POST /api/quotations/{id}/decision': {
      // The same decision as on an order (R-APPR-1): the approval store reads the quotation.
      const parsed = decisionBodySchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('Invalid decision', toFieldIssues(parsed.error));
      if (!(await base.quotations.get(id))) return json(404, { error: `Quotation ${id} not found` });
      const result = await decideOrder(
        {
          orders: approvalSubjectStore(),
          approvals: dynamoApprovalStore(documentClient(), tableName()),
          workflows,
          clock: systemClock,
          staff: cognitoStaffDirectory(staffUserPoolId()),
        },
        { orderId: id, staff: who, ...parsed.data },
      );
      const status = statusOf(result.outcome);
      if (result.outcome === 'reason-required') {
        return json(status, {
          error: 'Give a reason for the rejection',
          issues: [coded({ path: 'reason', message: 'Required when rejecting' })],
        });
      }
      if (status !== 200) return json(status, { error: result.outcome, outcome: result.outcome });
      const q = await base.quotations.get(id);
      return json(200, { outcome: result.outcome, ...(q ? { quotation: quotationView(q) } : {}) });
    }
    default:
      return json(404, { error: 'No such route' });
  }
});

/** The `quotation-expiry` schedule (R-QUOTE-2): `{ schedule }`, as the report schedules send it. */
const scheduleEvent = z.strictObject({ schedule: z.literal('quotation-expiry') });

const expiryRun = observed(async () => {
  const result = await remindExpiringQuotations({
    quotations: quotationStore(),
    clock: systemClock,
    ...notify(),
  });
  log().info('quotation expiry', { reminded: result.reminded.length, expired: result.expired.length });
  return result;
});

/** HTTP routes, or the schedule's event. */
export const handler = (event: unknown, context: Context) =>
  scheduleEvent.safeParse(event).success
    ? expiryRun(event, context)
    : http(event as APIGatewayProxyEventV2, context);
