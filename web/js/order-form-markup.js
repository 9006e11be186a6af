/**
 * The one markup of the order form's fields, shared by the order form (index.html), the rush
 * application (rush.html) and the correction form of an emailed order (staff/inbound.html):
 * customer (R-INTAKE-2), item lines, delivery, payment, priority (R-INTAKE-5), notes and the
 * submit bar with the running total. A page keeps its own `<form id="order-form">` and its own
 * fields and marks where these go with a placeholder:
 *
 *   <div data-order-form-fields></div>
 *   <div data-order-form-fields data-omit="requested-date priority"></div>   (rush.html)
 *
 * `data-omit` leaves parts out: `requested-date` (the rush form takes the date from its
 * required-by time) and `priority` (the server sets a rush order's priority). order-form-core.js
 * renders them before it binds to the elements, so every id, name and `for` is there when the
 * page scripts look them up; the text is translated in the page's language before insertion.
 *
 * The template is constant (no value from a user or the server goes into it).
 */
import { applyTranslations } from './i18n.js';
import { PAYMENT_METHODS, TRANSPORT_METHODS } from './order-payload.js';

const OPTIONAL = '<span class="opt" data-i18n="common.optional"></span>';
const REQUIRED = '<span class="req" aria-hidden="true">*</span>';

const CUSTOMER = `
<fieldset class="card">
  <legend data-i18n="form.customer">客户信息</legend>
  <div class="grid">
    <div class="field">
      <label for="customer-name"><span data-i18n="form.name">客户姓名</span> ${REQUIRED}</label>
      <input id="customer-name" name="name" data-path="customer.name" autocomplete="name" required
        maxlength="100" aria-describedby="customer-name-error" />
      <p id="customer-name-error" class="field-error" hidden></p>
    </div>
    <div class="field">
      <label for="customer-company"><span data-i18n="form.company">公司名称</span>${OPTIONAL}</label>
      <input id="customer-company" name="company" data-path="customer.company" autocomplete="organization"
        maxlength="200" aria-describedby="customer-company-error" />
      <p id="customer-company-error" class="field-error" hidden></p>
    </div>
    <div class="field">
      <label for="customer-phone" data-i18n="form.phone">电话</label>
      <input id="customer-phone" name="phone" type="tel" data-path="customer.phone" autocomplete="tel"
        inputmode="tel" maxlength="30" aria-describedby="contact-hint customer-phone-error customer-error" />
      <p id="customer-phone-error" class="field-error" hidden></p>
    </div>
    <div class="field">
      <label for="customer-email" data-i18n="form.email">电子邮箱</label>
      <input id="customer-email" name="email" type="email" data-path="customer.email" autocomplete="email"
        maxlength="254" aria-describedby="contact-hint customer-email-error customer-error" />
      <p id="customer-email-error" class="field-error" hidden></p>
    </div>
  </div>
  <p id="contact-hint" class="hint" data-i18n="form.contactHint"></p>
  <!-- R-INTAKE-2: the phone-or-email rule comes back on the path \`customer\`. -->
  <p id="customer-error" class="field-error" data-error-for="customer" data-focus="customer-phone" hidden></p>
</fieldset>`;

const ITEMS = `
<fieldset class="card">
  <legend data-i18n="form.items">订购产品</legend>
  <p id="catalogue-status" class="hint" role="status"></p>
  <ol id="item-lines" class="item-lines"></ol>
  <p id="items-error" class="field-error" data-error-for="items" data-focus="add-line" hidden></p>
  <button type="button" id="add-line" class="button button-secondary" data-i18n="form.addLine">＋ 添加一行</button>
</fieldset>`;

const REQUESTED_DATE = `
<div class="field">
  <label for="delivery-date"><span data-i18n="form.requestedDate">要求交货日期</span> ${REQUIRED}</label>
  <input id="delivery-date" name="requestedDate" type="date" data-path="delivery.requestedDate" required
    aria-describedby="delivery-date-error" />
  <p id="delivery-date-error" class="field-error" hidden></p>
</div>`;

/**
 * A labelled select with its error line: a placeholder option (value "", `placeholderKey`) and
 * one option per value, labelled by the i18n key `${group}.${value}`. `required` adds the star,
 * else the label says "optional". The option texts are filled in by the translation.
 */
const selectField = ({ id, name, path, labelKey, labelText, required, placeholderKey, group, values }) => `
<div class="field">
  <label for="${id}"><span data-i18n="${labelKey}">${labelText}</span>${required ? ` ${REQUIRED}` : OPTIONAL}</label>
  <select id="${id}" name="${name}" data-path="${path}"${required ? ' required' : ''}
    aria-describedby="${id}-error">
    <option value="" data-i18n="${placeholderKey}"></option>
    ${values.map((value) => `<option value="${value}" data-i18n="${group}.${value}"></option>`).join('\n')}
  </select>
  <p id="${id}-error" class="field-error" hidden></p>
</div>`;

