/**
 * The labelled lines of an emailed order (extract-order.ts collects them) → the fields of the
 * draft order body (R-INTAKE-6): the contact line split into name, phone and email; phone, email
 * and dates parsed; payment, transport and priority mapped to the schema's values. A value that
 * cannot be understood is reported as a problem with its line, never dropped.
 */
import type { ExtractedOrder, ExtractProblem } from './extract-order.ts';
import { type Parsed, parseDate, parseEmail, parsePhone } from './order-values.ts';
import { type FieldKey, mapWords, PAYMENT_WORDS, PRIORITY_WORDS, TRANSPORT_WORDS } from './order-words.ts';

/** The labelled values of a mail, each with the line it was read from. */
export type Fields = Map<FieldKey, { value: string; line: string }>;

/** Where each labelled field goes in the order body (the path of its problems and sources). */
export const PATHS: Record<FieldKey, string> = {
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

/** The labelled values → the body, each mapped to the schema's values or reported. */
export function fillFields(
  body: ExtractedOrder['body'],
  sources: Record<string, string>,
  problems: ExtractProblem[],
  fields: Fields,
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
