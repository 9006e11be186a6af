// @ts-check
/**
 * Turns the order form's raw strings into the `POST /api/orders` body and checks it the way
 * the API does (R-INTAKE-2), answering issues with the API's own dotted paths so client and
 * server errors are shown by the same code. No DOM here.
 */
import { parseQuantity, parseYuan } from './format.js';
import { t } from './i18n.js';
import {
  ORDER_FIELD_LIMITS as LIMITS,
  MAX_ITEMS,
  MAX_QUANTITY,
  PAYMENT_METHODS,
  PHONE_PATTERN as PHONE,
  PRIORITIES,
  TRANSPORT_METHODS,
} from './order-contract.js';

export { PAYMENT_METHODS, PRIORITIES, TRANSPORT_METHODS };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const clean = (value) => String(value ?? '').trim();

/** Put `value` on `target[key]` only when non-empty: the API wants optional strings omitted. */
function setOptional(target, key, value) {
  if (value !== '') target[key] = value;
}

/**
 * @param {object} input raw form values: { customer: { name, company, phone, email },
 *   items: [{ sku, quantity, unitPrice, spec, packaging }], paymentMethod,
 *   delivery: { address, requestedDate, transportMethod }, priority, notes, language }
 * @param {{ today: string }} context today's date in Asia/Shanghai, "YYYY-MM-DD"
 * @returns {{ payload: object, issues: { path: string, message: string }[] }}
 */
export function buildOrder(input, { today }) {
  const issues = [];
  const issue = (path, key, params) => issues.push({ path, message: t(key, params) });
  const tooLong = (path, value, max) => {
    if (value.length > max) issue(path, 'v.tooLong', { max });
  };

  const name = clean(input.customer?.name);
  const company = clean(input.customer?.company);
  const phone = clean(input.customer?.phone);
  const email = clean(input.customer?.email);
  if (!name) issue('customer.name', 'v.nameRequired');
  tooLong('customer.name', name, LIMITS.name);
  tooLong('customer.company', company, LIMITS.company);
  if (phone && !PHONE.test(phone)) issue('customer.phone', 'v.phone');
  if (email && (!EMAIL.test(email) || email.length > LIMITS.email)) issue('customer.email', 'v.email');
  if (!phone && !email) issue('customer', 'v.contactRequired');
  const customer = { name };
  setOptional(customer, 'company', company);
  setOptional(customer, 'phone', phone);
  setOptional(customer, 'email', email);

  const rawItems = input.items ?? [];
  if (rawItems.length === 0) issue('items', 'v.itemsRequired');
  if (rawItems.length > MAX_ITEMS) issue('items', 'v.tooManyItems', { max: MAX_ITEMS });
  const items = rawItems.map((raw, index) => {
    const sku = clean(raw.sku);
    const quantity = parseQuantity(raw.quantity ?? '');
    const unitPrice = parseYuan(raw.unitPrice ?? '');
    const spec = clean(raw.spec);
    const packaging = clean(raw.packaging);
    if (!sku) issue(`items.${index}.sku`, 'v.skuRequired');
    if (quantity === null) issue(`items.${index}.quantity`, 'v.quantity');
    else if (quantity > MAX_QUANTITY) issue(`items.${index}.quantity`, 'v.tooLarge');
    if (unitPrice === null) issue(`items.${index}.unitPrice`, 'v.price');
    tooLong(`items.${index}.spec`, spec, LIMITS.spec);
    tooLong(`items.${index}.packaging`, packaging, LIMITS.packaging);
    const item = { sku, quantity, unitPrice };
    setOptional(item, 'spec', spec);
    setOptional(item, 'packaging', packaging);
    return item;
  });

  const paymentMethod = clean(input.paymentMethod);
  if (!PAYMENT_METHODS.includes(paymentMethod)) issue('paymentMethod', 'v.paymentRequired');

  const address = clean(input.delivery?.address);
  const requestedDate = clean(input.delivery?.requestedDate);
  const transportMethod = clean(input.delivery?.transportMethod);
  if (!address) issue('delivery.address', 'v.addressRequired');
  tooLong('delivery.address', address, LIMITS.address);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(requestedDate)) issue('delivery.requestedDate', 'v.dateRequired');
  // "Not in the past" is judged on the company's calendar (Asia/Shanghai), like the API.
  else if (requestedDate < today) issue('delivery.requestedDate', 'v.datePast', { today });
  const delivery = { address, requestedDate };
  if (TRANSPORT_METHODS.includes(transportMethod)) delivery.transportMethod = transportMethod;

  const notes = clean(input.notes);
  tooLong('notes', notes, LIMITS.notes);

  // R-INTAKE-5: priority defaults to normal.
  const payload = { customer, items, paymentMethod, delivery };
  payload.priority = PRIORITIES.includes(input.priority) ? input.priority : 'normal';
  setOptional(payload, 'notes', notes);
  if (input.language) payload.language = input.language;
  return { payload, issues };
}
