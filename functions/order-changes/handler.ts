/**
 * Order changes and cancellation (R-PROC-6, R-CHG-1..3), one function for all their routes:
 * - POST|GET /api/orders/{id}/changes — staff file a change / read the changes
 * - POST /api/orders/{id}/changes/{changeId}/decision — an approver decides in the console
 * - POST /api/uploads — the customer's written request, or a note's attachment, as a file (PDF or
 *   image, ≤ 10 MB); GET /api/uploads/{uploadId} — the file back, for staff
 * - POST /api/uploads/url — a short-lived URL to PUT a file too large for the API (Lambda's 6 MB
 *   request limit): an S3 presigned PUT on AWS, the local runtime's signed endpoint locally
 * - GET|POST /approvals/changes/{id}?sig= — the approver's signed single-use link
 * - GET|POST /approvals/consent/{id}?sig= — the customer's consent link (同意变更 / 不同意)
 * - POST /api/track/{token}/changes — the customer asks for a date change or cancellation
 */
import { ulid } from 'ulid';
import { UPLOAD_MAX_BYTES } from '#functions/manifest.ts';
import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { catalogueStore, inboundStore, orderStore } from '#shared/adapters/deps.ts';
import { dynamoApprovalStore } from '#shared/adapters/dynamo-approval-store.ts';
import { dynamoChangeStore } from '#shared/adapters/dynamo-change-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoInventory } from '#shared/adapters/dynamo-inventory.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { uploadStoreFromEnv } from '#shared/adapters/upload-store.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { mailFrom, publicBaseUrl, staffUserPoolId, tableName, trackingSecret } from '#shared/config.ts';
import { verifyApprovalLink } from '#shared/domain/approval-link.ts';
import { NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { coded } from '#shared/domain/issue-codes.ts';
import {
  changeBodySchema,
  changeDecisionSchema,
  consentFormSchema,
  verifyConsentLink,
} from '#shared/domain/order-change.ts';
import { verifyTrackingToken } from '#shared/domain/tracking-token.ts';
import { UPLOAD_ID, UPLOAD_TYPES, UPLOAD_URL_SECONDS, uploadUrlSchema } from '#shared/domain/upload-file.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { HttpError, type HttpResult, json } from '#shared/http/errors.ts';
import { HTML_HEADERS, readForm } from '#shared/http/html-page.ts';
import { statusOf } from '#shared/http/outcome-status.ts';
import { header, httpRoute, parseJsonBody } from '#shared/http/route.ts';
import {
  renderChangeApprovalPage,
  renderChangeOutcomePage,
  renderConsentPage,
} from '#shared/notifications/change-pages.ts';
import { systemClock } from '#shared/ports.ts';
import { perEnvironment } from '#shared/runtime-env.ts';
import { decideApproval } from '#shared/use-cases/decide-approval.ts';
import {
  answerConsent,
  ChangeConflictError,
  type ChangeDeps,
  customerRequestChange,
  decideChange,
  listChanges,
  requestChange,
} from '#shared/use-cases/order-changes.ts';

/** R-CHG-1: uploads are PDF or images, at most 10 MB. */
export { UPLOAD_TYPES };

const changeDeps: () => Promise<ChangeDeps> = perEnvironment(async () => {
  const db = documentClient();
  return {
    orders: orderStore(),
    changes: dynamoChangeStore(db, tableName()),
    approvals: dynamoApprovalStore(db, tableName()),
    inventory: dynamoInventory(db, tableName()),
    catalogue: catalogueStore(),
    mailer: sesMailer(mailFrom()),
    staff: cognitoStaffDirectory(staffUserPoolId()),
    workflows: workflowEngine(),
    clock: systemClock,
    linkSecret: await trackingSecret(),
    publicBaseUrl: publicBaseUrl(),
    uploads: uploadStoreFromEnv(),
    inbound: inboundStore(),
  };
});

const html = (statusCode: number, body: string): HttpResult => ({ statusCode, headers: HTML_HEADERS, body });

/** 409 with the order's status and current version (R-PROC-6 races, R-CHG-2/3 refusals). */
async function conflictsAnswered(run: () => Promise<HttpResult>): Promise<HttpResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ChangeConflictError)
      return json(409, { error: error.message, status: error.status, version: error.version });
    throw error;
  }
}

