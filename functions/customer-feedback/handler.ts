/** GET|POST /feedback/{token} — the customer's satisfaction link after delivery (R-RUSH-7). */
import { orderStore } from '#shared/adapters/deps.ts';
import { trackingSecret } from '#shared/config.ts';
import type { HttpResult } from '#shared/http/errors.ts';
import { HTML_HEADERS, readForm } from '#shared/http/html-page.ts';
import { statusOf } from '#shared/http/outcome-status.ts';
import { header, httpRoute } from '#shared/http/route.ts';
import { pageLanguage } from '#shared/notifications/approval-pages.ts';
import { renderFeedbackOutcome, renderFeedbackPage } from '#shared/notifications/feedback-pages.ts';
import { systemClock } from '#shared/ports.ts';
import { giveFeedback, openFeedback } from '#shared/use-cases/customer-feedback.ts';

export const handler = httpRoute('customer-feedback', async ({ event }): Promise<HttpResult> => {
  const deps = { orders: orderStore(), secret: await trackingSecret(), clock: systemClock };
  const token = event.pathParameters?.['token'] ?? '';
  const query = event.queryStringParameters ?? {};
  const lang = pageLanguage(query['lang'], header(event, 'accept-language'));
  const selfUrl = `/feedback/${encodeURIComponent(token)}${query['lang'] ? `?lang=${encodeURIComponent(lang)}` : ''}`;
  const result =
    event.requestContext.http.method === 'POST'
      ? await giveFeedback(deps, token, readForm(event, ['score', 'comment']))
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
    statusCode: statusOf(result.outcome),
    headers: HTML_HEADERS,
    body: renderFeedbackOutcome(result.outcome, details, lang),
  };
});
