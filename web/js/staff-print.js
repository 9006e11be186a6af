// @ts-check
/**
 * Print-ready documents of an order (staff/print.html?id=<orderId>&doc=confirmation|delivery
 * &shipment=S1): the sales order confirmation (销售订单确认书) and the delivery note (送货单) of
 * a shipment, A4, Chinese with English beneath, the company header from `/config.json`, the
 * lines, the total in figures and in Chinese capital numerals (大写金额), signature lines.
 * Always bilingual, whatever the console's language: the paper goes to the customer.
 */
import { api, describeError } from './api.js';
import { chineseAmount } from './chinese-amount.js';
import { byId, h, param, show } from './dom.js';
import { formatDate, formatDateTime, formatMoney } from './format.js';
import { initI18n } from './i18n.js';
import { getToken, goToLogin } from './session.js';
import { siteConfig } from './site-config.js';

const id = param('id') ?? '';
const kind = param('doc') === 'delivery' ? 'delivery' : 'confirmation';
const shipmentId = param('shipment');
const here = `print.html?id=${encodeURIComponent(id)}&doc=${kind}${shipmentId ? `&shipment=${encodeURIComponent(shipmentId)}` : ''}`;

/** Chinese label with its English beneath. */
const both = (/** @type {string} */ zh, /** @type {string} */ en) => [
  zh,
  h('div', { class: 'en', text: en }),
];

const PAYMENT = /** @type {Record<string, [string, string]>} */ ({
  bank_transfer: ['银行转账', 'Bank transfer'],
  alipay: ['支付宝', 'Alipay'],
  wechat_pay: ['微信支付', 'WeChat Pay'],
  cash_on_delivery: ['货到付款', 'Cash on delivery'],
  monthly_settlement: ['月结', 'Monthly settlement'],
});

function header(/** @type {any} */ company, /** @type {string} */ zh, /** @type {string} */ en) {
  return h(
    'header',
    {},
    h('div', { class: 'company', text: company?.nameZh ?? '' }),
    company?.nameEn ? h('div', { class: 'company-en', text: company.nameEn }) : null,
    h(
      'div',
      { class: 'en' },
      [
        company?.address,
        company?.phone ? `电话 Tel ${company.phone}` : null,
        company?.taxId ? `税号 Tax ID ${company.taxId}` : null,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    h('h1', { text: zh }),
    h('div', { class: 'en', text: en }),
  );
}

function fact(/** @type {string} */ zh, /** @type {string} */ en, /** @type {string} */ value) {
  return h('div', {}, h('strong', { text: `${zh} ${en}：` }), value);
}

function linesTable(
  /** @type {any[]} */ rows,
  /** @type {boolean} */ withPrices,
  /** @type {string} */ currency,
) {
  const head = [
    both('产品编号', 'SKU'),
    both('名称', 'Name'),
    both('规格', 'Spec'),
    both('数量', 'Qty'),
    both('单位', 'Unit'),
    ...(withPrices ? [both('单价', 'Unit price'), both('金额', 'Amount')] : []),
  ];
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h('tr', {}, ...head.map((c, i) => h('th', { class: i >= 3 && i !== 4 ? 'num' : null }, c))),
    ),
    h(
      'tbody',
      {},
      ...rows.map((l) =>
        h(
          'tr',
          {},
          h('td', { text: l.sku }),
          h('td', { text: l.name ?? '' }),
          h('td', { text: [l.spec, l.packaging].filter(Boolean).join(' / ') }),
          h('td', { class: 'num', text: String(l.quantity) }),
          h('td', { text: l.unit ?? '' }),
          ...(withPrices
            ? [
                h('td', { class: 'num', text: formatMoney(l.unitPrice, currency) }),
                h('td', { class: 'num', text: formatMoney(l.unitPrice * l.quantity, currency) }),
              ]
            : []),
        ),
      ),
    ),
  );
}

function signatures(/** @type {[string, string][]} */ names) {
  return h(
    'div',
    { class: 'signatures' },
    ...names.map(([zh, en]) => h('div', {}, `${zh} ${en}`, h('br'), '日期 Date：')),
  );
}

