/**
 * Understands an emailed order (R-INTAKE-1 email channel, R-INTAKE-6): labelled lines in
 * Chinese or English, item lines in the forms customers write, and an attached CSV/XLSX order
 * sheet → a draft order body in the shape of `orderInputSchema`, where each value came from,
 * and what could not be understood. Quoted replies are read (forwarded orders are often
 * quoted); forwarded-message headers and signatures are not. Pure: no I/O, no clock (the
 * caller passes `today` in Asia/Shanghai). The email pipeline validates the draft with
 * `validateOrderInput` and tells the sender what is missing; a problem here means the order
 * must not be placed as it stands (nothing the customer sent is silently dropped).
 */
import { isItemLine, parseItemLine } from './item-line.ts';
import { labelledFields, type MailLine, mailLines } from './mail-lines.ts';
import { readOrderSheet, sheetKind } from './order-sheet.ts';
import { type Parsed, parseDate, parseEmail, parsePhone } from './order-values.ts';
import { type FieldKey, mapWords, PAYMENT_WORDS, PRIORITY_WORDS, TRANSPORT_WORDS } from './order-words.ts';

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
    items: { sku: string; quantity: number; unitPrice: number; spec?: string; packaging?: string }[];
  };
  /** Where each field came from: path → quoted source line (for the reply to the sender). */
  sources: Record<string, string>;
  /** What could not be understood (bad number, unreadable attachment, item line without price…). */
  problems: ExtractProblem[];
}

const PATHS: Record<FieldKey, string> = {
  customer: 'customer.company',
  company: 'customer.company',
  contact: 'customer.name',
  phone: 'customer.phone',
  email: 'customer.email',
  address: 'delivery.address',
  requestedDate: 'delivery.requestedDate',
  paymentMethod: 'paymentMethod',
  transportMethod: 'delivery.transportMethod',
  priority: 'priority',
  notes: 'notes',
};

const CHOICES = {
  paymentMethod: [
    'Payment method',
    '付款方式',
    '银行转账、支付宝、微信、货到付款、月结',
    'bank transfer, Alipay, WeChat Pay, cash on delivery, monthly settlement',
  ],
  transportMethod: [
    'Transport method',
    '运输方式',
    '快递、物流、送货上门、自提',
    'express, freight, company delivery, self pickup',
  ],
  priority: ['Priority', '优先级', '普通、重要、紧急', 'normal, important, urgent'],
} as const;

export function extractOrder(
  mail: MailContent,
  options: { today: string; sender?: { address: string; name?: string } },
): ExtractedOrder {
  const body: ExtractedOrder['body'] = { customer: {}, delivery: {}, language: 'zh-CN', items: [] };
  const sources: Record<string, string> = {};
  const problems: ExtractProblem[] = [];
  const fields = new Map<FieldKey, { value: string; line: string }>();
  const labels = { zh: 0, en: 0 };
  let notesOpen = false;

  const setField = (key: FieldKey, value: string, line: string) => {
    const v = value.trim();
    const had = fields.get(key);
    if (!had) {
      if (v || key === 'notes') fields.set(key, { value: v, line });
    } else if (!had.value && key === 'notes') had.value = v;
    else if (v && v !== had.value)
      problems.push({
        path: PATHS[key],
        message: `Given twice, differently; the first (${had.value}) is used`,
        messageZh: `重复填写且内容不同，采用第一处（${had.value}）`,
        line,
      });
  };

  const addItemLine = ({ line, norm }: MailLine) => {
    const r = parseItemLine(norm);
    labels.zh += r.labels.zh;
    labels.en += r.labels.en;
    const n = body.items.length;
    for (const p of r.problems)
      problems.push({ path: `items.${n}.${p.field}`, message: p.message, messageZh: p.messageZh, line });
    const item = r.item;
    if (r.problems.length === 0 && item && item.quantity !== undefined && item.unitPrice !== undefined) {
      body.items.push({ ...item, sku: item.sku, quantity: item.quantity, unitPrice: item.unitPrice });
      sources[`items.${n}`] = line;
    }
  };

  let lines = mailLines(mail.text);
  // A reply that writes its own items (e.g. answering "what is missing") quotes the earlier
  // mail below it: when the sender's own text carries items, quoted text is the conversation's
  // past and is not read again. Otherwise quoted text is read (a forwarded or quoted order).
  if (lines.some((l) => l && l.depth === 0 && labelledFields(l).length === 0 && isItemLine(l.norm))) {
    lines = lines.map((l) => (l && l.depth > 0 ? undefined : l));
  }
  for (const l of lines) {
    if (!l) {
      if (fields.get('notes')?.value) notesOpen = false;
      continue;
    }
    const found = labelledFields(l);
    if (found.length > 0) {
      notesOpen = false;
      for (const f of found) {
        if (f.key === 'header') continue;
        if (f.en) labels.en++;
        else labels.zh++;
        setField(f.key, f.value, l.line);
        if (f.key === 'notes') notesOpen = true;
      }
      continue;
    }
    if (isItemLine(l.norm)) {
      notesOpen = false;
      addItemLine(l);
    } else if (notesOpen) {
      const notes = fields.get('notes');
      if (notes) notes.value = notes.value ? `${notes.value}\n${l.line}` : l.line;
    }
  }

  fillFields(body, sources, problems, fields, options.today);

  // The sender stands in for what the body leaves out.
  const sender = options.sender;
  if (sender) {
    const from = `From: ${sender.name ? `${sender.name} <${sender.address}>` : sender.address}`;
    if (!body.customer.email) {
      body.customer.email = sender.address;
      sources['customer.email'] = from;
    }
    if (!fields.has('contact') && !fields.has('customer') && sender.name && !body.customer.name) {
      body.customer.name = sender.name;
      sources['customer.name'] = from;
    }
  }

  for (const a of mail.attachments) {
    const kind = sheetKind(a);
    if (!kind) continue;
    const sheet = readOrderSheet(a, kind);
    if (!sheet.ok) {
      problems.push({
        path: 'attachment',
        message: `${a.filename}: ${sheet.message}`,
        messageZh: `附件 ${a.filename}：${sheet.messageZh}`,
      });
      continue;
    }
    labels.zh += sheet.labels.zh;
    labels.en += sheet.labels.en;
    if (sheet.rows.length === 0)
      problems.push({
        path: 'attachment',
        message: `${a.filename}: the sheet has no item rows`,
        messageZh: `附件 ${a.filename}：表格中没有产品行`,
      });
    for (const row of sheet.rows) {
      const n = body.items.length;
      for (const p of row.problems)
        problems.push({
          path: `items.${n}.${p.field}`,
          message: `${a.filename}, row ${row.row}: ${p.message}`,
          messageZh: `附件 ${a.filename} 第 ${row.row} 行：${p.messageZh}`,
          line: row.line,
        });
      if (row.item) {
        body.items.push(row.item);
        sources[`items.${n}`] = row.line;
      }
    }
  }

  body.language =
    labels.en > labels.zh ||
    (labels.en + labels.zh === 0 && !/[\u4e00-\u9fff]/.test(`${mail.subject}\n${mail.text}`))
      ? 'en'
      : 'zh-CN';
  return { body, sources, problems };
}

