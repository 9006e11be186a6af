// @ts-check
/**
 * The print links of the staff order page (staff/order.html): the order confirmation, and the
 * delivery note of each shipment, opening staff/print.html. Kept apart from the order page's
 * modules; it reads the order itself, and again when the order's life card changes.
 */
import { api } from './api.js';
import { h, param } from './dom.js';
import { onLangChange, t } from './i18n.js';

const id = param('id') ?? '';
/** @type {any[]} */
let shipments = [];

function render() {
  const box = document.getElementById('print-links');
  if (!box) return;
  const link = (/** @type {string} */ query, /** @type {string} */ text) =>
    h('a', {
      class: 'button button-secondary',
      href: `print.html?id=${encodeURIComponent(id)}&${query}`,
      target: '_blank',
      rel: 'noopener',
      text,
    });
  box.replaceChildren(
    link('doc=confirmation', t('print.confirmation')),
    ...shipments.map((s) =>
      link(
        `doc=delivery&shipment=${encodeURIComponent(s.shipmentId)}`,
        t('print.delivery', { id: s.shipmentId }),
      ),
    ),
  );
  box.hidden = false;
}

async function load() {
  if (!id) return;
  const result = await api(`/api/orders/${encodeURIComponent(id)}`, { auth: true });
  if (!result.ok) return;
  shipments = result.data.shipments ?? [];
  render();
}

const life = document.getElementById('life-status');
if (life)
  new MutationObserver(() => load()).observe(life, { childList: true, subtree: true, characterData: true });
onLangChange(render);
load();
