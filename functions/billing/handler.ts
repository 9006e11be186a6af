/**
 * Invoices, payments and reconciliation (R-FIN-1..3), one function for its routes (the stateless
 * stack's resource limit). This project records invoices; it does not talk to the tax system.
 * - PUT /api/customers/{key}/invoicing — the customer's invoicing details (finance, sales)
 * - POST /api/orders/{id}/invoices — an invoice (finance); 409 beyond delivered-not-invoiced
 * - POST /api/customers/{key}/payments — a payment with allocations (finance)
 * - GET /api/customers/{key}/statement?from=&to=&format=json|csv|xlsx|html (finance, ops, the customer's sales)
 * - POST /api/customers/{key}/statement/send { from, to } — emails it with its link (finance)
 * - GET | POST /statements/{token} — the customer confirms or disputes it, once (public, signed)
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { billingDeps } from '#shared/adapters/billing-adapters.ts';
import { openCaseDeps } from '#shared/adapters/case-adapters.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { claimOnce } from '#shared/adapters/dynamo-conditions.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import {
  mailFrom,
  ownCompany,
  publicBaseUrl,
  reportSchedules,
  tableName,
  trackingSecret,
} from '#shared/config.ts';
import type { Statement } from '#shared/domain/billing.ts';
import {
  invoiceSchema,
  invoicingSchema,
  paymentSchema,
  periodSchema,
  statementAnswerSchema,
  statementRows,
} from '#shared/domain/billing.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { signStatementToken, verifyStatementToken } from '#shared/domain/tracking-token.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { type HttpResult, json } from '#shared/http/errors.ts';
import { HTML_HEADERS, readForm } from '#shared/http/html-page.ts';
import { httpRoute, parseJsonBody } from '#shared/http/route.ts';
import {
  renderStatementDocument,
  renderStatementOutcome,
  renderStatementPage,
  type StatementOutcome,
  statementEmail,
  statementOutcomeStatus,
} from '#shared/notifications/statement-pages.ts';
import { log } from '#shared/observability/logger.ts';
import { observed } from '#shared/observability/observed.ts';
import { addDays, dayIn, resolvePeriod } from '#shared/reports/period.ts';
import { awsClientOptions, perEnvironment } from '#shared/runtime-env.ts';
import {
  answerStatement,
  assertMayReadAccount,
  customerStatement,
  receivablesReport,
  recordInvoice,
  recordPayment,
  sendMonthlyStatements,
  sendStatement,
  setInvoicing,
} from '#shared/use-cases/billing.ts';
import { asFile } from '#shared/use-cases/export-master-data.ts';
import { openCase } from '#shared/use-cases/open-case.ts';

const company = ownCompany;

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new ValidationError(`Invalid ${what}`, toFieldIssues(parsed.error));
  return parsed.data;
}

const mailer = perEnvironment(() => sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))));

/** The mail and the signed link of a statement sent (R-FIN-3). */
async function sending() {
  const m = mailer();
  const secret = await trackingSecret();
  const base = publicBaseUrl();
  return {
    linkFor: (id: string) => `${base}/statements/${signStatementToken(secret, id)}`,
    mail: {
      sendStatement: (to: string[], name: string, s: Statement, link: string) =>
        m.send(statementEmail(to, name, s, link, company().nameZh)),
    },
  };
}

const statementQuery = z.object({
  from: z.iso.date({ error: 'Must be a date YYYY-MM-DD' }),
  to: z.iso.date({ error: 'Must be a date YYYY-MM-DD' }),
  format: z.enum(['json', 'csv', 'xlsx', 'html']).default('json'),
});

function fileResult(file: { contentType: string; fileName: string; body: string | Uint8Array }): HttpResult {
  const headers = {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'no-store',
  };
  return typeof file.body === 'string'
    ? { statusCode: 200, headers, body: file.body }
    : { statusCode: 200, headers, body: Buffer.from(file.body).toString('base64'), isBase64Encoded: true };
}

async function statementLink({ event }: { event: Parameters<typeof readForm>[0] }): Promise<HttpResult> {
  const token = event.pathParameters?.['token'] ?? '';
  const page = (outcome: StatementOutcome): HttpResult => ({
    statusCode: statementOutcomeStatus(outcome),
    headers: HTML_HEADERS,
    body: renderStatementOutcome(outcome),
  });
  const id = verifyStatementToken(await trackingSecret(), token);
  const d = billingDeps(trackingSecret);
  const sent = id ? await d.billing.getStatement(id) : undefined;
  if (!sent) return page('invalid');
  if (sent.decision) return page('already');
  if (event.requestContext.http.method === 'GET')
    return {
      statusCode: 200,
      headers: HTML_HEADERS,
      body: renderStatementPage(
        sent.customerName,
        sent.statement,
        `/statements/${encodeURIComponent(token)}`,
      ),
    };
  const form = readForm(event, ['decision', 'comment', 'line']);
  const answer = statementAnswerSchema.safeParse({ ...form, line: form.line || undefined });
  if (!answer.success) return page(form.decision === 'dispute' ? 'comment-required' : 'invalid');
  const caseDeps = await openCaseDeps();
  const outcome = await answerStatement(
    {
      ...d,
      async openDisputeCase(orderId, description) {
        const view = await openCase(caseDeps, {
          orderId,
          body: { caseType: 'complaint', description },
          actor: `customer:${sent.customerKey}`,
          roles: ['ops'],
        });
        return view.caseId;
      },
    },
    sent,
    answer.data,
  );
  if (outcome === 'already') return page('already');
  return page(answer.data.decision === 'confirm' ? 'confirmed' : 'disputed');
}