/** The labelled values → the body, each mapped to the schema's values or reported. */
function fillFields(
  body: ExtractedOrder['body'],
  sources: Record<string, string>,
  problems: ExtractProblem[],
  fields: Map<FieldKey, { value: string; line: string }>,
  today: string,
): void {
  const set = (path: string, value: string, line: string, assign: (v: string) => void) => {
    assign(value);
    sources[path] = line;
  };
  const parsed = (path: string, result: Parsed<string>, line: string, assign: (v: string) => void) => {
    if (result.ok) set(path, result.value, line, assign);
    else problems.push({ path, message: result.message, messageZh: result.messageZh, line });
  };
  const c = body.customer;
  const contact = fields.get('contact');
  if (contact) {
    // `联系人：王经理 13800138000`: the phone or email beside the name fills its own field.
    let name = contact.value;
    const phone = parsePhone(name);
    if (phone.ok && !fields.has('phone')) fields.set('phone', { value: phone.value, line: contact.line });
    if (phone.ok) name = name.replace(phone.value, ' ');
    const email = parseEmail(name);
    if (email.ok && !fields.has('email')) fields.set('email', { value: email.value, line: contact.line });
    if (email.ok) name = name.replace(email.value, ' ');
    name = name
      .replace(/[<>()（）,，;；/]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (name) set('customer.name', name, contact.line, (v) => (c.name = v));
  }
  const company = fields.get('company');
  const customer = fields.get('customer');
  if (company?.value) set('customer.company', company.value, company.line, (v) => (c.company = v));
  if (customer?.value) {
    if (!c.company) set('customer.company', customer.value, customer.line, (v) => (c.company = v));
    if (!contact) set('customer.name', customer.value, customer.line, (v) => (c.name = v));
  }
  const phone = fields.get('phone');
  if (phone?.value) {
    const p = parsePhone(phone.value);
    const e = p.ok ? undefined : parseEmail(phone.value);
    if (e?.ok && !fields.has('email')) fields.set('email', { value: e.value, line: phone.line });
    else parsed('customer.phone', p, phone.line, (v) => (c.phone = v));
  }
  const email = fields.get('email');
  if (email?.value) parsed('customer.email', parseEmail(email.value), email.line, (v) => (c.email = v));
  const address = fields.get('address');
  if (address?.value)
    set('delivery.address', address.value, address.line, (v) => (body.delivery.address = v));
  const date = fields.get('requestedDate');
  if (date?.value)
    parsed(
      'delivery.requestedDate',
      parseDate(date.value, today),
      date.line,
      (v) => (body.delivery.requestedDate = v),
    );
  const choice = (
    key: keyof typeof CHOICES,
    path: string,
    mapped: string | undefined,
    assign: (v: string) => void,
  ) => {
    const f = fields.get(key);
    if (!f?.value) return;
    if (mapped) return set(path, mapped, f.line, assign);
    const [en, zh, zhChoices, enChoices] = CHOICES[key];
    problems.push({
      path,
      message: `${en} "${f.value}" is not understood; write one of: ${enChoices}`,
      messageZh: `无法识别${zh}“${f.value}”，请写明：${zhChoices}`,
      line: f.line,
    });
  };
  const v = (key: FieldKey) => fields.get(key)?.value ?? '';
  choice(
    'paymentMethod',
    'paymentMethod',
    mapWords(v('paymentMethod'), PAYMENT_WORDS),
    (x) => (body.paymentMethod = x),
  );
  choice(
    'transportMethod',
    'delivery.transportMethod',
    mapWords(v('transportMethod'), TRANSPORT_WORDS),
    (x) => (body.delivery.transportMethod = x),
  );
  choice('priority', 'priority', mapWords(v('priority'), PRIORITY_WORDS), (x) => (body.priority = x));
  const notes = fields.get('notes');
  if (notes?.value) set('notes', notes.value, notes.line, (x) => (body.notes = x));
}
