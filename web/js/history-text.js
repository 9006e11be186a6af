// @ts-check
/**
 * One order history entry in the reader's language (R-APPR-3). The system writes what happened
 * as a code with parameters (shared/domain/history-codes.ts); here each code becomes a sentence
 * from the dictionary, with roles, statuses and channels named and times in Beijing time.
 * Entries stored before codes existed have only a free-text reason, shown as stored (with the
 * role codes of workflow entries named). Words people typed stay as typed.
 */
import { formatDateTime } from './format.js';
import { t } from './i18n.js';

/** A dictionary label for `prefix.code`, or the code itself when there is none. */
export function labelOf(prefix, code) {
  const key = `${prefix}.${code}`;
  const text = t(key);
  return text === key ? String(code ?? '') : text;
}

const role = (code) => labelOf('role', code);
const sep = () => t('history.sep');
const roles = (codes) => (Array.isArray(codes) ? codes.map(role) : []);
const withNote = (key, p, params) => t(p.note ? `${key}Note` : key, { ...params, note: p.note ?? '' });

const SENTENCES = {
  created: (p) =>
    [
      t('action.channel', { channel: labelOf('channel', p.channel) }),
      // R-INTAKE-6: the email gave no price for these; list prices were used, to be checked.
      p.pricedFromList?.length ? t('history.pricedFromList', { skus: p.pricedFromList.join(sep()) }) : '',
      // R-INTAKE-7: the signed fax or the customer's email the order rests on, or its absence.
      p.evidence ? t(`history.evidence.${p.evidence}`) : '',
    ]
      .filter(Boolean)
      .join(sep()),
  'review.passed': () => t('history.review.passed'),
  'review.failed': (p) =>
    t('history.review.failed', {
      problems: (p.problems ?? [])
        .map((code) => t(`history.problem.${code}`, { date: p.requestedDate ?? '' }))
        .join(sep()),
    }),
  'stock.short': (p) =>
    t('history.stock.short', {
      items: (p.shortfall ?? [])
        .map((s) => t('history.shortLine', { sku: s.sku, short: s.short }))
        .join(sep()),
    }),
  'approval.requested': (p) =>
    t(p.escalatedFrom ? 'history.approval.requestedFrom' : 'history.approval.requested', {
      role: role(p.role),
      deadline: formatDateTime(p.deadline),
      from: role(p.escalatedFrom),
    }),
  'approval.escalated': (p) => t('history.approval.escalated', { role: role(p.role), to: role(p.to) }),
  'approval.lastMissed': (p) => t('history.approval.lastMissed', { role: role(p.role ?? 'gm') }),
  'approval.step': (p) => withNote('history.approval.step', p, { role: role(p.role) }),
  'approval.approved': (p) => t('history.approval.approved', { chain: roles(p.chain).join(' → ') }),
  'approval.rejected': (p) => withNote('history.approval.rejected', p, { role: role(p.role) }),
  'sla.escalated': () => t('history.sla.escalated'),
  'workflow.stopped': (p) =>
    t('history.workflow.stopped', { workflow: labelOf('history.workflow', p.workflow), error: p.error }),
  'workflow.failed': (p) =>
    t('history.workflow.failed', {
      workflow: labelOf('history.machine', p.workflow),
      execution: p.execution,
      error: p.error,
    }),
  'ship.fromStock': () => t('history.ship.fromStock'),
  'ship.sent': (p) => t('history.ship.sent', { carrier: p.carrier, number: p.trackingNumber }),
  assigned: (p) =>
    p.from ? t('history.assigned.changed', { from: p.from, to: p.to }) : t('history.assigned', { to: p.to }),
  satisfaction: (p) => t('history.satisfaction', { score: p.score }),
  'rush.filed': (p) => t('history.rush.filed', { urgency: labelOf('urgency', p.urgency) }),
  'rush.escalated': (p) => t('history.rush.escalated', { minutes: p.minutes }),
  'rush.timedOut': () => t('history.rush.timedOut'),
  'rush.accepted': (p) =>
    t('history.rush.accepted', { note: p.note ?? t('common.none'), group: (p.group ?? []).join(sep()) }),
  'rush.priceConfirmed': () => t('history.rush.priceConfirmed'),
  'rush.approved': () => t('history.rush.approved'),
  'rush.production': () => t('history.rush.production'),
  'rush.rejected': (p) => t('history.rush.rejected', { note: p.note ?? '' }),
  'rush.delivered': () => t('history.rush.delivered'),
  'rush.window': (p) => {
    const notes = [
      ...(p.missed ?? []).map((r) => t('history.rush.missed', { role: role(r) })),
      ...(p.twice ?? []).map((r) => t('history.rush.missedTwice', { role: role(r) })),
    ];
    return t('history.rush.window', {
      n: p.window,
      notes: notes.length ? notes.join(sep()) : t('history.rush.allReported'),
    });
  },
  'rush.report': (p) =>
    t(p.overtime ? 'history.rush.reportOvertime' : 'history.rush.report', {
      role: role(p.role),
      done: p.done,
    }),
  'rush.reviewed': () => t('history.rush.reviewed'),
  'quotation.created': (p) => t('history.quotation.created', { chain: roles(p.chain).join(' → ') }),
  'quotation.edited': (p) => t('history.quotation.edited', { chain: roles(p.chain).join(' → ') }),
  'quotation.submitted': (p) => t('history.quotation.submitted', { chain: roles(p.chain).join(' → ') }),
  'quotation.withdrawn': (p) => t('history.quotation.withdrawn', { note: p.note ?? '' }),
  'quotation.sent': (p) => t('history.quotation.sent', { to: p.to, validUntil: p.validUntil }),
  'quotation.accepted': (p) =>
    t('history.quotation.accepted', { orderNumber: p.orderNumber, note: p.note ?? '' }),
  'quotation.declined': (p) => t('history.quotation.declined', { note: p.note ?? '' }),
  'quotation.reminded': (p) => t('history.quotation.reminded', { validUntil: p.validUntil }),
  'quotation.expired': (p) => t('history.quotation.expired', { validUntil: p.validUntil }),
  'quotation.revision': (p) =>
    t('history.quotation.revision', { revision: p.revision, of: p.of, chain: roles(p.chain).join(' → ') }),
  'quotation.revised': (p) => t('history.quotation.revised', { to: p.to }),
  'special.requested': (p) =>
    t('history.special.requested', {
      lines: Array.isArray(p.lines) ? p.lines.join(', ') : '',
      departments: roles(p.departments).join(sep()),
    }),
  'special.opinion': (p) =>
    t(p.opinion === 'reject' ? 'history.special.rejected' : 'history.special.accepted', {
      department: role(p.department),
      note: p.note ?? '',
    }),
  'quotation.order': (p) =>
    t('history.quotation.order', { quotationNumber: p.quotationNumber, chain: roles(p.chain).join(' → ') }),
  // R-PROC-6, R-CHG-1..3
  'change.requested': (p) =>
    withNote('history.change.requested', p, { kind: labelOf('change.kind', p.kind) }),
  'change.customerRequest': (p) =>
    withNote('history.change.customerRequest', p, { kind: labelOf('change.kind', p.kind) }),
  'change.approved': (p) => withNote('history.change.approved', p, { role: role(p.role) }),
  'change.consent': (p) =>
    withNote('history.change.consent', p, { answer: labelOf('change.consent', p.answer) }),
  'change.rejected': (p) => withNote('history.change.rejected', p, {}),
  'change.applied': (p) =>
    t('history.change.applied', { kind: labelOf('change.kind', p.kind), version: p.version }),
  'evidence.attached': (p) => t(`history.evidence.${p.evidence ?? 'upload'}`),
};

