// @ts-check
/**
 * The rush card on the staff order page (shown when the order view carries `rush`):
 * the application (R-RUSH-1), leadership's answer against the 1-hour target (R-RUSH-3), the
 * task group (R-RUSH-5), the 2-hour report windows with who reported and who missed, the
 * reports themselves and a link to report (R-RUSH-6, overtime → safety, R-RUSH-8), and after
 * delivery the customer's satisfaction and the task group's review (R-RUSH-7). The read-only
 * parts are drawn by staff-rush-timeline.js, the review by staff-rush-review.js.
 */
import { byId, h, show } from './dom.js';
import { formatDateTime } from './format.js';
import { t } from './i18n.js';
import { initReview, renderReviewForm, renderReviewStatus, reviewShownBlock } from './staff-rush-review.js';
import {
  decisionFacts,
  inTaskGroup,
  reports,
  satisfaction,
  taskGroup,
  urgencyBadge,
  windows,
} from './staff-rush-timeline.js';

export { inTaskGroup };

const REPORTING_STATUSES = ['approved', 'in_production', 'shipped'];
const REVIEW_STATUSES = ['delivered', 'completed'];

let page = null;

/** Draw the card for `order`, or hide it when the order is not a rush order. */
export function renderRush(order, now = new Date().toISOString()) {
  const card = byId('rush-card');
  const rush = order?.rush;
  show(card, Boolean(rush));
  if (!rush) return;
  const mine = inTaskGroup(rush);
  const status = order.status;
  card.classList.toggle('is-critical', rush.urgency === 'critical');
  const canReport = mine && REPORTING_STATUSES.includes(status);
  const reportLink = canReport
    ? h(
        'p',
        { class: 'actions' },
        h('a', {
          class: 'button button-primary rush-report-link',
          href: `progress.html?id=${encodeURIComponent(order.orderId)}`,
          text: t('rushCard.report'),
        }),
      )
    : null;

  let reviewPart = null;
  if (rush.review) reviewPart = reviewShownBlock(rush.review);
  else if (mine && REVIEW_STATUSES.includes(status))
    reviewPart = h('div', { class: 'rush-block' }, renderReviewForm());

  const parts = [
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'rush-title' }, t('rushCard.title'), ' ', urgencyBadge(rush.urgency)),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', { text: t('rushCard.requiredBy') }),
      h(
        'dd',
        {},
        h('time', {
          class: 'rush-due',
          datetime: rush.requiredBy,
          text: t('common.beijingTime', { time: formatDateTime(rush.requiredBy) }),
        }),
      ),
      h('dt', { text: t('rushCard.reason') }),
      h('dd', { class: 'pre-line', text: rush.reason }),
      h('dt', { text: t('rushCard.filed') }),
      h('dd', { text: t('rushCard.filedBy', { who: rush.filedBy, at: formatDateTime(rush.filedAt) }) }),
      h('dt', { text: t('rushCard.decision') }),
      decisionFacts(rush, now),
    ),
    reportLink,
    h('div', { class: 'rush-block' }, h('h3', { text: t('rushCard.taskGroup') }), taskGroup(rush)),
    h(
      'div',
      { class: 'rush-block' },
      h('h3', { text: t('rushCard.windows', { minutes: rush.intervalMinutes ?? 120 }) }),
      windows(rush),
    ),
    h('div', { class: 'rush-block' }, h('h3', { text: t('rushCard.reports') }), reports(rush)),
    satisfaction(rush),
    reviewPart,
    renderReviewStatus(),
    h('p', { class: 'hint', text: t('common.timeNote') }),
  ];
  // replaceChildren would write out a null as the text "null".
  byId('rush-body').replaceChildren(...parts.filter(Boolean));
}

/**
 * @param {{ getOrder: () => any, reload: () => Promise<void>, unauthorized: () => void }} wiring
 */
export function initRush(wiring) {
  page = wiring;
  initReview({ ...wiring, redraw: (order) => renderRush(order) });
  // The wait for leadership's answer counts up while the page is open (R-RUSH-3).
  setInterval(() => {
    const order = page.getOrder();
    if (order?.rush && !order.rush.decision && document.visibilityState === 'visible') renderRush(order);
  }, 60_000);
}
