// @ts-check
/**
 * What a staff-entered order rests on (R-INTAKE-7), on the staff order page: the faxed page with
 * the customer's signature or stamp (an upload, opened with the staff token) or the customer's
 * email (the email page). A faxed order without its page says so, and sales or ops attach it
 * here (POST /api/uploads, then POST /api/orders/{id}/evidence); a later file replaces the
 * earlier one, which the history still names.
 */
import { api, describeError } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { getUser } from './session.js';
import { openUpload, uploadFile } from './uploads.js';

const ATTACHERS = ['sales', 'ops'];
/** @type {{ reload: () => Promise<void> } | null} */
let ctx = null;
/** The last attach attempt's outcome, kept across redraws. */
let message = /** @type {{ tone: string, text: string } | null} */ (null);

/** @param {{ reload: () => Promise<void> }} context */
export function initEvidence(context) {
  ctx = context;
}

/** @param {any} order @param {File} file */
async function attach(order, file) {
  message = { tone: 'info', text: t('evidence.uploading') };
  try {
    const uploadId = await uploadFile(file);
    const result = await api(`/api/orders/${encodeURIComponent(order.orderId)}/evidence`, {
      method: 'POST',
      auth: true,
      // No expectedVersion: attaching depends on nothing the page shows, and the workflows move
      // the order meanwhile (a stale page would be refused for nothing).
      body: { uploadId },
    });
    message = result.ok
      ? { tone: 'info', text: t('evidence.attached') }
      : { tone: 'error', text: describeError(result) };
  } catch (error) {
    message = {
      tone: 'error',
      text: t('evidence.failed', { error: String(/** @type {Error} */ (error).message) }),
    };
  }
  await ctx?.reload();
}

/** The evidence cell of the order summary; null when the order has none and needs none. */
export function evidenceCell(/** @type {any} */ order) {
  const evidence = order.evidence;
  const mayAttach = (getUser()?.roles ?? []).some((r) => ATTACHERS.includes(r));
  if (!evidence && order.channel !== 'fax') return null;
  const parts = [];
  if (evidence?.uploadId) {
    parts.push(
      h('button', {
        type: 'button',
        class: 'btn btn-secondary btn-small',
        id: 'evidence-open',
        text: t('evidence.open'),
        onclick: () => openUpload(evidence.uploadId).catch(() => undefined),
      }),
    );
  } else if (evidence?.inboundId) {
    parts.push(
      h('a', {
        id: 'evidence-email',
        href: `inbound.html?id=${encodeURIComponent(evidence.inboundId)}`,
        text: t('evidence.email'),
      }),
    );
  } else {
    parts.push(h('p', { class: 'notice notice-warn', id: 'evidence-missing', text: t('evidence.missing') }));
  }
  if (mayAttach && order.status !== 'archived' && order.status !== 'cancelled') {
    const input = h('input', {
      type: 'file',
      id: 'evidence-file',
      accept: 'application/pdf,image/*',
      'aria-label': t(evidence ? 'evidence.replace' : 'evidence.attach'),
    });
    input.addEventListener('change', () => {
      const file = /** @type {HTMLInputElement} */ (input).files?.[0];
      if (file) attach(order, file);
    });
    parts.push(
      h('label', { class: 'evidence-attach' }, t(evidence ? 'evidence.replace' : 'evidence.attach'), input),
    );
  }
  if (message)
    parts.push(h('p', { class: `notice notice-${message.tone}`, role: 'status', text: message.text }));
  return h('div', { id: 'evidence-cell' }, ...parts);
}