const TRANSPORT = selectField({
  id: 'delivery-transport',
  name: 'transportMethod',
  path: 'delivery.transportMethod',
  required: false,
  labelKey: 'form.transport',
  labelText: '运输方式',
  placeholderKey: 'form.transportPlaceholder',
  group: 'transport',
  values: TRANSPORT_METHODS,
});

/** Address, then the requested date and transport side by side (or transport alone). */
const delivery = ({ requestedDate }) => `
<fieldset class="card">
  <legend data-i18n="form.delivery">交货信息</legend>
  <div class="field">
    <label for="delivery-address"><span data-i18n="form.address">交货地址</span> ${REQUIRED}</label>
    <textarea id="delivery-address" name="address" rows="3" data-path="delivery.address" required
      maxlength="500" autocomplete="street-address" aria-describedby="delivery-address-error"></textarea>
    <p id="delivery-address-error" class="field-error" hidden></p>
  </div>
  ${requestedDate ? `<div class="grid">${REQUESTED_DATE}${TRANSPORT}\n</div>` : TRANSPORT}
  <p id="delivery-error" class="field-error" data-error-for="delivery" data-focus="delivery-address" hidden></p>
</fieldset>`;

const PAYMENT = selectField({
  id: 'payment-method',
  name: 'paymentMethod',
  path: 'paymentMethod',
  required: true,
  labelKey: 'form.payment',
  labelText: '付款方式',
  placeholderKey: 'form.paymentPlaceholder',
  group: 'payment',
  values: PAYMENT_METHODS,
});

/** R-INTAKE-5: normal (the default) / important / urgent. */
const PRIORITY = `
<fieldset class="field" aria-describedby="priority-error">
  <legend class="label" data-i18n="form.priority">优先级</legend>
  <div class="choice-row">
    <label class="choice"><input type="radio" name="priority" value="normal" id="priority-normal" checked />
      <span class="badge badge-normal" data-i18n="priority.normal">普通</span></label>
    <label class="choice"><input type="radio" name="priority" value="important" />
      <span class="badge badge-important" data-i18n="priority.important">重要</span></label>
    <label class="choice"><input type="radio" name="priority" value="urgent" />
      <span class="badge badge-urgent" data-i18n="priority.urgent">紧急</span></label>
  </div>
  <p id="priority-error" class="field-error" data-error-for="priority" data-focus="priority-normal" hidden></p>
</fieldset>`;

const NOTES = `
<div class="field">
  <label for="notes"><span data-i18n="form.notes">备注</span>${OPTIONAL}</label>
  <textarea id="notes" name="notes" rows="3" data-path="notes" maxlength="2000"
    aria-describedby="notes-error"></textarea>
  <p id="notes-error" class="field-error" hidden></p>
</div>`;

/** The total and the submit button; its label is the page's (`submitKey`, an i18n key). */
const submitBar = ({ submitKey }) => `
<div class="submit-bar">
  <p class="total"><span data-i18n="form.total">订单合计</span>
    <strong id="order-total">¥0.00</strong> <span id="total-note" class="hint"></span></p>
  <button type="submit" id="submit-order" class="button button-primary button-wide">
    <span class="spinner" aria-hidden="true"></span><span id="submit-label" data-i18n="${submitKey}"></span>
  </button>
  <p id="submit-status" class="sr-only" role="status"></p>
</div>`;

/** What may be left out with `data-omit`. */
export const OMITTABLE = ['requested-date', 'priority'];

/**
 * The fields' HTML. `omit` lists parts of OMITTABLE to leave out; `submitKey` is the i18n key
 * of the submit button's label.
 */
export function orderFormFieldsHtml({ omit = [], submitKey }) {
  for (const part of omit) {
    if (!OMITTABLE.includes(part)) throw new Error(`data-omit: unknown part "${part}"`);
  }
  const requestedDate = !omit.includes('requested-date');
  const priority = !omit.includes('priority');
  return [
    CUSTOMER,
    ITEMS,
    delivery({ requestedDate }),
    `<div class="card">${PAYMENT}${priority ? PRIORITY : ''}${NOTES}\n</div>`,
    submitBar({ submitKey }),
  ].join('\n');
}

/**
 * Replace the `[data-order-form-fields]` placeholder inside `form` with the fields, translated
 * into the page's language. Does nothing when they are already there (no placeholder).
 */
export function renderOrderFormFields(form, { submitKey }) {
  const slot = form.querySelector('[data-order-form-fields]');
  if (!slot) return;
  const omit = (slot.dataset.omit ?? '').split(/\s+/).filter(Boolean);
  const template = document.createElement('template');
  template.innerHTML = orderFormFieldsHtml({ omit, submitKey });
  applyTranslations(template.content);
  slot.replaceWith(template.content);
}
