// @ts-check
/**
 * The charts and tables of the reports dashboard (R-REPORT-1, R-REPORT-2), drawn from one
 * `Report` (shared/reports/report.ts) with plain elements and CSS: the orders per bucket as
 * columns, the breakdowns as horizontal bars, approvals, rush and after-sales figures, and
 * the top customers and products. Every bar carries its value as text (and a tooltip), so
 * nothing is said by the bar's length or colour alone; wide parts scroll inside their box.
 */
import { h } from './dom.js';
import { formatMoney } from './format.js';
import { rushTargets, t } from './i18n.js';
import { formatCount, formatHours, formatShare } from './report-kpis.js';

/** A key's label, or the raw code when the dictionary has none (a new channel, type…). */
function label(prefix, code) {
  const key = `${prefix}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

const countAmount = (count, amount) =>
  t('reports.countAmount', { count: formatCount(count), amount: formatMoney(amount) });

const section = (id, titleKey, ...body) =>
  h(
    'section',
    { class: 'card report-part', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: t(titleKey) }),
    ...body,
  );

/** Percent of the largest, at least a sliver for any non-zero value so it stays visible. */
const share = (value, max) => (max > 0 && value > 0 ? Math.max(2, (value / max) * 100) : 0);

/** The bucket's name on the axis: "11-03" for a day or a week's Monday, "2026-11" for a month. */
const bucketLabel = (bucket, granularity) => (granularity === 'month' ? bucket.slice(0, 7) : bucket.slice(5));

function seriesChart(report) {
  const points = report.series ?? [];
  const max = Math.max(0, ...points.map((p) => p.count));
  const columns = points.map((point) => {
    const text = t('reports.seriesPoint', {
      bucket: point.bucket,
      value: countAmount(point.count, point.amount),
    });
    const bar = h('span', { class: 'col-bar' });
    bar.style.height = `${share(point.count, max)}%`;
    return h(
      'li',
      { class: 'col', title: text, 'aria-label': text, dataset: { bucket: point.bucket } },
      h('span', { class: 'col-value', text: formatCount(point.count) }),
      h('span', { class: 'col-track' }, bar),
      h('span', { class: 'col-label', text: bucketLabel(point.bucket, report.granularity) }),
    );
  });
  const rows = points.map((point) =>
    h(
      'tr',
      { dataset: { bucket: point.bucket } },
      h('td', { text: point.bucket }),
      h('td', { class: 'num', text: formatCount(point.count) }),
      h('td', { class: 'num', text: formatMoney(point.amount) }),
    ),
  );
  return section(
    'part-series',
    `reports.series.${report.granularity}`,
    h('div', { class: 'chart-scroll' }, h('ol', { class: 'columns', id: 'series-chart' }, ...columns)),
    h(
      'details',
      { class: 'chart-table' },
      h('summary', { text: t('reports.asTable') }),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'series-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col', text: t('reports.col.bucket') }),
              h('th', { scope: 'col', class: 'num', text: t('reports.col.orders') }),
              h('th', { scope: 'col', class: 'num', text: t('reports.col.amount') }),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
    ),
  );
}

/** Horizontal bars of a `{ code: { count, amount } }` breakdown, largest first. */
function breakdown(id, titleKey, prefix, record = {}) {
  // Codes with nothing in the period are left out: eleven statuses of zeros hide the few that count.
  const entries = Object.entries(record)
    .filter(([, v]) => v.count || v.amount)
    .sort(([, a], [, b]) => b.count - a.count || b.amount - a.amount);
  const max = Math.max(0, ...entries.map(([, v]) => v.count));
  const items = entries.map(([code, value]) => {
    const fill = h('span', { class: 'hbar-fill' });
    fill.style.width = `${share(value.count, max)}%`;
    const name = label(prefix, code);
    const text = countAmount(value.count, value.amount);
    return h(
      'li',
      { class: 'hbar', dataset: { code }, title: `${name}: ${text}` },
      h('span', { class: 'hbar-label', text: name }),
      h('span', { class: 'hbar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'hbar-value', text }),
    );
  });
  return section(
    id,
    titleKey,
    items.length
      ? h('ul', { class: 'hbars' }, ...items)
      : h('p', { class: 'muted', text: t('reports.nothing') }),
  );
}

/** A table in a box that scrolls sideways on a phone instead of the page. */
function table(id, columns, rows) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...columns.map(([key, num]) => h('th', { scope: 'col', class: num ? 'num' : null, text: t(key) })),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((cells) =>
          h('tr', {}, ...cells.map((text, i) => h('td', { class: columns[i][1] ? 'num' : null, text }))),
        ),
      ),
    ),
  );
}

const facts = (pairs, params = {}) =>
  h(
    'dl',
    { class: 'facts' },
    ...pairs.flatMap(([key, value]) => [h('dt', { text: t(key, params) }), h('dd', {}, value)]),
  );

const ofShare = (part, whole, ratio) =>
  t('reports.ofShare', { part: formatCount(part), whole: formatCount(whole), share: formatShare(ratio) });

function processing(report) {
  const row = (key, d) => [t(key), formatCount(d.count), formatHours(d.medianHours), formatHours(d.p90Hours)];
  return section(
    'part-processing',
    'reports.processing',
    table(
      'processing-table',
      [
        ['reports.col.step', false],
        ['reports.col.reached', true],
        ['reports.col.median', true],
        ['reports.col.p90', true],
      ],
      [
        row('reports.toApproved', report.processing.toApproved),
        row('reports.toDelivered', report.processing.toDelivered),
      ],
    ),
    facts([['reports.slaBreached', ofShare(report.sla.breached, report.orders.count, report.sla.share)]]),
  );
}

function approvals(report) {
  const rows = (report.approvals ?? []).map((a) => [
    label('role', a.tier),
    formatCount(a.count),
    formatCount(a.approved),
    formatCount(a.rejected),
    formatHours(a.answer.medianHours),
    formatHours(a.answer.p90Hours),
  ]);
  return section(
    'part-approvals',
    'reports.approvals',
    rows.length
      ? table(
          'approvals-table',
          [
            ['reports.col.tier', false],
            ['reports.col.decisions', true],
            ['reports.col.approved', true],
            ['reports.col.rejected', true],
            ['reports.col.medianAnswer', true],
            ['reports.col.p90', true],
          ],
          rows,
        )
      : h('p', { class: 'muted', text: t('reports.nothing') }),
  );
}

function rush({ rush: r }) {
  return section(
    'part-rush',
    'reports.rush',
    facts(
      [
        ['reports.rushOrders', formatCount(r.orders)],
        ['reports.rushAnswered', ofShare(r.answeredWithinHour, r.decided, r.answeredWithinHourShare)],
        ['reports.rushWindows', ofShare(r.windowsComplete, r.windows, r.windowsCompleteShare)],
        ['reports.rushOnTime', ofShare(r.deliveredOnTime, r.delivered, r.onTimeShare)],
      ],
      rushTargets(r),
    ),
  );
}

/** R-PROC-7, R-TRACK-2/3: delivery against the requested date, lead time, shipments, exceptions. */
function fulfilment({ fulfilment: f }) {
  if (!f) return null;
  const kinds = Object.entries(f.exceptionsByKind ?? {}).map(
    ([kind, n]) => `${t(`life.kind.${kind}`)} ${formatCount(n)}`,
  );
  return section(
    'part-fulfilment',
    'reports.fulfilment',
    facts([
      ['reports.fulfilment.onTime', ofShare(f.deliveredOnTime, f.delivered, f.onTimeShare)],
      [
        'reports.fulfilment.leadTime',
        `${formatHours(f.leadTime.medianHours)} / ${formatHours(f.leadTime.p90Hours)}`,
      ],
      ['reports.fulfilment.partial', formatCount(f.partiallyShipped)],
      ['reports.fulfilment.exceptions', kinds.join('、')],
      ['reports.fulfilment.closed', `${formatCount(f.completed)} / ${formatCount(f.archived)}`],
    ]),
  );
}

function afterSales({ afterSales: a }) {
  const types = Object.entries(a.byType ?? {}).map(
    ([type, n]) => `${label('cases.type', type)} ${formatCount(n)}`,
  );
  return section(
    'part-after-sales',
    'reports.afterSales',
    facts([
      ['reports.cases', formatCount(a.cases)],
      ['reports.byType', types.length ? types.join('、') : t('common.none')],
      ['reports.refunds', countAmount(a.refunds.count, a.refunds.amount)],
    ]),
  );
}

function tops(report) {
  const customers = (report.topCustomers ?? []).map((c, i) => [
    String(i + 1),
    c.name,
    formatCount(c.count),
    formatMoney(c.amount),
  ]);
  const products = (report.topProducts ?? []).map((p, i) => [
    String(i + 1),
    p.sku,
    p.name,
    formatCount(p.quantity),
    formatMoney(p.amount),
  ]);
  return [
    section(
      'part-top-customers',
      'reports.topCustomers',
      table(
        'top-customers',
        [
          ['reports.col.rank', true],
          ['reports.col.customer', false],
          ['reports.col.orders', true],
          ['reports.col.amount', true],
        ],
        customers,
      ),
    ),
    section(
      'part-top-products',
      'reports.topProducts',
      table(
        'top-products',
        [
          ['reports.col.rank', true],
          ['reports.col.sku', false],
          ['reports.col.product', false],
          ['reports.col.quantity', true],
          ['reports.col.amount', true],
        ],
        products,
      ),
    ),
  ];
}

const quoteCount = (count, amount) =>
  t('reports.quoteCount', { count: formatCount(count), amount: formatMoney(amount) });

/** R-QUOTE-1..3: quotations made in the period, when the report carries them. */
function quotations({ quotations: q }) {
  if (!q) return null;
  return section(
    'part-quotations',
    'reports.quotations',
    facts([
      ['reports.quoted', quoteCount(q.quoted, q.quotedAmount)],
      ['reports.quotedApproved', formatCount(q.approved)],
      ['reports.quotedAccepted', quoteCount(q.accepted, q.acceptedAmount)],
      ['reports.quotedDeclinedExpired', `${formatCount(q.declined)} / ${formatCount(q.expired)}`],
      ['reports.conversion', formatShare(q.conversionRate)],
      [
        'reports.quoteApproval',
        `${formatHours(q.approvalHours.median)} / ${formatHours(q.approvalHours.p90)}`,
      ],
    ]),
  );
}

const AGES = ['0-30', '31-60', '61-90', '90+'];

/**
 * R-FIN-2: receivables of `GET /api/reports/receivables` — outstanding on the last day by age
 * and by customer, invoices issued and payments received in the period. Drawn only for the
 * roles that route answers (R-SEC-2); the caller passes nothing to the others.
 */
export function renderReceivables(r) {
  const ages = AGES.map((bucket) => [
    t('reports.age', { bucket: t(`reports.age.${bucket}`) }),
    formatMoney(r.buckets[bucket] ?? 0),
  ]);
  return section(
    'part-receivables',
    'reports.receivables',
    h(
      'dl',
      { class: 'facts' },
      ...[
        [t('reports.outstanding', { to: r.to }), formatMoney(r.outstanding)],
        ...ages,
        [t('reports.invoicesIssued'), countAmount(r.invoicesIssued.count, r.invoicesIssued.amount)],
        [t('reports.paymentsReceived'), countAmount(r.paymentsReceived.count, r.paymentsReceived.amount)],
      ].flatMap(([name, value]) => [h('dt', { text: name }), h('dd', { text: value })]),
    ),
    r.customers.length
      ? table(
          'receivables-customers',
          [
            ['reports.col.customer', false],
            ['reports.col.outstanding', true],
            ...AGES.map((bucket) => [`reports.age.${bucket}`, true]),
          ],
          r.customers.map((c) => [
            c.name,
            formatMoney(c.outstanding),
            ...AGES.map((bucket) => formatMoney(c.buckets[bucket] ?? 0)),
          ]),
        )
      : h('p', { class: 'muted', text: t('reports.nothing') }),
  );
}

/**
 * The parts below the headline cards. A period without orders keeps only what can still
 * happen in it (approvals, rush windows and after-sales of earlier orders).
 */
export function renderCharts(report) {
  if (!report.orders.count)
    return [approvals(report), rush(report), afterSales(report), quotations(report)].filter(Boolean);
  return [
    seriesChart(report),
    h(
      'div',
      { class: 'report-grid' },
      breakdown('part-channel', 'reports.byChannel', 'channel', report.byChannel),
      breakdown('part-status', 'reports.byStatus', 'status', report.byStatus),
      breakdown('part-priority', 'reports.byPriority', 'priority', report.byPriority),
    ),
    processing(report),
    approvals(report),
    rush(report),
    fulfilment(report),
    afterSales(report),
    quotations(report),
    ...tops(report),
  ].filter(Boolean);
}
