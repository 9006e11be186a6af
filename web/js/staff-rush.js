/**
 * The rush card on the staff order page (shown when the order view carries `rush`):
 * the application (R-RUSH-1), leadership's answer against the 1-hour target (R-RUSH-3), the
 * task group (R-RUSH-5), the 2-hour report windows with who reported and who missed, the
 * reports themselves and a link to report (R-RUSH-6, overtime → safety, R-RUSH-8), and after
 * delivery the customer's satisfaction and the task group's review (R-RUSH-7).
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { createErrorDisplay } from './form-errors.js';
import { formatDateTime } from './format.js';
import { applyTranslations, localizeServerMessage, t } from './i18n.js';
import { getUser } from './session.js';

const REPORTING_ROLES = ['sales', 'production'];
const REPORTING_STATUSES = ['approved', 'in_production', 'shipped'];
const REVIEW_STATUSES = ['delivered', 'completed'];
const GROUP_ROLES = ['lead', 'sales', 'production', 'logistics'];
const REVIEW_FIELDS = ['wentWell', 'wentWrong', 'actions'];

let page = null;
/** The review form, built once so typed text survives redraws and language switches. */
let review = null;
let reviewNote = null; // { tone, text() }
let reviewShown = null; // issues of the last failed attempt
let reviewSending = false;

const roleName = (role) => {
  const text = t(`role.${role}`);
  return text === `role.${role}` ? role : text;
};
const when = (iso) => h('time', { datetime: iso, text: formatDateTime(iso) });
const minutesBetween = (from, to) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));

/** Whether the signed-in user is one of the task group (by email, case-insensitive). */
export function inTaskGroup(rush, user = getUser()) {
  const me = String(user?.email ?? '').toLowerCase();
  if (!me || !rush?.taskGroup) return false;
  return GROUP_ROLES.some((role) => String(rush.taskGroup[role] ?? '').toLowerCase() === me);
}

function urgencyBadge(urgency) {
  const tone = urgency === 'critical' ? 'badge-urgent' : 'badge-important';
  return h('span', { class: `badge ${tone}`, text: t(`urgency.${urgency}`) });
}

/** R-RUSH-3: time to decision against the target, or the wait so far. */
function decisionFacts(rush, now) {
  const target = rush.decisionMinutes ?? 60;
  const decision = rush.decision;
  if (!decision) {
    const minutes = minutesBetween(rush.filedAt, now);
    return h(
      'dd',
      {},
      h('span', {
        class: minutes > target ? 'rush-over' : 'rush-waiting',
        text: t('rushCard.waiting', { minutes, target }),
      }),
    );
  }
  const minutes = minutesBetween(rush.filedAt, decision.at);
  const over = minutes > target;
  return h(
    'dd',
    {},
    h('span', {
      class: `badge ${decision.decision === 'approve' ? 'badge-ok' : 'badge-urgent'}`,
      text: t(`rushCard.${decision.decision === 'approve' ? 'approve' : 'reject'}`),
    }),
    ' ',
    t('rushCard.decided', {
      actor: decision.actor,
      role: roleName(decision.role),
      at: formatDateTime(decision.at),
    }),
    h('br'),
    h(
      'span',
      { class: over ? 'rush-over' : 'rush-ok' },
      t('rushCard.took', { minutes, target }),
      over ? ` · ${t('rushCard.overTarget')}` : '',
    ),
    decision.reason ? h('span', { class: 'rush-quote', text: decision.reason }) : null,
  );
}

function taskGroup(rush) {
  if (!rush.taskGroup) return h('p', { class: 'muted', text: t('rushCard.noTaskGroup') });
  const me = String(getUser()?.email ?? '').toLowerCase();
  return h(
    'dl',
    { class: 'facts' },
    GROUP_ROLES.flatMap((role) => {
      const email = rush.taskGroup[role];
      const mine = email && String(email).toLowerCase() === me;
      return [
        h('dt', { text: role === 'lead' ? t('rushCard.lead') : roleName(role) }),
        h('dd', {}, email ?? t('common.none'), mine ? h('strong', { text: t('rushCard.you') }) : null),
      ];
    }),
  );
}

