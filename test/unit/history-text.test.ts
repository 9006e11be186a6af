/**
 * Order history in the reader's language (web/js/history-text.js, R-APPR-3): every code the
 * system writes (shared/domain/history-codes.ts) has a sentence in both languages, English
 * sentences carry no Chinese and Chinese ones no English words; entries stored before codes
 * show their reason as stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_CODES, type HistoryCode, historyNote } from '#shared/domain/history-codes.ts';

interface HistoryTextModule {
  historyText(entry: object): string;
  actorText(actor: string): string;
}
interface I18nModule {
  setLang(lang: string): void;
}
const historyPath = '../../web/js/history-text.js';
const i18nPath = '../../web/js/i18n.js';
let web: HistoryTextModule;
let i18n: I18nModule;

beforeAll(async () => {
  // i18n.js translates the page on a switch; here there is no page.
  Object.assign(globalThis, {
    document: { querySelectorAll: () => [], documentElement: {}, getElementById: () => null },
  });
  web = (await import(historyPath)) as HistoryTextModule;
  i18n = (await import(i18nPath)) as I18nModule;
});

/** Parameters free of words, so what is left to check is the sentence around them. */
const SAMPLE: Partial<Record<HistoryCode, Record<string, unknown>>> = {
  created: { channel: 'email' },
  'review.failed': {
    problems: ['noItems', 'noContact', 'badQuantity', 'datePassed'],
    requestedDate: '2026-11-20',
  },
  'stock.short': { shortfall: [{ sku: 'MTR-Y2-1.5', short: 75 }] },
  'approval.requested': { role: 'ops', deadline: '2026-11-28T02:00:00.000Z', escalatedFrom: 'gm' },
  'approval.escalated': { role: 'ops', to: 'sales_director' },
  'approval.lastMissed': { role: 'gm' },
  'approval.step': { role: 'sales_director' },
  'approval.approved': { chain: ['ops', 'sales_director', 'gm'] },
  'approval.rejected': { role: 'ops' },
  'workflow.stopped': { workflow: 'workflow', error: 'E-42' }, // an error name is an identifier, shown as sent
  // A machine by its label; the execution (the order id) and the error name are identifiers, as sent.
  'workflow.failed': { workflow: 'order-approval', execution: '01KB0Z', error: 'E-42' },
  'ship.sent': { carrier: 'SF', trackingNumber: 'SF1234567890' },
  assigned: { from: 'a@example.com', to: 'b@example.com' },
  satisfaction: { score: 5 },
  'rush.filed': { urgency: 'critical' },
  'rush.escalated': { minutes: 30 },
  'rush.accepted': { note: '80%', group: ['lead@example.com'] },
  'rush.rejected': { note: '—' },
  'rush.window': { window: 2, missed: ['sales'], twice: ['production'] },
  'rush.report': { role: 'production', done: '50%', overtime: true },
  // Quotations (R-QUOTE-1..3).
  'quotation.created': { chain: ['ops', 'sales_director', 'gm'] },
  'quotation.edited': { chain: ['ops'] },
  'quotation.submitted': { chain: ['ops', 'sales_director'] },
  'quotation.sent': { to: 'buyer@example.com', validUntil: '2026-12-31' },
  'quotation.accepted': { orderNumber: 'OD20261204-ABC123' },
  'quotation.reminded': { validUntil: '2026-12-31' },
  'quotation.expired': { validUntil: '2026-12-31' },
  'quotation.revision': { revision: 2, of: 'QT20261204-ABC123', chain: ['ops', 'gm'] },
  'quotation.revised': { to: 'QT20261204-ABC123-R2' },
  'evidence.attached': { evidence: 'upload', uploadId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
  'special.requested': { lines: ['1'], departments: ['production', 'ops'] },
  'special.opinion': { department: 'production', opinion: 'accept', note: '+3' },
  'quotation.order': { quotationNumber: 'QT20261204-ABC123', chain: ['ops', 'sales_director', 'gm'] },
  // R-PROC-6, R-CHG-1..3
  'change.requested': { kind: 'items', changeId: '01KB0Z' },
  'change.customerRequest': { kind: 'cancel' },
  'change.approved': { role: 'dept_manager', changeId: '01KB0Z' },
  'change.consent': { answer: 'accepted', changeId: '01KB0Z' },
  'change.rejected': { changeId: '01KB0Z' },
  'change.applied': { kind: 'delivery-date', changeId: '01KB0Z', version: 2 },
};

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
/** English words: a run of letters with a lowercase one, outside emails and rule ids. */
const englishWords = (text: string) => text.replace(/\S+@\S+/g, '').match(/[A-Za-z]*[a-z][A-Za-z]*/g) ?? [];

describe('order history in the reader’s language', () => {
  it('has a sentence for every code in both languages, English without Chinese, Chinese without English words', () => {
    for (const code of HISTORY_CODES) {
      const entry = { action: 'status', ...historyNote(code, (SAMPLE[code] ?? {}) as never) };
      i18n.setLang('en');
      const en = web.historyText(entry);
      i18n.setLang('zh-CN');
      const zh = web.historyText(entry);
      expect(en, code).not.toMatch(CJK);
      expect(en, code).not.toMatch(/history\./); // a key with no dictionary entry
      expect(englishWords(zh), `${code}: ${zh}`).toEqual([]);
    }
  });

  it('names roles and shows the deadline in Beijing time, in the page’s language', () => {
    const entry = historyNote('approval.requested', { role: 'ops', deadline: '2026-11-28T02:00:00.000Z' });
    i18n.setLang('en');
    expect(web.historyText(entry)).toBe('Waiting for Operations, due 2026-11-28 10:00');
    i18n.setLang('zh-CN');
    expect(web.historyText(entry)).toBe('等待运营审批，截止 2026-11-28 10:00');
  });

  it('shows entries stored before codes as stored, and names system actors', () => {
    i18n.setLang('en');
    expect(web.historyText({ action: 'status', reason: '手工备注 by hand' })).toBe('手工备注 by hand');
    expect(web.actorText('workflow')).toBe('Workflow');
    expect(web.actorText('ops@example.com')).toBe('ops@example.com');
  });
});
