/**
 * Understands an emailed order (R-INTAKE-1 email channel, R-INTAKE-6): labelled lines in
 * Chinese or English, item lines in the forms customers write, and an attached CSV/XLSX order
 * sheet → a draft order body in the shape of `orderInputSchema`, where each value came from,
 * and what could not be understood. Quoted replies are read (forwarded orders are often
 * quoted); forwarded-message headers and signatures are not. Pure: no I/O, no clock (the
 * caller passes `today` in Asia/Shanghai). The email pipeline validates the draft with
 * `validateOrderInput` and tells the sender what is missing; a problem here means the order
 * must not be placed as it stands (nothing the customer sent is silently dropped). This file reads
 * the lines and attachments; order-fields.ts turns the labelled values into body fields.
 */
import { isItemLine, parseItemLine } from './item-line.ts';
import { labelledFields, type MailLine, mailLines } from './mail-lines.ts';
import { type Fields, fillFields, PATHS } from './order-fields.ts';
import { readOrderSheet, sheetKind } from './order-sheet.ts';
import type { FieldKey } from './order-words.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}
export interface MailContent {
  subject: string;
  /** Plain text of the body (the pipeline converts HTML-only mail to text before calling). */
  text: string;
  attachments: MailAttachment[];
}
export interface ExtractProblem {
  /** Field path in the order body, as in field issues: 'customer.name', 'items.2.quantity', 'delivery.requestedDate', or 'items' / 'attachment'. */
  path: string;
  /** English. */
  message: string;
  /** Chinese. */
  messageZh: string;
  /** The source line quoted as the customer wrote it (trimmed), when there is one. */
  line?: string;
}
export interface ExtractedOrder {
  /** A draft in the shape of `orderInputSchema`, possibly incomplete (validated by the caller). */
  body: {
    customer: { name?: string; company?: string; phone?: string; email?: string };
    delivery: { address?: string; requestedDate?: string; transportMethod?: string };
    paymentMethod?: string;
    priority?: string;
    notes?: string;
    language: 'zh-CN' | 'en';
    /** A line without a price has no `unitPrice`: receive-email prices it from the list. */
    items: { sku: string; quantity: number; unitPrice?: number; spec?: string; packaging?: string }[];
  };
  /** Where each field came from: path → quoted source line (for the reply to the sender). */
  sources: Record<string, string>;
  /** What could not be understood (bad number, unreadable attachment, item line without price…). */
  problems: ExtractProblem[];
}

/** What is being read: the draft, where each value came from, the problems, the labels counted. */
interface Reading {
  body: ExtractedOrder['body'];
  sources: Record<string, string>;
  problems: ExtractProblem[];
  fields: Fields;
  /** Labels and item words seen in each language (the draft's language follows the majority). */
  labels: { zh: number; en: number };
}

export function extractOrder(
  mail: MailContent,
  options: { today: string; sender?: { address: string; name?: string } },
): ExtractedOrder {
  const r: Reading = {
    body: { customer: {}, delivery: {}, language: 'zh-CN', items: [] },
    sources: {},
    problems: [],
    fields: new Map(),
    labels: { zh: 0, en: 0 },
  };
  readText(r, mail.text);
  fillFields(r.body, r.sources, r.problems, r.fields, options.today);
  if (options.sender) fillFromSender(r, options.sender);
  for (const a of mail.attachments) readAttachment(r, a);
  r.body.language =
    r.labels.en > r.labels.zh ||
    (r.labels.en + r.labels.zh === 0 && !/[\u4e00-\u9fff]/.test(`${mail.subject}\n${mail.text}`))
      ? 'en'
      : 'zh-CN';
  return { body: r.body, sources: r.sources, problems: r.problems };
}

/** A labelled value; given twice differently, the first stands and the second is a problem. */
function setField(r: Reading, key: FieldKey, value: string, line: string): void {
  const v = value.trim();
  const had = r.fields.get(key);
  if (!had) {
    if (v || key === 'notes') r.fields.set(key, { value: v, line });
  } else if (!had.value && key === 'notes') had.value = v;
  else if (v && v !== had.value)
    r.problems.push({
      path: PATHS[key],
      message: `Given twice, differently; the first (${had.value}) is used`,
      messageZh: `重复填写且内容不同，采用第一处（${had.value}）`,
      line,
    });
}

