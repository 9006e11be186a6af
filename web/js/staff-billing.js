// @ts-check
/**
 * 开票与对账 (staff/billing.html, R-FIN-1..3): a customer's statement for a period with its
 * downloads and the "email to the customer" button; forms for the invoicing details, an invoice
 * on an order and a payment. One language at a time through the site's switch (i18n.js,
 * Chinese first); the API checks roles.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { formatMoney, parseYuan, TIME_ZONE } from './format.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { clearSession, getToken, goToLogin } from './session.js';

/** What is on show, kept so a language switch redraws it: messages as functions, the statement. */
const shown = {
  /** @type {null | { text: () => string, detail: string }} */
  error: null,
  /** @type {null | (() => string)} */
  status: null,
  /** @type {any} */
  statement: null,
};
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
const here = () => `billing.html${location.search}`;

function renderMessages() {
  const error = shown.error;
  // The server's own words on a conflict (what is left to invoice…) are English: marked so.
  byId('page-error-text').replaceChildren(
    error?.text() ?? '',
    ...(error?.detail ? [' ', h('span', { lang: 'en', text: error.detail })] : []),
  );
  show(byId('page-error'), Boolean(error));
  byId('page-status').textContent = shown.status?.() ?? '';
  show(byId('page-status'), Boolean(shown.status));
}

/** Show an error (and clear the status), or a status (and clear the error). */
function say(
  /** @type {'error' | 'status'} */ kind,
  /** @type {() => string} */ text,
  /** @type {string} */ detail = '',
) {
  shown.error = kind === 'error' ? { text, detail } : null;
  shown.status = kind === 'status' ? text : null;
  renderMessages();
  byId(kind === 'error' ? 'page-error' : 'page-status').focus();
}

function clearFieldErrors(/** @type {string} */ prefix) {
  if (fieldErrors.prefix === prefix) fieldErrors = { prefix: '', issues: [] };
  for (const slot of document.querySelectorAll(`[id^="${prefix}-"][id$="-error"]`))
    show(/** @type {HTMLElement} */ (slot), false);
}

/** The field errors on show (a form's prefix and the API's issues), redrawn on a language switch. */
/** @type {{ prefix: string, issues: any[] }} */
let fieldErrors = { prefix: '', issues: [] };

function renderFieldErrors() {
  const { prefix, issues } = fieldErrors;
  for (const issue of issues) {
    const slot = document.getElementById(`${prefix}-${String(issue.path).split('.')[0]}-error`);
    if (!slot) continue;
    const text = localizeServerMessage(issue);
    slot.textContent = text;
    // A check without words of ours (the credit code's) shows the server's English, marked so.
    if (text === issue.message) slot.lang = 'en';
    else slot.removeAttribute('lang');
    show(slot, true);
  }
}

/** Field errors of a 400 next to their inputs (`prefix-<path>-error`); other failures at the top. */
function failed(/** @type {any} */ result, /** @type {string} */ prefix) {
  if (result.kind === 'unauthorized') return goToLogin(here());
  clearFieldErrors(prefix);
  fieldErrors = { prefix, issues: result.data?.issues ?? [] };
  renderFieldErrors();
  const detail = ['conflict', 'not_found'].includes(result.kind) ? (result.data?.error ?? '') : '';
  say('error', () => (result.kind === 'forbidden' ? t('billing.forbidden') : describeError(result)), detail);
}

const key = () => input('customer-key').value.trim();
const keyPath = () => `/api/customers/${encodeURIComponent(key())}`;
const period = () => `from=${input('period-from').value}&to=${input('period-to').value}`;

async function loadStatement() {
  if (!key()) return;
  const result = await api(`${keyPath()}/statement?${period()}`, { auth: true });
  if (!result.ok) return failed(result, 'statement');
  shown.statement = result.data;
  renderStatement();
  show(byId('statement-card'), true);
}

function renderStatement() {
  const s = shown.statement;
  if (!s) return;
  byId('statement-summary').replaceChildren(
    ...t('billing.summary', {
      name: '\u0000',
      opening: formatMoney(s.openingBalance),
      closing: formatMoney(s.closingBalance),
    })
      .split('\u0000')
      // The customer's name is data, not page words.
      .flatMap((part, i) =>
        i === 0 ? [part] : [h('span', { translate: 'no', text: s.customerName }), part],
      ),
  );
  byId('statement-rows').replaceChildren(
    ...s.lines.map((/** @type {any} */ l) =>
      h(
        'tr',
        {},
        h('td', {}, l.date),
        h('td', {}, label(`billing.kind.${l.kind}`, l.kind)),
        h('td', {}, l.amount !== undefined ? `${l.ref} (${formatMoney(l.amount)})` : l.ref),
        h('td', {}, l.debit ? formatMoney(l.debit) : ''),
        h('td', {}, l.credit ? formatMoney(l.credit) : ''),
        h('td', {}, formatMoney(l.balance)),
      ),
    ),
  );
}

/** A key's words, or the raw code when the dictionary has none. */
function label(/** @type {string} */ key, /** @type {string} */ code) {
  const text = t(key);
  return text === key ? code : text;
}

async function download(/** @type {string} */ format) {
  const response = await fetch(`${keyPath()}/statement?${period()}&format=${format}`, {
    headers: { Authorization: `Bearer ${getToken()}` },
    cache: 'no-store',
  });
  if (!response.ok)
    return say('error', () =>
      describeError({ kind: response.status === 403 ? 'forbidden' : 'server', status: response.status }),
    );
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
  input('inv-monthlyStatement').checked = details?.monthlyStatement === true;
}

async function loadCustomer() {
  if (!key()) return;
  const result = await api(keyPath(), { auth: true });
  if (result.ok) fillInvoicing(result.data.customer?.invoicing);
}

function render() {
  document.title = `${t('billing.title')} · ${t('app.name')}`;
  renderMessages();
  renderFieldErrors();
  renderStatement();
}

function init() {
  initI18n();
  onLangChange(render);
  render();
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
    const to = result.data.sentTo.join(', ');
    say('status', () => t('billing.sent', { to }));
  });
  byId('invoicing-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      ...Object.fromEntries(
        ['companyName', 'taxId', 'address', 'phone', 'bank', 'account'].map((f) => [
          f,
          input(`inv-${f}`).value,
        ]),
      ),
      monthlyStatement: input('inv-monthlyStatement').checked,
    };
    const result = await api(`${keyPath()}/invoicing`, { method: 'PUT', auth: true, body });
    if (!result.ok) return failed(result, 'inv');
    clearFieldErrors('inv');
    say('status', () => t('billing.invoicingSaved'));
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
    const { invoiceNumber, tax } = result.data;
    say('status', () => t('billing.invoiceRecorded', { number: invoiceNumber, tax: formatMoney(tax) }));
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
    const { amount: paid } = result.data;
    say('status', () => t('billing.paymentRecorded', { amount: formatMoney(paid) }));
    loadStatement();
  });
  if (key()) {
    loadCustomer();
    loadStatement();
  }
  document.body.dataset['ready'] = '1';
}

init();