function confirmation(/** @type {any} */ order, /** @type {any} */ company) {
  const total = order.totalAmount;
  const [payZh, payEn] = PAYMENT[order.paymentMethod] ?? [order.paymentMethod, order.paymentMethod];
  return [
    header(company, '销售订单确认书', 'Sales Order Confirmation'),
    h(
      'div',
      { class: 'facts' },
      fact('订单号', 'Order no.', order.orderNumber),
      fact('下单日期', 'Order date', formatDate(order.createdAt)),
      fact('客户', 'Customer', order.customer?.name ?? ''),
      fact('公司', 'Company', order.customer?.company ?? ''),
      fact('电话', 'Phone', order.customer?.phone ?? ''),
      fact('邮箱', 'Email', order.customer?.email ?? ''),
      fact('交货地址', 'Delivery address', order.delivery?.address ?? ''),
      fact('要求交货日期', 'Requested date', order.delivery?.requestedDate ?? ''),
      fact('付款方式', 'Payment', `${payZh} ${payEn}`),
    ),
    linesTable(order.items ?? [], true, order.currency),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        h(
          'tr',
          { class: 'total-row' },
          h('td', {}, both('合计金额', 'Total')),
          h('td', { class: 'num', text: formatMoney(total, order.currency) }),
        ),
        h(
          'tr',
          { class: 'total-row' },
          h('td', {}, both('大写金额', 'Total in words')),
          h('td', { class: 'num', id: 'amount-words', text: `人民币${chineseAmount(total)}` }),
        ),
      ),
    ),
    order.notes ? h('p', {}, h('strong', { text: '备注 Notes：' }), order.notes) : null,
    h(
      'footer',
      {},
      '本确认书经双方签字（盖章）后生效，为发货、对账与开票的依据。',
      h('div', {
        class: 'en',
        text: 'This confirmation takes effect when signed (and sealed) by both parties; it is the basis of delivery, reconciliation and invoicing.',
      }),
    ),
    signatures([
      ['制单', 'Prepared by'],
      ['审核', 'Approved by'],
      ['客户确认', 'Customer'],
    ]),
  ];
}

function deliveryNote(/** @type {any} */ order, /** @type {any} */ shipment, /** @type {any} */ company) {
  const bySku = new Map((order.items ?? []).map((/** @type {any} */ l) => [l.sku, l]));
  const rows = (shipment.lines ?? []).map((/** @type {any} */ s) => ({
    ...(bySku.get(s.sku) ?? { sku: s.sku }),
    quantity: s.quantity,
  }));
  const amount = rows.reduce(
    (/** @type {number} */ sum, /** @type {any} */ r) => sum + (r.unitPrice ?? 0) * r.quantity,
    0,
  );
  return [
    header(company, '送货单', 'Delivery Note'),
    h(
      'div',
      { class: 'facts' },
      fact('送货单号', 'Note no.', `${order.orderNumber}-${shipment.shipmentId}`),
      fact('订单号', 'Order no.', order.orderNumber),
      fact('发货时间', 'Shipped', formatDateTime(shipment.shippedAt)),
      fact('承运商', 'Carrier', shipment.carrier ?? ''),
      fact('运单号', 'Tracking no.', shipment.trackingNumber ?? ''),
      fact(
        '收货单位',
        'Consignee',
        [order.customer?.company, order.customer?.name].filter(Boolean).join(' '),
      ),
      fact('收货地址', 'Address', order.delivery?.address ?? ''),
      fact('联系电话', 'Phone', order.customer?.phone ?? ''),
    ),
    linesTable(rows, true, order.currency),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        h(
          'tr',
          { class: 'total-row' },
          h('td', {}, both('本次送货金额', 'Amount of this delivery')),
          h('td', { class: 'num', text: formatMoney(amount, order.currency) }),
        ),
        h(
          'tr',
          { class: 'total-row' },
          h('td', {}, both('大写金额', 'In words')),
          h('td', { class: 'num', id: 'amount-words', text: `人民币${chineseAmount(amount)}` }),
        ),
      ),
    ),
    h(
      'footer',
      {},
      '请核对货物数量与外观，如有短缺或破损请当场注明。',
      h('div', {
        class: 'en',
        text: 'Please check quantities and condition; note any shortage or damage on receipt.',
      }),
    ),
    signatures([
      ['发货人', 'Shipped by'],
      ['承运人', 'Carrier'],
      ['收货人签收', 'Received by'],
    ]),
  ];
}

function fail(/** @type {string} */ text) {
  const box = byId('print-error');
  box.textContent = text;
  show(box, true);
}

async function init() {
  initI18n();
  if (!getToken()) return goToLogin(here);
  /** @type {HTMLAnchorElement} */ (byId('back')).href = `order.html?id=${encodeURIComponent(id)}`;
  byId('print').addEventListener('click', () => window.print());
  const [result, config] = await Promise.all([
    api(`/api/orders/${encodeURIComponent(id)}`, { auth: true }),
    siteConfig(),
  ]);
  if (!result.ok) {
    if (result.kind === 'unauthorized') return goToLogin(here);
    return fail(describeError(result));
  }
  const order = result.data;
  const company = config?.company ?? null;
  let content;
  if (kind === 'delivery') {
    const shipment = (order.shipments ?? []).find((/** @type {any} */ s) => s.shipmentId === shipmentId);
    if (!shipment) return fail('此订单没有这次发货。 This order has no such shipment.');
    content = deliveryNote(order, shipment, company);
  } else {
    content = confirmation(order, company);
  }
  const doc = byId('doc');
  doc.replaceChildren(...content.filter(Boolean));
  document.title = `${kind === 'delivery' ? '送货单' : '销售订单确认书'} ${order.orderNumber}`;
  show(doc, true);
  doc.dataset.ready = 'true';
}

init();