/** R-RUSH-6: each 2-hour window, ✓ per role that reported, ✗ per role that missed. */
function windows(rush) {
  const list = rush.windows ?? [];
  if (!list.length) return h('p', { class: 'muted', text: t('rushCard.noWindows') });
  let lastDate = '';
  return h(
    'ol',
    { class: 'rush-windows' },
    list.map((w) => {
      const start = formatDateTime(w.start);
      const end = formatDateTime(w.end);
      const date = start.slice(0, 10);
      const showDate = date !== lastDate;
      lastDate = date;
      const marks = REPORTING_ROLES.map((role) => {
        const reported = (w.reports ?? []).find((r) => r.role === role);
        const missed = (w.missed ?? []).includes(role);
        const kind = reported ? 'ok' : missed ? 'missed' : 'pending';
        const key = reported ? 'rushCard.reported' : missed ? 'rushCard.missed' : 'rushCard.pending';
        const sign = reported ? '✓' : missed ? '✗' : '○';
        return h(
          'li',
          {
            class: `rush-mark rush-mark-${kind}`,
            title: reported ? `${reported.actor} · ${formatDateTime(reported.at)}` : undefined,
          },
          h('span', { 'aria-hidden': 'true', text: `${sign} ` }),
          t(key, { role: roleName(role) }),
        );
      });
      return h(
        'li',
        { class: `rush-window${(w.missed ?? []).length ? ' has-missed' : ''}` },
        h(
          'p',
          { class: 'rush-window-head' },
          h('strong', { text: t('rushCard.window', { index: w.index }) }),
          ' ',
          h('time', {
            datetime: w.start,
            text: `${showDate ? `${date} ` : ''}${start.slice(11)}–${end.slice(11)}`,
          }),
        ),
        h('ul', { class: 'rush-marks' }, marks),
      );
    }),
  );
}

function reports(rush) {
  const list = [...(rush.reports ?? [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  if (!list.length) return h('p', { class: 'muted', text: t('rushCard.noReports') });
  const row = (key, value) => (value ? [h('dt', { text: t(key) }), h('dd', { text: value })] : []);
  return h(
    'ol',
    { class: 'rush-reports' },
    list.map((r) =>
      h(
        'li',
        { class: 'rush-report' },
        h(
          'p',
          { class: 'rush-report-head' },
          h('span', { class: 'badge badge-status', text: roleName(r.role) }),
          ' ',
          r.actor,
          ' · ',
          when(r.at),
          r.overtime ? [' ', h('span', { class: 'badge badge-sla', text: t('rushCard.overtime') })] : null,
        ),
        h(
          'dl',
          { class: 'facts' },
          row('rushCard.done', r.done),
          row('rushCard.next', r.next),
          row('rushCard.risk', r.risk),
          r.expectedDelivery
            ? [h('dt', { text: t('rushCard.expectedDelivery') }), h('dd', {}, when(r.expectedDelivery))]
            : [],
        ),
      ),
    ),
  );
}

function satisfaction(rush) {
  const s = rush.satisfaction;
  if (!s) return null;
  const score = Math.max(0, Math.min(5, Math.round(Number(s.score) || 0)));
  return h(
    'div',
    { class: 'rush-block' },
    h('h3', { text: t('rushCard.satisfaction') }),
    h(
      'p',
      { class: 'rush-stars', role: 'img', 'aria-label': t('rushCard.stars', { score }) },
      h('span', { class: 'rush-star-on', text: '★'.repeat(score) }),
      h('span', { class: 'rush-star-off', text: '☆'.repeat(5 - score) }),
      ' ',
      h('span', { class: 'muted', 'aria-hidden': 'true', text: `${score}/5 · ${formatDateTime(s.at)}` }),
    ),
    s.comment ? h('p', { class: 'rush-quote', text: s.comment }) : null,
  );
}

function reviewShownBlock(r) {
  const row = (key, value) => [h('dt', { text: t(key) }), h('dd', { class: 'pre-line', text: value })];
  return h(
    'div',
    { class: 'rush-block' },
    h('h3', { text: t('rushCard.review') }),
    h(
      'dl',
      { class: 'facts' },
      row('rushCard.wentWell', r.wentWell),
      row('rushCard.wentWrong', r.wentWrong),
      row('rushCard.actions', r.actions),
    ),
    h('p', { class: 'hint', text: t('rushCard.reviewBy', { who: r.actor, at: formatDateTime(r.at) }) }),
  );
}

// ---- review form (R-RUSH-7) ----

function buildReviewForm() {
  const box = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  const title = h('p', { class: 'notice-title' });
  const list = h('ul');
  box.append(title, list);
  const fields = REVIEW_FIELDS.map((key) => {
    const id = `rush-review-${key}`;
    return h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: id },
        h('span', { dataset: { i18n: `rushCard.${key}` } }),
        h('span', { class: 'req', 'aria-hidden': 'true', text: ' *' }),
      ),
      h('textarea', {
        id,
        name: key,
        rows: 3,
        maxlength: 2000,
        required: true,
        dataset: { path: key },
        'aria-describedby': `${id}-error`,
      }),
      h('p', { id: `${id}-error`, class: 'field-error', hidden: true }),
    );
  });
  const button = h(
    'button',
    { type: 'submit', class: 'button button-primary' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', { class: 'label' }),
  );
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'rush-review-form', novalidate: true },
    h('h3', { dataset: { i18n: 'rushCard.review' } }),
    h('p', { class: 'hint', dataset: { i18n: 'rushCard.reviewIntro' } }),
    box,
    ...fields,
    h('p', { class: 'actions' }, button),
  );
  const errors = createErrorDisplay(form, { box, title, list });
  form.addEventListener('submit', submitReview);
  form.addEventListener('input', (event) => errors.clearFor(event.target));
  return { form, errors, button, status };
}

