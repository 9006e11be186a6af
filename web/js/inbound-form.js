/**
 * What the email page (staff/inbound.html) adds to the order form: the labels of the API's field
 * paths for the problem list, and filling the form from the order read from an email (R-INTAKE-6).
 */
import { byId, h } from './dom.js';
import { centsToYuanText } from './format.js';
import { t } from './i18n.js';

const FIELD_KEYS = {
  customer: 'form.customer',
  'customer.name': 'form.name',
  'customer.company': 'form.company',
  'customer.phone': 'form.phone',
  'customer.email': 'form.email',
  delivery: 'form.delivery',
  'delivery.address': 'form.address',
  'delivery.requestedDate': 'form.requestedDate',
  'delivery.transportMethod': 'form.transport',
  paymentMethod: 'form.payment',
  priority: 'form.priority',
  notes: 'form.notes',
  items: 'form.items',
};

const ITEM_FIELDS = ['sku', 'quantity', 'unitPrice', 'spec', 'packaging'];

/** `items.2.quantity` → 第 3 行 数量; a path the page does not know is shown as it is. */
export function fieldLabel(path) {
  if (!path) return t('inbound.wholeMessage');
  const line = /^items\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (line) {
    const n = t('form.line', { n: Number(line[1]) + 1 });
    return ITEM_FIELDS.includes(line[2]) ? `${n} ${t(`form.${line[2]}`)}` : n;
  }
  return FIELD_KEYS[path] ? t(FIELD_KEYS[path]) : path;
}

/** The correction form, prefilled with the draft the mail was read into. */
export async function prefill(core, draft = {}) {
  const set = (elementId, value) => {
    if (value !== undefined && value !== null) byId(elementId).value = value;
  };
  set('customer-name', draft.customer?.name);
  set('customer-company', draft.customer?.company);
  set('customer-phone', draft.customer?.phone);
  set('customer-email', draft.customer?.email);
  set('delivery-address', draft.delivery?.address);
  set('delivery-date', draft.delivery?.requestedDate);
  set('delivery-transport', draft.delivery?.transportMethod);
  set('payment-method', draft.paymentMethod);
  set('notes', draft.notes);
  const priority = document.querySelector(`input[name="priority"][value="${draft.priority ?? 'normal'}"]`);
  if (priority) priority.checked = true;
  await core.loadCatalogue();
  const list = byId('item-lines');
  list.replaceChildren();
  const items = draft.items?.length ? draft.items : [{}];
  for (const item of items) {
    core.lines.addLine();
    const line = list.lastElementChild;
    const field = (key) => line.querySelector(`[data-field="${key}"]`);
    field('sku').value = item.sku ?? '';
    field('sku').dispatchEvent(new Event('change'));
    if (item.quantity) field('quantity').value = String(item.quantity);
    if (item.unitPrice !== undefined) field('unitPrice').value = centsToYuanText(item.unitPrice);
    // R-INTAKE-6: a price the email left out and the list filled in is shown for review.
    if (item.priceFromList) {
      field('unitPrice').after(
        h('p', { class: 'notice notice-warn price-from-list', text: t('inbound.pricedFromList') }),
      );
    }
    field('spec').value = item.spec ?? '';
    field('packaging').value = item.packaging ?? '';
    field('quantity').dispatchEvent(new Event('input'));
  }
  core.renderTotal();
}