const REFUSALS: Record<string, string> = {
  'already-decided': 'This step was already decided',
  expired: 'The deadline of this step has passed; it was escalated',
  superseded: 'This step was replaced by a newer request',
  'nothing-pending': 'No approval is waiting on this change',
  invalid: 'No approval is waiting on this change',
  'own-order': 'You may not approve a change of your own order',
  'not-allowed': 'Your role may not decide this step',
};

export const handler = httpRoute('order-changes', async ({ event, staff }) => {
  const key = event.routeKey;
  const params = event.pathParameters ?? {};
  const deps = await changeDeps();
  const post = event.requestContext.http.method === 'POST';

  if (key === 'POST /api/uploads') {
    const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!UPLOAD_TYPES.includes(type))
      throw new HttpError(415, `Send a PDF or an image (${UPLOAD_TYPES.join(', ')})`);
    const raw = event.body ?? '';
    const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'binary');
    if (bytes.length === 0)
      throw new ValidationError('The file is empty', [{ path: '', message: 'Send the file as the body' }]);
    if (bytes.length > UPLOAD_MAX_BYTES) throw new HttpError(413, 'The file is larger than 10 MB');
    const uploadId = ulid();
    await deps.uploads!.put(uploadId, type, new Uint8Array(bytes));
    return json(201, { uploadId });
  }

  if (key === 'POST /api/uploads/url') {
    // R-CHG-1: the type and length are signed into the URL; the object is checked again on use.
    const parsed = uploadUrlSchema.safeParse(parseJsonBody(event));
    if (!parsed.success) throw new ValidationError('Invalid upload', toFieldIssues(parsed.error));
    const { contentType, size } = parsed.data;
    if (!UPLOAD_TYPES.includes(contentType))
      throw new HttpError(415, `Send a PDF or an image (${UPLOAD_TYPES.join(', ')})`);
    if (size > UPLOAD_MAX_BYTES) throw new HttpError(413, 'The file is larger than 10 MB');
    const uploadId = ulid();
    const expiresAt = new Date(deps.clock.now().getTime() + UPLOAD_URL_SECONDS * 1000);
    const { url, headers } = await deps.uploads!.uploadUrl(uploadId, contentType, size, expiresAt);
    return json(201, { uploadId, url, method: 'PUT', headers, expiresAt: expiresAt.toISOString() });
  }

  if (key === 'GET /api/uploads/{uploadId}') {
    const id = params['uploadId'] ?? '';
    // Upload ids are ULIDs: anything else names no upload (and no other key of the bucket).
    const file = UPLOAD_ID.test(id) ? await deps.uploads!.get(id) : undefined;
    if (!file) throw new NotFoundError('No such upload');
    return {
      statusCode: 200,
      headers: {
        'content-type': file.contentType,
        'content-disposition': 'inline',
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
      body: Buffer.from(file.bytes).toString('base64'),
      isBase64Encoded: true,
    };
  }

  if (key === 'POST /api/orders/{id}/changes') {
    const parsed = changeBodySchema.safeParse(parseJsonBody(event));
    if (!parsed.success) throw new ValidationError('Invalid change', toFieldIssues(parsed.error));
    return conflictsAnswered(async () =>
      json(202, await requestChange(deps, { orderId: params['id'] ?? '', staff: staff!, body: parsed.data })),
    );
  }
  if (key === 'GET /api/orders/{id}/changes') return json(200, await listChanges(deps, params['id'] ?? ''));

  if (key === 'POST /api/orders/{id}/changes/{changeId}/decision') {
    const parsed = changeDecisionSchema.safeParse(parseJsonBody(event));
    if (!parsed.success) throw new ValidationError('Invalid decision', toFieldIssues(parsed.error));
    const result = await decideChange(deps, {
      orderId: params['id'] ?? '',
      changeId: params['changeId'] ?? '',
      staff: staff!,
      ...parsed.data,
    });
    if (result.outcome === 'reason-required')
      return json(400, {
        error: 'Give a reason for the rejection',
        issues: [coded({ path: 'reason', message: 'Required when rejecting' })],
      });
    const status = statusOf(result.outcome);
    if (status !== 200) return json(status, { error: REFUSALS[result.outcome], outcome: result.outcome });
    return json(200, { outcome: result.outcome });
  }

  if (key === 'POST /api/track/{token}/changes') {
    const orderId = verifyTrackingToken(deps.linkSecret, params['token'] ?? '');
    if (!orderId) throw new HttpError(404, 'This link is not valid');
    return conflictsAnswered(async () =>
      json(202, await customerRequestChange(deps, { orderId, body: parseJsonBody(event) })),
    );
  }

  const linkId = params['id'] ?? '';
  const sig = event.queryStringParameters?.['sig'];
  const selfUrl = (path: string) =>
    `/${path}/${encodeURIComponent(linkId)}?sig=${encodeURIComponent(sig ?? '')}`;

  if (key.endsWith(' /approvals/changes/{id}')) {
    const link = verifyApprovalLink(deps.linkSecret, linkId, sig);
    const request = link ? await deps.approvals.get(link.requestId) : undefined;
    const change = request
      ? ((await deps.changes.list(request.orderId)).find(
          (c) => c.pendingStep?.requestId === request.requestId,
        ) ??
        (await deps.changes.list(request.orderId)).find((c) =>
          c.approvals.some((a) => a.by === request.decision?.actor && a.at === request.decision?.at),
        ))
      : undefined;
    if (!link || !request || !change)
      return html(404, renderChangeOutcomePage('链接无效', 'This link is not valid'));
    if (!post) {
      if (request.status !== 'pending')
        return html(409, renderChangeOutcomePage('此步骤已处理', 'This step was already decided', change));
      return html(200, renderChangeApprovalPage(change, request.role, selfUrl('approvals/changes')));
    }
    const form = changeDecisionSchema.safeParse(readForm(event, ['decision', 'reason']));
    if (!form.success)
      return html(400, renderChangeOutcomePage('请选择批准或驳回', 'Choose approve or reject'));
    const result = await decideApproval(deps, {
      requestId: link.requestId,
      decision: form.data.decision,
      ...(form.data.reason?.trim() ? { reason: form.data.reason } : {}),
      by: { kind: 'link', recipient: link.recipient },
    });
    const words: Record<string, [string, string]> = {
      approved: ['已批准', 'Approved'],
      rejected: ['已驳回', 'Rejected'],
      'reason-required': ['驳回需要填写原因', 'A rejection needs a reason'],
      'already-decided': [
        `此步骤已由 ${result.decision?.actor ?? ''} 处理`,
        `Already decided by ${result.decision?.actor ?? ''}`,
      ],
      expired: ['已超过时限，已升级', 'The deadline passed; it was escalated'],
    };
    const [zh, en] = words[result.outcome] ?? ['无法处理', REFUSALS[result.outcome] ?? result.outcome];
    return html(statusOf(result.outcome), renderChangeOutcomePage(zh, en, change));
  }

  if (key.endsWith(' /approvals/consent/{id}')) {
    const link = verifyConsentLink(deps.linkSecret, linkId, sig);
    const change = link ? await deps.changes.get(link.orderId, link.changeId) : undefined;
    if (!link || !change) return html(404, renderChangeOutcomePage('链接无效', 'This link is not valid'));
    const open = change.status === 'awaiting-consent' && change.consent?.status === 'pending';
    if (!post) {
      return open
        ? html(200, renderConsentPage(change, selfUrl('approvals/consent')))
        : html(
            409,
            renderChangeOutcomePage('您已答复过此变更', 'You have already answered this change', change),
          );
    }
    const form = consentFormSchema.safeParse(readForm(event, ['decision', 'comment']));
    if (!form.success)
      return html(400, renderChangeOutcomePage('请选择同意或不同意', 'Choose accept or decline'));
    const result = await answerConsent(deps, { ...link, ...form.data });
    if (result.outcome === 'accepted')
      return html(
        200,
        renderChangeOutcomePage('您已同意变更，谢谢', 'You accepted the change. Thank you.', change),
      );
    if (result.outcome === 'declined')
      return html(200, renderChangeOutcomePage('您已拒绝此变更', 'You declined the change.', change));
    return html(
      409,
      renderChangeOutcomePage('您已答复过此变更', 'You have already answered this change', change),
    );
  }
  throw new HttpError(404, 'Not found');
});
