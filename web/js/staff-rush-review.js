// @ts-check
/**
 * The task group's review on the rush card (R-RUSH-7): shown once written, else the form to
 * write it, built once so typed text survives redraws and language switches.
 */
import { api, describeError } from './api.js';
import { h } from './dom.js';
import { createErrorDisplay } from './form-errors.js';
import { formatDateTime } from './format.js';
import { applyTranslations, localizeServerMessage, t } from './i18n.js';

const REVIEW_FIELDS = ['wentWell', 'wentWrong', 'actions'];

/** @type {{ getOrder: () => any, reload: () => Promise<void>, unauthorized: () => void, redraw: (order: any) => void }} */
let page = null;
let review = null;
let reviewNote = null; // { tone, text() }
let reviewShown = null; // issues of the last failed attempt
let reviewSending = false;

/** Wire the form to the page; `redraw(order)` draws the whole card again. */
export function initReview(wiring) {
  page = wiring;
}

/** R-RUSH-7: the task group's review, once written. */
export function reviewShownBlock(r) {
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

export function renderReviewForm() {
  review ??= buildReviewForm();
  applyTranslations(review.form);
  review.button.disabled = reviewSending;
  review.button.classList.toggle('is-busy', reviewSending);
  review.button.lastElementChild.textContent = t(
    reviewSending ? 'rushCard.reviewSending' : 'rushCard.reviewSubmit',
  );
  if (reviewShown) {
    const issues = reviewShown.map((i) => ({ path: i.path, message: localizeServerMessage(i) }));
    review.errors.show(issues, { focus: false });
  }
  return review.form;
}

export function renderReviewStatus() {
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
    page.redraw(order);
    review.errors.show(
      issues.map((i) => ({ path: i.path, message: localizeServerMessage(i) })),
      { focus: true },
    );
    return;
  }
  review.errors.clear();
  reviewSending = true;
  page.redraw(order);
  const result = await api(`/api/rush-orders/${encodeURIComponent(order.orderId)}/review`, {
    method: 'POST',
    body,
    auth: true,
  });
  reviewSending = false;
  if (result.ok) {
    review.form.reset();
    reviewNote = { tone: 'ok', text: () => t('rushCard.reviewSaved') };
    page.redraw(order);
    return page.reload();
  }
  if (result.kind === 'unauthorized') return page.unauthorized();
  const serverIssues = Array.isArray(result.data?.issues) ? result.data.issues : [];
  if (result.kind === 'validation' && serverIssues.length) {
    reviewShown = serverIssues;
    page.redraw(order);
    review.errors.show(
      serverIssues.map((i) => ({ path: i.path, message: localizeServerMessage(i) })),
      { focus: true },
    );
    return;
  }
  if (result.kind === 'conflict') {
    reviewNote = { tone: 'warn', text: () => t('rushCard.reviewConflict') };
    page.redraw(order);
    return page.reload();
  }
  reviewNote = {
    tone: 'error',
    text: () =>
      result.kind === 'forbidden'
        ? t('rushCard.reviewForbidden')
        : `${describeError(result)} ${t('err.inputKept')}`,
  };
  page.redraw(order);
}
