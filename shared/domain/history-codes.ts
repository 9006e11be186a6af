/**
 * What the system writes into an order's history (R-APPR-3, R-ARCH-2), as a code with
 * parameters, so each reader sees it in their own language: the staff pages translate the code
 * (web/js/history-text.js), and nothing written by the system is a sentence in one language.
 * `reason` keeps an English sentence built from the same parameters, for API readers of the
 * older shape; entries stored before codes existed have only `reason` and are shown as stored.
 * Words people typed (an approver's note, a manual status change) stay as typed, in a param.
 */

/** One shortfall line of R-PROC-4. */
export interface ShortLine {
  sku: string;
  short: number;
}
export type HistoryParamValue = string | number | boolean | string[] | ShortLine[];
export type HistoryParams = Record<string, HistoryParamValue>;

/** R-PRICE-6: what a review can find wrong, in [Chinese, English]. */
const REVIEW_PROBLEMS = {
  noItems: ['没有订单行', 'no items'],
  noContact: ['没有联系方式', 'no contact'],
  badQuantity: ['数量不是正数', 'a quantity is not positive'],
  datePassed: ['要求交货日期 {date} 已过', 'requested date {date} has passed'],
} as const;
export type ReviewProblem = keyof typeof REVIEW_PROBLEMS;

/** A review problem in Chinese (0) or English (1). */
export const problemText = (problem: ReviewProblem, date: string, lang: 0 | 1): string =>
  REVIEW_PROBLEMS[problem][lang].replace('{date}', date);

const chain = (v: HistoryParamValue | undefined) => (Array.isArray(v) ? v.join(' → ') : String(v ?? ''));
const list = (v: HistoryParamValue | undefined) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const str = (v: HistoryParamValue | undefined) => String(v ?? '');
const note = (p: HistoryParams) => (p['note'] ? `: ${str(p['note'])}` : '');

/** R-INTAKE-7: what a staff-entered order rests on, as its history says it. */
const EVIDENCE = {
  upload: 'the page signed or stamped by the customer is attached',
  email: "the customer's email is attached",
  missing: "faxed order without the customer's signed or stamped page: attach it",
} as const;
export type EvidenceNote = keyof typeof EVIDENCE;