function addItemLine(r: Reading, { line, norm }: MailLine): void {
  const parsed = parseItemLine(norm);
  r.labels.zh += parsed.labels.zh;
  r.labels.en += parsed.labels.en;
  const n = r.body.items.length;
  for (const p of parsed.problems)
    r.problems.push({ path: `items.${n}.${p.field}`, message: p.message, messageZh: p.messageZh, line });
  const item = parsed.item;
  if (parsed.problems.length === 0 && item && item.quantity !== undefined) {
    r.body.items.push({ ...item, sku: item.sku, quantity: item.quantity });
    r.sources[`items.${n}`] = line;
  }
}

/** The body's lines: labelled fields, item lines, and the lines that continue the notes. */
function readText(r: Reading, text: string): void {
  let lines = mailLines(text);
  // A reply that writes its own items (e.g. answering "what is missing") quotes the earlier
  // mail below it: when the sender's own text carries items, quoted text is the conversation's
  // past and is not read again. Otherwise quoted text is read (a forwarded or quoted order).
  if (lines.some((l) => l && l.depth === 0 && labelledFields(l).length === 0 && isItemLine(l.norm))) {
    lines = lines.map((l) => (l && l.depth > 0 ? undefined : l));
  }
  let notesOpen = false;
  for (const l of lines) {
    if (!l) {
      if (r.fields.get('notes')?.value) notesOpen = false;
      continue;
    }
    const found = labelledFields(l);
    if (found.length > 0) {
      notesOpen = false;
      for (const f of found) {
        if (f.key === 'header') continue;
        if (f.en) r.labels.en++;
        else r.labels.zh++;
        setField(r, f.key, f.value, l.line);
        if (f.key === 'notes') notesOpen = true;
      }
      continue;
    }
    if (isItemLine(l.norm)) {
      notesOpen = false;
      addItemLine(r, l);
    } else if (notesOpen) {
      const notes = r.fields.get('notes');
      if (notes) notes.value = notes.value ? `${notes.value}\n${l.line}` : l.line;
    }
  }
}

/** The sender stands in for what the body leaves out: the email address, and a name. */
function fillFromSender(r: Reading, sender: { address: string; name?: string }): void {
  const from = `From: ${sender.name ? `${sender.name} <${sender.address}>` : sender.address}`;
  if (!r.body.customer.email) {
    r.body.customer.email = sender.address;
    r.sources['customer.email'] = from;
  }
  if (!r.fields.has('contact') && !r.fields.has('customer') && sender.name && !r.body.customer.name) {
    r.body.customer.name = sender.name;
    r.sources['customer.name'] = from;
  }
}

/** An attached CSV/XLSX order sheet: its item rows, and a problem for each row it cannot read. */
function readAttachment(r: Reading, a: MailAttachment): void {
  const kind = sheetKind(a);
  if (!kind) return;
  const sheet = readOrderSheet(a, kind);
  if (!sheet.ok) {
    r.problems.push({
      path: 'attachment',
      message: `${a.filename}: ${sheet.message}`,
      messageZh: `附件 ${a.filename}：${sheet.messageZh}`,
    });
    return;
  }
  r.labels.zh += sheet.labels.zh;
  r.labels.en += sheet.labels.en;
  if (sheet.rows.length === 0)
    r.problems.push({
      path: 'attachment',
      message: `${a.filename}: the sheet has no item rows`,
      messageZh: `附件 ${a.filename}：表格中没有产品行`,
    });
  for (const row of sheet.rows) {
    const n = r.body.items.length;
    for (const p of row.problems)
      r.problems.push({
        path: `items.${n}.${p.field}`,
        message: `${a.filename}, row ${row.row}: ${p.message}`,
        messageZh: `附件 ${a.filename} 第 ${row.row} 行：${p.messageZh}`,
        line: row.line,
      });
    if (row.item) {
      r.body.items.push(row.item);
      r.sources[`items.${n}`] = row.line;
    }
  }
}
