// @ts-check
/**
 * The customer asks for a date change or a cancellation from the tracking page (R-CHG-1,
 * R-CHG-3, R-PROC-6): the request goes to ops as a pending change request — the order itself
 * does not change until staff take it up and it is approved.
 */
import { api } from './api.js';
import { byId, h, param } from './dom.js';
import { onLangChange, t } from './i18n.js';

let kind = 'delivery-date';
let sent = null;

function render() {
  const view = document.getElementById('track-view');
  if (!view) return;
  let card = document.getElementById('track-change-card');
  if (!card) {
    card = h('section', { id: 'track-change-card', class: 'card', 'aria-labelledby': 'track-change-title' });
    view.append(card);
  }
  const radio = (value, label) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: 'change-kind',
        value,
        checked: kind === value,
        onchange: () => {
          kind = value;
          render();
        },
      }),
      ` ${t(label)}`,
    );
  card.replaceChildren(
    h('h2', { id: 'track-change-title', text: t('trackChange.title') }),
    // replaceChildren writes a null as the word "null": no notice is an empty string.
    sent
      ? h('p', { class: `notice notice-${sent.ok ? 'ok' : 'error'}`, role: 'status', text: sent.text })
      : '',
    h(
      'form',
      { id: 'track-change-form', novalidate: true, onsubmit: submit },
      h(
        'fieldset',
        {},
        h('legend', { text: t('trackChange.kind') }),
        radio('delivery-date', 'trackChange.date'),
        radio('cancel', 'trackChange.cancel'),
      ),
      kind === 'delivery-date'
        ? [
            h('label', { for: 'track-change-date', text: t('trackChange.newDate') }),
            h('input', { id: 'track-change-date', type: 'date', required: true }),
          ]
        : null,
      h('label', { for: 'track-change-note', text: t('trackChange.note') }),
      h('textarea', { id: 'track-change-note', rows: '3', maxlength: '500' }),
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'button', text: t('trackChange.submit') }),
      ),
    ),
  );
}

async function submit(event) {
  event.preventDefault();
  const token = param('t') ?? '';
  const note = /** @type {HTMLTextAreaElement} */ (byId('track-change-note')).value.trim();
  const body =
    kind === 'cancel'
      ? { kind, reason: 'customer', ...(note ? { note } : {}) }
      : {
          kind,
          requestedDate: /** @type {HTMLInputElement} */ (byId('track-change-date')).value,
          ...(note ? { note } : {}),
        };
  const result = await api(`/api/track/${encodeURIComponent(token)}/changes`, { method: 'POST', body });
  sent = result.ok
    ? { ok: true, text: t('trackChange.sent') }
    : { ok: false, text: t('trackChange.failed', { error: result.data?.error ?? String(result.status) }) };
  render();
}

onLangChange(render);
// The tracking view is filled by track.js; the form joins it once it is there.
const wait = setInterval(() => {
  const view = document.getElementById('track-view');
  if (view && !view.hidden) {
    clearInterval(wait);
    render();
  }
}, 200);