/** Every code with its English sentence (the `reason` older readers get). */
const ENGLISH = {
  created: (p) =>
    `${str(p['channel'])}${p['pricedFromList'] ? `; no price given, list price used for ${list(p['pricedFromList'])}: check` : ''}${p['evidence'] ? `; ${EVIDENCE[p['evidence'] as EvidenceNote]}` : ''}`,
  'review.passed': () => 'complete; stock reserved',
  'review.failed': (p) =>
    `R-PRICE-6 review failed: ${((p['problems'] as ReviewProblem[]) ?? [])
      .map((x) => problemText(x, str(p['requestedDate']), 1))
      .join('; ')}`,
  'stock.short': (p) =>
    `R-PROC-4 shortage: ${((p['shortfall'] as ShortLine[]) ?? []).map((s) => `${s.sku} short ${s.short}`).join(', ')}`,
  'approval.requested': (p) =>
    `${str(p['role'])} until ${str(p['deadline'])}${p['escalatedFrom'] ? ` (escalated from ${str(p['escalatedFrom'])})` : ''}`,
  'approval.escalated': (p) =>
    `${str(p['role'])} missed the deadline; reminded ${str(p['role'])}, escalated to ${str(p['to'])}`,
  'approval.lastMissed': () => 'gm missed the deadline; order on hold',
  'approval.step': (p) => `${str(p['role'])}${note(p)}`,
  'approval.approved': (p) => `approved by ${chain(p['chain'])}`,
  'approval.rejected': (p) => `${str(p['role'])} rejected${note(p)}`,
  'sla.escalated': () => 'not decided within 2 working days; escalated to gm',
  'workflow.stopped': (p) => `${str(p['workflow'])} stopped: ${str(p['error'])}`,
  'workflow.failed': (p) =>
    `${str(p['workflow'])} execution ${str(p['execution'])} failed: ${str(p['error'])}; ops told`,
  'ship.fromStock': () => 'shipped from stock',
  'ship.sent': (p) => `${str(p['carrier'])} ${str(p['trackingNumber'])}`,
  assigned: (p) => (p['from'] ? `${str(p['from'])} → ${str(p['to'])}` : str(p['to'])),
  satisfaction: (p) => `score ${str(p['score'])}`,
  'rush.filed': (p) => `rush ${str(p['urgency'])}; leadership asked`,
  'rush.escalated': (p) => `rush not answered within ${str(p['minutes'])} min; escalated to gm`,
  'rush.timedOut': () => 'gm did not answer the rush application in time',
  'rush.accepted': (p) =>
    `capacity: ${str(p['note'] ?? '—')}; task group ${((p['group'] as string[]) ?? []).join(', ')}`,
  'rush.priceConfirmed': () => 'gm confirmed the rush price',
  'rush.approved': () => 'rush accepted',
  'rush.production': () => 'rush production started',
  'rush.rejected': (p) => `rush rejected: ${str(p['note'])}`,
  'rush.delivered': () => 'satisfaction and review requested',
  'rush.window': (p) => {
    const notes = [
      ...((p['missed'] as string[]) ?? []).map((role) => `${role} missed; reminded`),
      ...((p['twice'] as string[]) ?? []).map((role) => `${role} missed twice; escalated to the lead`),
    ];
    return `window ${str(p['window'])}: ${notes.length ? notes.join('; ') : 'both reported'}`;
  },
  'rush.report': (p) => `${str(p['role'])}: ${str(p['done'])}${p['overtime'] ? ' (overtime)' : ''}`,
  'rush.reviewed': () => 'post-delivery review recorded',
  // Quotations (R-QUOTE-1..3) and the order an accepted one became.
  'quotation.created': (p) => `quotation needing ${chain(p['chain'])}`,
  'quotation.edited': (p) => `edited; now needs ${chain(p['chain'])}`,
  'quotation.submitted': (p) => `submitted for approval by ${chain(p['chain'])}`,
  'quotation.withdrawn': (p) => `withdrawn${note(p)}`,
  'quotation.sent': (p) => `sent to ${str(p['to'])}, valid until ${str(p['validUntil'])}`,
  'quotation.accepted': (p) => `accepted by the customer: order ${str(p['orderNumber'])}${note(p)}`,
  'quotation.declined': (p) => `declined by the customer${note(p)}`,
  'quotation.reminded': (p) => `sales reminded: valid until ${str(p['validUntil'])}`,
  'quotation.expired': (p) => `expired on ${str(p['validUntil'])}`,
  'quotation.revision': (p) =>
    `revision ${str(p['revision'])} of ${str(p['of'])}; needs ${chain(p['chain'])}`,
  'quotation.revised': (p) => `replaced by revision ${str(p['to'])}`,
  'special.requested': (p) =>
    `special requirements (${list(p['lines'])}): review by ${list(p['departments'])}`,
  'special.opinion': (p) =>
    `${str(p['department'])} ${p['opinion'] === 'reject' ? 'rejected' : 'accepted'}${note(p)}`,
  'quotation.order': (p) =>
    `from quotation ${str(p['quotationNumber'])}; price approval satisfied by its approval (${chain(p['chain'])})`,
  // R-PROC-6, R-CHG-1..3: change requests, their approvals, the customer's consent, the new version.
  'change.requested': (p) => `${str(p['kind'])} change ${str(p['changeId'])} requested${note(p)}`,
  'change.customerRequest': (p) => `the customer asked for a ${str(p['kind'])} change${note(p)}`,
  'change.approved': (p) => `${str(p['role'])} approved change ${str(p['changeId'])}${note(p)}`,
  'change.consent': (p) => `the customer ${str(p['answer'])} change ${str(p['changeId'])}${note(p)}`,
  'change.rejected': (p) => `change ${str(p['changeId'])} not applied${note(p)}`,
  'change.applied': (p) =>
    `${str(p['kind'])} change ${str(p['changeId'])} applied: version ${str(p['version'])}`,
  'evidence.attached': (p) => EVIDENCE[(p['evidence'] as EvidenceNote) ?? 'upload'],
} satisfies Record<string, (p: HistoryParams) => string>;

export type HistoryCode = keyof typeof ENGLISH;
export const HISTORY_CODES = Object.keys(ENGLISH) as HistoryCode[];

/**
 * How an entry is stored: a coded entry whose `reason` is exactly its code's English wording
 * keeps only the code and params — the wording is made again on read (`readEntry`). Every byte
 * of the order item counts: a normal order must stay within 1 KB at intake (docs/data-model.md).
 */
export function storedEntry<E extends { code?: string; params?: HistoryParams; reason?: string }>(
  entry: E,
): E {
  const code = entry.code as HistoryCode | undefined;
  if (!code || !(code in ENGLISH) || entry.reason === undefined) return entry;
  if (entry.reason !== ENGLISH[code](entry.params ?? {})) return entry;
  const { reason: _reason, ...rest } = entry;
  // A code equal to the entry's action (`created`) is implied by it.
  if ((rest as { action?: string }).action === code) delete (rest as { code?: string }).code;
  return rest as E;
}

/** An entry as read: a coded entry stored without its English `reason` gets it back. */
export function readEntry<E extends { code?: string; params?: HistoryParams; reason?: string }>(entry: E): E {
  // Stored without code and reason: the code is the action (see storedEntry).
  const action = (entry as { action?: string }).action;
  const implied =
    !entry.code && entry.reason === undefined && entry.params !== undefined ? action : undefined;
  const code = (entry.code ?? implied) as HistoryCode | undefined;
  if (!code || entry.reason !== undefined || !(code in ENGLISH)) return entry;
  return { ...entry, code, reason: ENGLISH[code](entry.params ?? {}) };
}

/** The code, its params and the English `reason` for one history entry. */
export function historyNote(
  code: HistoryCode,
  params: Record<string, HistoryParamValue | undefined> = {},
): { code: HistoryCode; params: HistoryParams; reason: string } {
  const clean = Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== ''),
  ) as HistoryParams;
  return { code, params: clean, reason: ENGLISH[code](clean) };
}
