/**
 * GET|POST /approvals/{id}?sig=… — the emailed approval link (R-APPR-1, R-SEC-3). Answers HTML
 * pages in the approver's language; POST takes a form-encoded (or JSON) body.
 */

import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { approvalSubjectStore } from '#shared/adapters/deps.ts';
import { dynamoApprovalStore } from '#shared/adapters/dynamo-approval-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { staffUserPoolId, tableName, trackingSecret } from '#shared/config.ts';
import { linkDecisionFormSchema } from '#shared/domain/workflow-schemas.ts';
import type { HttpResult } from '#shared/http/errors.ts';
import { HTML_HEADERS, readForm } from '#shared/http/html-page.ts';
import { statusOf } from '#shared/http/outcome-status.ts';
import { header, httpRoute } from '#shared/http/route.ts';
import { pageLanguage, renderApprovalPage, renderOutcomePage } from '#shared/notifications/approval-pages.ts';
import { systemClock } from '#shared/ports.ts';
import { decideByLink, type LinkPage, showApprovalLink } from '#shared/use-cases/open-approval-link.ts';

export const handler = httpRoute('approval-link', async ({ event }): Promise<HttpResult> => {
  const deps = {
    // An order's or a quotation's step (R-QUOTE-2): one link, one page.
    orders: approvalSubjectStore(),
    approvals: dynamoApprovalStore(documentClient(), tableName()),
    workflows: workflowEngine(),
    clock: systemClock,
    staff: cognitoStaffDirectory(staffUserPoolId()),
    linkSecret: await trackingSecret(),
  };
  const linkId = event.pathParameters?.['id'] ?? '';
  const query = event.queryStringParameters ?? {};
  const lang = pageLanguage(query['lang'], header(event, 'accept-language'));
  const selfUrl =
    `/approvals/${encodeURIComponent(linkId)}?sig=${encodeURIComponent(query['sig'] ?? '')}` +
    (query['lang'] ? `&lang=${encodeURIComponent(lang)}` : '');
  const page = await answer(event.requestContext.http.method === 'POST');
  async function answer(post: boolean): Promise<LinkPage | undefined> {
    if (!post) return showApprovalLink(deps, linkId, query['sig']);
    const form = linkDecisionFormSchema.safeParse(readForm(event, ['decision', 'reason']));
    return form.success ? decideByLink(deps, linkId, query['sig'], form.data) : undefined;
  }
  if (!page) {
    // a form without approve/reject: nothing is decided, the page says the link was not used right
    return {
      statusCode: statusOf('bad-input'),
      headers: HTML_HEADERS,
      body: renderOutcomePage('invalid', {}, lang),
    };
  }
  if (page.kind === 'form') {
    return {
      statusCode: 200,
      headers: HTML_HEADERS,
      body: renderApprovalPage({ ...page.view, actionUrl: selfUrl }, lang),
    };
  }
  const details = page.outcome === 'reason-required' ? { ...page.details, retryUrl: selfUrl } : page.details;
  return {
    statusCode: statusOf(page.outcome),
    headers: HTML_HEADERS,
    body: renderOutcomePage(page.outcome, details, lang),
  };
});