function renderReviewForm() {
  review ??= buildReviewForm();
  applyTranslations(review.form);
  review.button.disabled = reviewSending;
  review.button.classList.toggle('is-busy', reviewSending);
  review.button.lastElementChild.textContent = t(
    reviewSending ? 'rushCard.reviewSending' : 'rushCard.reviewSubmit',
  );
  if (reviewShown) {
    const issues = reviewShown.map((i) => ({ path: i.path, message: localizeServerMessage(i.message) }));
    review.errors.show(issues, { focus: false });
  }
  return review.form;
}

function renderReviewStatus() {
  if (!review) return null;
  review.status.className = reviewNote ? `notice notice-${reviewNote.tone}` : '';
  review.status.textContent = reviewNote ? reviewNote.text() : '';
  return review.status;
}

async function submitReview(event) {
  event.preventDefault();
  const order = page.getOrder();
  if (!order || reviewSending) return;
  const body = {};
  const issues = [];
  for (const key of REVIEW_FIELDS) {
    body[key] = review.form.elements[key].value.trim();
    if (!body[key]) issues.push({ path: key, message: 'Required' });
  }
  reviewNote = null;
  reviewShown = issues.length ? issues : null;
  if (issues.length) {
    renderRush(order);
    review.errors.show(
      issues.map((i) => ({ path: i.path, message: localizeServerMessage(i.message) })),
      { focus: true },
    );
    return;
  }
  review.errors.clear();
  reviewSending = true;
  renderRush(order);
  const result = await api(`/api/rush-orders/${encodeURIComponent(order.orderId)}/review`, {
    method: 'POST',
    body,
    auth: true,
  });
  reviewSending = false;
  if (result.ok) {
    review.form.reset();
    reviewNote = { tone: 'ok', text: () => t('rushCard.reviewSaved') };
    renderRush(order);
    return page.reload();
  }
  if (result.kind === 'unauthorized') return page.unauthorized();
  const serverIssues = Array.isArray(result.data?.issues) ? result.data.issues : [];
  if (result.kind === 'validation' && serverIssues.length) {
    reviewShown = serverIssues;
    renderRush(order);
    review.errors.show(
      serverIssues.map((i) => ({ path: i.path, message: localizeServerMessage(i.message) })),
      { focus: true },
    );
    return;
  }
  if (result.kind === 'conflict') {
    reviewNote = { tone: 'warn', text: () => t('rushCard.reviewConflict') };
    renderRush(order);
    return page.reload();
  }
  reviewNote = {
    tone: 'error',
    text: () =>
      result.kind === 'forbidden'
        ? t('rushCard.reviewForbidden')
        : `${describeError(result)} ${t('err.inputKept')}`,
  };
  renderRush(order);
}

// ---- the card ----

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
  // The wait for leadership's answer counts up while the page is open (R-RUSH-3).
  setInterval(() => {
    const order = page.getOrder();
    if (order?.rush && !order.rush.decision && document.visibilityState === 'visible') renderRush(order);
  }, 60_000);
}