/**
 * Entries stored before codes: workflow entries name approval roles by code, e.g.
 * "sales_director missed the deadline; … escalated to gm"; show the roles' names. An approved
 * step's reason is "<role>: <what the approver wrote>" — only its leading role is replaced.
 */
const ROLE_CODE = /\b(ops|sales_director|gm)\b/g;
const SYSTEM_ROLE_ACTIONS = new Set(['approval-requested', 'reminder', 'escalated']);
function storedReason(entry) {
  const text = entry.reason;
  if (!text) return text;
  if (entry.action === 'created') return t('action.channel', { channel: labelOf('channel', text) });
  if (SYSTEM_ROLE_ACTIONS.has(entry.action)) return text.replace(ROLE_CODE, role);
  if (entry.action === 'approved-step') return text.replace(/^(ops|sales_director|gm)\b/, role);
  return text;
}

/** The entry's "why" in the page's language, or '' when it has none. */
export function historyText(entry) {
  const sentence = entry.code ? SENTENCES[entry.code] : undefined;
  if (sentence) return sentence(entry.params ?? {});
  return storedReason(entry) ?? '';
}

/** Who did it: system actors named in the page's language, people as stored. */
export function actorText(actor) {
  const key = `history.actor.${actor}`;
  const text = t(key);
  return text === key ? actor : text;
}
