// @ts-check
/**
 * The special-requirement card on the staff order page (R-SPEC-1, 客户特殊要求出货申请单): the
 * lines that differ from the product's standard, each department's opinion, and — while the
 * review waits on a department the signed-in user belongs to — accept (with conditions) or
 * reject (with a reason, required). The server re-checks the department; the last acceptance
 * starts the price approval, a rejection holds the order for sales.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { formatDateTime } from './format.js';
import { localizeServerMessage, t } from './i18n.js';
import { getUser } from './session.js';

/** Wiring from the page: the order shown, how to replace it, where 401 goes. */
let page = null;
let note = null;
let sending = false;

const roleName = (role) => {
  const text = t(`role.${role}`);
  return text === `role.${role}` ? role : text;
};

/** The departments of the review still to answer that the user belongs to. */
export function myDepartments(review, user = getUser()) {
  const roles = user?.roles ?? [];
  return (review?.departments ?? []).filter(
    (d) => roles.includes(d) && !(review.opinions ?? []).some((o) => o.department === d),
  );
}

async function send(opinion) {
  const order = page?.getOrder();
  if (!order || sending) return;
  const text = /** @type {HTMLTextAreaElement} */ (byId('special-text')).value.trim();
  if (opinion === 'reject' && !text) {
    note = { tone: 'error', text: () => t('special.reasonRequired') };
    renderSpecial(order);
    return byId('special-text').focus();
  }
  sending = true;
  renderSpecial(order);
  const body =
    opinion === 'reject' ? { opinion, reason: text } : { opinion, ...(text ? { conditions: text } : {}) };
  const result = await api(`/api/orders/${encodeURIComponent(order.orderId)}/special-review`, {
    method: 'POST',
    body,
    auth: true,
  });
  sending = false;
  if (result.ok) {
    note = {
      tone: 'ok',
      text: () => t(opinion === 'reject' ? 'special.rejectedNote' : 'special.acceptedNote'),
    };
    page.setOrder(result.data);
    return;
  }
  if (result.kind === 'unauthorized') return page.unauthorized();
  const issue = result.data?.issues?.[0];
  note = { tone: 'error', text: () => (issue ? localizeServerMessage(issue) : describeError(result)) };
  if (result.kind === 'conflict') await page.reload();
  else renderSpecial(order);
}

/** Draw the card for `order`, or hide it when the order has no special requirements. */
export function renderSpecial(order) {
  const card = byId('special-card');
  const review = order?.specialReview;
  show(card, Boolean(review));
  if (!review) return;
  const lines = (order.items ?? [])
    .map((item, i) => ({ item, n: i + 1 }))
    .filter(({ item }) => item.special?.length);
  const opinions = review.departments.map((d) => {
    const o = (review.opinions ?? []).find((x) => x.department === d);
    return h(
      'li',
      { class: 'special-opinion', dataset: { department: d, opinion: o?.opinion ?? 'waiting' } },
      h('b', { text: roleName(d) }),
      '：',
      o
        ? `${t(o.opinion === 'accept' ? 'special.accept' : 'special.reject')}${
            o.conditions || o.reason ? ` — ${o.conditions ?? o.reason}` : ''
          } (${o.actor}, ${formatDateTime(o.at)})`
        : t('special.waiting'),
    );
  });
  const mine = review.status === 'pending' && order.status === 'received' ? myDepartments(review) : [];
  const form = mine.length
    ? h(
        'div',
        { class: 'special-form' },
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'special-text', text: t('special.text', { department: roleName(mine[0]) }) }),
          h('textarea', { id: 'special-text', rows: '3', maxlength: '1000' }),
        ),
        h(
          'p',
          { class: 'actions' },
          h('button', {
            type: 'button',
            id: 'special-accept',
            class: 'button button-approve',
            disabled: sending,
            text: t('special.acceptButton'),
            onclick: () => send('accept'),
          }),
          h('button', {
            type: 'button',
            id: 'special-reject',
            class: 'button button-reject',
            disabled: sending,
            text: t('special.rejectButton'),
            onclick: () => send('reject'),
          }),
        ),
      )
    : null;
  byId('special-body').replaceChildren(
    h('h2', { id: 'special-title', text: t('special.title') }),
    h('p', { class: 'special-status', text: t(`special.status.${review.status ?? 'pending'}`) }),
    h(
      'ul',
      { class: 'special-lines' },
      ...lines.map(({ item, n }) =>
        h('li', {
          text: `${t('special.line', { n })} ${item.sku} ${item.name}: ${item.special
            .map(
              (k) =>
                `${t(`special.kind.${k}`)}${k === 'spec' ? ` ${item.spec ?? ''}` : ''}${
                  k === 'packaging' ? ` ${item.packaging ?? ''}` : ''
                }${k === 'labelling' ? ` ${item.labelling ?? ''}` : ''}${k === 'inspection' ? ` ${item.inspection ?? ''}` : ''}`,
            )
            .join('；')}`,
        }),
      ),
    ),
    h('ul', { class: 'special-opinions' }, ...opinions),
    h('p', {
      id: 'special-note',
      role: 'status',
      class: note ? `notice notice-${note.tone}` : '',
      text: note ? note.text() : '',
    }),
    form,
  );
}

export function initSpecial(wiring) {
  page = wiring;
}
