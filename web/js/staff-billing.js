// @ts-check
/**
 * 开票与对账 (staff/billing.html, R-FIN-1..3): a customer's statement for a period with its
 * downloads and the "email to the customer" button; forms for the invoicing details, an invoice
 * on an order and a payment. Bilingual labels on the page (Chinese first); the API checks roles.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { formatMoney, parseYuan, TIME_ZONE } from './format.js';
import { clearSession, getToken, goToLogin } from './session.js';

const KINDS = {
  delivery: '发货签收 Delivery',
  invoice: '开票 Invoice',
  payment: '收款 Payment',
  refund: '退款 Refund',
};
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
const here = () => `billing.html${location.search}`;

function say(/** @type {'error' | 'status'} */ kind, /** @type {string} */ text) {
  const box = byId(kind === 'error' ? 'page-error' : 'page-status');
  (kind === 'error' ? byId('page-error-text') : box).textContent = text;
  show(box, Boolean(text));
  if (text) box.focus();
  if (text) say(kind === 'error' ? 'status' : 'error', '');
}

function clearFieldErrors(/** @type {string} */ prefix) {
  for (const slot of document.querySelectorAll(`[id^="${prefix}-"][id$="-error"]`))
    show(/** @type {HTMLElement} */ (slot), false);
}

/** Field errors of a 400 next to their inputs (`prefix-<path>-error`); other failures at the top. */
function failed(/** @type {any} */ result, /** @type {string} */ prefix) {
  if (result.kind === 'unauthorized') return goToLogin(here());
  clearFieldErrors(prefix);
  const issues = result.data?.issues ?? [];
  for (const issue of issues) {
    const slot = document.getElementById(`${prefix}-${String(issue.path).split('.')[0]}-error`);
    if (slot) {
      slot.textContent = issue.message;
      show(slot, true);
    }
  }
  say(
    'error',
    result.kind === 'forbidden'
      ? '您的角色不能这样做。Your role may not do this.'
      : (result.data?.error ?? describeError(result)),
  );
}

const key = () => input('customer-key').value.trim();
const keyPath = () => `/api/customers/${encodeURIComponent(key())}`;
const period = () => `from=${input('period-from').value}&to=${input('period-to').value}`;

async function loadStatement() {
  if (!key()) return;
  const result = await api(`${keyPath()}/statement?${period()}`, { auth: true });
  if (!result.ok) return failed(result, 'statement');
  const s = result.data;
  byId('statement-summary').textContent =
    `${s.customerName} · 期初 Opening ${formatMoney(s.openingBalance)} · 期末 Closing ${formatMoney(s.closingBalance)}`;
  byId('statement-rows').replaceChildren(
    ...s.lines.map((/** @type {any} */ l) =>
      h(
        'tr',
        {},
        h('td', {}, l.date),
        h('td', {}, KINDS[/** @type {keyof typeof KINDS} */ (l.kind)] ?? l.kind),
        h('td', {}, l.amount !== undefined ? `${l.ref} (${formatMoney(l.amount)})` : l.ref),
        h('td', {}, l.debit ? formatMoney(l.debit) : ''),
        h('td', {}, l.credit ? formatMoney(l.credit) : ''),
        h('td', {}, formatMoney(l.balance)),
      ),
    ),
  );
  show(byId('statement-card'), true);
}

async function download(/** @type {string} */ format) {
  const response = await fetch(`${keyPath()}/statement?${period()}&format=${format}`, {
    headers: { Authorization: `Bearer ${getToken()}` },
    cache: 'no-store',
  });
  if (!response.ok) return say('error', `${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  if (format === 'html') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  const a = h('a', {
    href: url,
    download: `statement-${input('period-from').value}-${input('period-to').value}.${format}`,
  });
  document.body.append(a);
  a.click();
  a.remove();
}

function fillInvoicing(/** @type {any} */ details) {
  for (const f of ['companyName', 'taxId', 'address', 'phone', 'bank', 'account'])
    input(`inv-${f}`).value = details?.[f] ?? '';
}

async function loadCustomer() {
  if (!key()) return;
  const result = await api(keyPath(), { auth: true });
  if (result.ok) fillInvoicing(result.data.customer?.invoicing);
}

function init() {
  if (!getToken()) return goToLogin(here());
  const params = new URLSearchParams(location.search);
  input('customer-key').value = params.get('key') ?? '';
  const first = `${today().slice(0, 8)}01`;
  input('period-from').value = params.get('from') ?? first;
  input('period-to').value = params.get('to') ?? today();
  input('invoice-date').value = today();
  input('payment-date').value = today();
  byId('logout').addEventListener('click', () => {
    clearSession();
    goToLogin(null);
  });
  byId('customer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', `?key=${encodeURIComponent(key())}&${period()}`);
    loadCustomer();
    loadStatement();
  });
  byId('download-csv').addEventListener('click', () => download('csv'));
  byId('download-xlsx').addEventListener('click', () => download('xlsx'));
  byId('print-statement').addEventListener('click', () => download('html'));
  byId('send-statement').addEventListener('click', async () => {
    const result = await api(`${keyPath()}/statement/send`, {
      method: 'POST',
      auth: true,
      body: { from: input('period-from').value, to: input('period-to').value },
    });
    if (!result.ok) return failed(result, 'statement');
    say('status', `对账单已发送 Statement sent: ${result.data.sentTo.join(', ')}`);
  });
  byId('invoicing-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(
      ['companyName', 'taxId', 'address', 'phone', 'bank', 'account'].map((f) => [
        f,
        input(`inv-${f}`).value,
      ]),
    );
    const result = await api(`${keyPath()}/invoicing`, { method: 'PUT', auth: true, body });
    if (!result.ok) return failed(result, 'inv');
    clearFieldErrors('inv');
    say('status', '开票信息已保存 Invoicing details saved');
  });
  byId('invoice-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const orderId = input('invoice-orderId').value.trim();
    const body = {
      type: input('invoice-type').value,
      invoiceNumber: input('invoice-invoiceNumber').value.trim(),
      date: input('invoice-date').value,
      amount: parseYuan(input('invoice-amount').value) ?? -1,
      taxRate: Number(input('invoice-taxRate').value),
    };
    const result = await api(`/api/orders/${encodeURIComponent(orderId)}/invoices`, {
      method: 'POST',
      auth: true,
      body,
    });
    if (!result.ok) return failed(result, 'invoice');
    say(
      'status',
      `发票已登记 Invoice recorded: ${result.data.invoiceNumber} · 税额 tax ${formatMoney(result.data.tax)}`,
    );
    loadStatement();
  });
  byId('payment-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const amount = parseYuan(input('payment-amount').value) ?? -1;
    const orderId = input('payment-orderId').value.trim();
    const body = {
      date: input('payment-date').value,
      amount,
      method: input('payment-method').value,
      reference: input('payment-reference').value.trim(),
      ...(orderId ? { allocations: [{ orderId, amount }] } : {}),
    };
    const result = await api(`${keyPath()}/payments`, { method: 'POST', auth: true, body });
    if (!result.ok) return failed(result, 'payment');
    say('status', `收款已登记 Payment recorded: ${formatMoney(result.data.amount)}`);
    loadStatement();
  });
  if (key()) {
    loadCustomer();
    loadStatement();
  }
  document.body.dataset['ready'] = '1';
}

init();
