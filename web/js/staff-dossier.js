// @ts-check
/**
 * The archive dossier on the staff order page (R-ARCH-1): for an archived order, what the
 * frozen dossier holds — when it was archived, its steps, opinions, shipments, exceptions, cases
 * and the customer's feedback — and a download of the whole dossier as JSON. The order is
 * read-only from then on: the page offers no action (the server refuses any with 409).
 */
import { api } from './api.js';
import { byId, h, param } from './dom.js';
import { formatDateTime } from './format.js';
import { onLangChange, t } from './i18n.js';

const id = param('id') ?? '';
/** @type {any} */
let dossier = null;

function render() {
  const card = document.getElementById('dossier-card');
  if (!card || !dossier) return;
  const count = (/** @type {unknown[] | undefined} */ list) => String(list?.length ?? 0);
  const facts = [
    ['dossier.archivedAt', formatDateTime(dossier.archivedAt)],
    ['dossier.steps', count(dossier.history)],
    ['dossier.opinions', count(dossier.approvals)],
    ['dossier.shipments', count(dossier.shipments)],
    ['dossier.exceptions', count(dossier.exceptions)],
    ['dossier.cases', count(dossier.cases)],
    [
      'dossier.feedback',
      dossier.satisfaction
        ? `${dossier.satisfaction.score} / 5 ${dossier.satisfaction.comment ?? ''}`
        : t('dossier.none'),
    ],
  ];
  const blob = new Blob([JSON.stringify(dossier, null, 2)], { type: 'application/json' });
  byId('dossier-body').replaceChildren(
    h('p', { class: 'hint', text: t('dossier.intro') }),
    h(
      'dl',
      { class: 'facts' },
      ...facts.flatMap(([k, v]) => [h('dt', { text: t(k) }), h('dd', { text: v })]),
    ),
    h('a', {
      class: 'button button-secondary',
      href: URL.createObjectURL(blob),
      download: `dossier-${dossier.orderNumber}.json`,
      text: t('dossier.download'),
    }),
  );
  card.hidden = false;
}

async function load() {
  if (!id) return;
  const result = await api(`/api/orders/${encodeURIComponent(id)}/dossier`, { auth: true });
  if (!result.ok) return; // 404 until the order is archived
  dossier = result.data;
  render();
}

onLangChange(render);
load();
