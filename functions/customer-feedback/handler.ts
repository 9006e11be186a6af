/** GET|POST /feedback/{token} — the customer's satisfaction link after delivery (R-RUSH-7). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { orderStore } from '#shared/adapters/deps.ts';
import { trackingSecret } from '#shared/config.ts';
import type { HttpResult } from '#shared/http/errors.ts';
import { header, httpRoute } from '#shared/http/route.ts';
import { pageLanguage } from '#shared/notifications/approval-pages.ts';
import { renderFeedbackOutcome, renderFeedbackPage } from '#shared/notifications/feedback-pages.ts';
import { systemClock } from '#shared/ports.ts';
import { giveFeedback, openFeedback } from '#shared/use-cases/customer-feedback.ts';

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex',
};

function form(event: APIGatewayProxyEventV2): { score?: string; comment?: string } {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (/json/i.test(header(event, 'content-type') ?? '')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return {
        score: String(parsed['score'] ?? ''),
        comment: typeof parsed['comment'] === 'string' ? parsed['comment'] : undefined,
      };
    } catch {
      return {};
    }
  }
  const params = new URLSearchParams(text);
  return { score: params.get('score') ?? undefined, comment: params.get('comment') ?? undefined };
}

export const handler = httpRoute('customer-feedback', async ({ event }): Promise<HttpResult> => {
  const deps = { orders: orderStore(), secret: await trackingSecret(), clock: systemClock };
  const token = event.pathParameters?.['token'] ?? '';
  const query = event.queryStringParameters ?? {};
  const lang = pageLanguage(query['lang'], header(event, 'accept-language'));
  const selfUrl = `/feedback/${encodeURIComponent(token)}${query['lang'] ? `?lang=${encodeURIComponent(lang)}` : ''}`;
  const result =
    event.requestContext.http.method === 'POST'
      ? await giveFeedback(deps, token, form(event))
      : await openFeedback(deps, token);
  if (result.kind === 'form') {
    return {
      statusCode: 200,
      headers: HTML_HEADERS,
      body: renderFeedbackPage({ orderNumber: result.orderNumber, actionUrl: selfUrl }, lang),
    };
  }
  const details = {
    ...(result.orderNumber ? { orderNumber: result.orderNumber } : {}),
    ...(result.outcome === 'score-required' ? { retryUrl: selfUrl } : {}),
  };
  return {
    statusCode: result.status,
    headers: HTML_HEADERS,
    body: renderFeedbackOutcome(result.outcome, details, lang),
  };
});