const http = httpRoute('billing', async ({ event, staff }) => {
  if (event.routeKey.includes(' /statements/')) return statementLink({ event });
  const d = billingDeps(trackingSecret);
  const actor = staff!.email;
  const body = event.body ? parseJsonBody(event) : undefined;
  const key = event.pathParameters?.['key'] ? decodeURIComponent(event.pathParameters['key']) : '';
  switch (event.routeKey) {
    case 'PUT /api/customers/{key}/invoicing':
      return json(200, await setInvoicing(d, key, parse(invoicingSchema, body, 'invoicing details'), actor));
    case 'POST /api/orders/{id}/invoices':
      return json(
        201,
        await recordInvoice(
          d,
          event.pathParameters?.['id'] ?? '',
          parse(invoiceSchema, body, 'invoice'),
          actor,
        ),
      );
    case 'POST /api/customers/{key}/payments':
      return json(201, await recordPayment(d, key, parse(paymentSchema, body, 'payment'), actor));
    case 'GET /api/customers/{key}/statement': {
      const q = parse(statementQuery, event.queryStringParameters, 'query');
      parse(periodSchema, q, 'query');
      const { customer, statement } = await customerStatement(d, key, q.from, q.to);
      assertMayReadAccount(staff!, customer.owner);
      const name = customer.invoicing?.companyName ?? customer.company ?? customer.name;
      if (q.format === 'json') return json(200, { customerName: name, ...statement });
      if (q.format === 'html')
        return {
          statusCode: 200,
          headers: HTML_HEADERS,
          body: renderStatementDocument(name, statement, company().nameZh),
        };
      return fileResult(asFile(statementRows(statement, name), q.format, `statement-${q.from}-${q.to}`));
    }
    case 'GET /api/reports/receivables': {
      const q = parse(periodSchema, event.queryStringParameters, 'query');
      return json(200, await receivablesReport(d, q));
    }
    case 'POST /api/customers/{key}/statement/send': {
      const period = parse(periodSchema, body, 'period');
      const sent = await sendStatement({ ...d, ...(await sending()) }, key, period, actor);
      const { statement, ...rest } = sent;
      return json(201, {
        ...rest,
        openingBalance: statement.openingBalance,
        closingBalance: statement.closingBalance,
      });
    }
    default:
      throw new ValidationError('No such route', [{ path: '', message: event.routeKey }]);
  }
});

/** The `monthly-statements` schedule (R-FIN-3): `{ schedule, period? }`, as send-report gets. */
const scheduleEvent = z.strictObject({
  schedule: z.literal('monthly-statements'),
  period: z.string().min(1).optional(),
});

/** The calendar month before `today` (YYYY-MM-DD). */
function lastMonth(today: string): { from: string; to: string } {
  const to = addDays(`${today.slice(0, 8)}01`, -1);
  return { from: `${to.slice(0, 8)}01`, to };
}

async function monthly(event: z.infer<typeof scheduleEvent>) {
  const schedule = reportSchedules()['monthly-statements'];
  const period = event.period
    ? resolvePeriod(event.period, new Date(), schedule.timezone)
    : lastMonth(dayIn(new Date(), schedule.timezone));
  const db = documentClient();
  const result = await sendMonthlyStatements(
    {
      ...billingDeps(trackingSecret),
      ...(await sending()),
      claim: (key) => claimOnce(db, tableName(), 'monthly-statement', key),
      release: async (key) => {
        await db.send(
          new DeleteCommand({
            TableName: tableName(),
            Key: { pk: `ONCE#monthly-statement#${key}`, sk: 'ONCE' },
          }),
        );
      },
    },
    period,
  );
  log().info('monthly statements', { ...result, from: period.from, to: period.to });
  return result;
}

const scheduledRun = observed(async (event: unknown) => monthly(scheduleEvent.parse(event)));

/** HTTP routes, or the schedule's event. */
export const handler = (event: unknown, context: Context) =>
  scheduleEvent.safeParse(event).success
    ? scheduledRun(event, context)
    : http(event as APIGatewayProxyEventV2, context);
