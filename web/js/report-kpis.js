// @ts-check
/**
 * The headline cards of the reports dashboard (R-REPORT-1, R-REPORT-2): each figure of the
 * report's `change` map with its value, the previous period's and how it moved. The move is
 * said with an arrow and words as well as colour, and whether it is good news depends on the
 * figure (more orders is good, more SLA breaches is not).
 */
import { h } from './dom.js';
import { formatMoney } from './format.js';
import { rushTargets, t } from './i18n.js';

/** `better`: the direction that is good news. */
export const HEADLINES = [
  { key: 'orders.count', kind: 'count', better: 'up' },
  { key: 'orders.amount', kind: 'money', better: 'up' },
  { key: 'netAmount', kind: 'money', better: 'up' },
  { key: 'processing.toApproved.medianHours', kind: 'hours', better: 'down' },
  { key: 'processing.toDelivered.medianHours', kind: 'hours', better: 'down' },
  { key: 'sla.breached', kind: 'count', better: 'down' },
  { key: 'rush.answeredWithinHourShare', kind: 'share', better: 'up' },
  { key: 'rush.windowsCompleteShare', kind: 'share', better: 'up' },
  { key: 'rush.onTimeShare', kind: 'share', better: 'up' },
  { key: 'afterSales.cases', kind: 'count', better: 'down' },
  { key: 'afterSales.refunds.amount', kind: 'money', better: 'down' },
];

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

export const formatCount = (n) => (isNumber(n) ? n.toLocaleString('en-US') : t('common.none'));
export const formatHours = (hours) =>
  isNumber(hours) ? t('reports.hours', { hours: hours.toFixed(1) }) : t('common.none');
export const formatShare = (share) => (isNumber(share) ? `${(share * 100).toFixed(1)}%` : t('common.none'));

/** A figure as text; null (no order reached the step) → "—", never NaN. */
export function formatFigure(kind, value) {
  if (!isNumber(value)) return t('common.none');
  if (kind === 'money') return formatMoney(value);
  if (kind === 'hours') return formatHours(value);
  if (kind === 'share') return formatShare(value);
  return formatCount(value);
}

/** `report.orders.amount` by its dotted key. */
const at = (object, key) => key.split('.').reduce((value, part) => value?.[part], object);

/** The change of one figure; computed from both periods when the report carries no `change`. */
export function changeOf(report, key) {
  const given = report.change?.[key];
  if (given) return given;
  const current = at(report, key) ?? null;
  const previous = at(report.previous, key) ?? null;
  const delta = isNumber(current) && isNumber(previous) ? current - previous : null;
  const ratio = delta !== null && previous !== 0 ? delta / previous : null;
  return { current, previous, delta, ratio };
}

/** "▲ 12.5%" / "▼ 3.0 个百分点" / "持平" / "—", and its tone. */
export function describeChange(kind, { delta, ratio }, better) {
  if (!isNumber(delta)) return { arrow: '', text: t('reports.noComparison'), tone: 'none' };
  if (delta === 0) return { arrow: '＝', text: t('reports.unchanged'), tone: 'flat' };
  const up = delta > 0;
  const arrow = up ? '▲' : '▼';
  const tone = up === (better === 'up') ? 'good' : 'bad';
  let amount;
  // Shares move in percentage points; a ratio of a ratio would mislead.
  if (kind === 'share') amount = t('reports.points', { points: Math.abs(delta * 100).toFixed(1) });
  else if (isNumber(ratio)) amount = `${Math.abs(ratio * 100).toFixed(1)}%`;
  else amount = t('reports.fromZero');
  return { arrow, text: t(up ? 'reports.up' : 'reports.down', { amount }), tone };
}

function card({ key, kind, better }, report) {
  const change = changeOf(report, key);
  const move = describeChange(kind, change, better);
  return h(
    'li',
    { class: 'kpi', dataset: { key } },
    h('span', { class: 'kpi-label', text: t(`reports.kpi.${key}`, rushTargets(report.rush)) }),
    h('strong', { class: 'kpi-value', text: formatFigure(kind, change.current) }),
    h(
      'span',
      { class: `kpi-change kpi-${move.tone}`, dataset: { tone: move.tone } },
      move.arrow ? h('span', { 'aria-hidden': 'true', text: `${move.arrow} ` }) : null,
      move.text,
    ),
    h('span', {
      class: 'kpi-previous',
      text: t('reports.previousValue', { value: formatFigure(kind, change.previous) }),
    }),
  );
}

/** The list of headline cards of `report`. */
export const renderHeadlines = (report) =>
  h('ul', { class: 'kpis', id: 'kpis' }, ...HEADLINES.map((figure) => card(figure, report)));
