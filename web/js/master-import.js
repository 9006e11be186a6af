// @ts-check
/**
 * The import panel of the master-data pages (R-MASTER-1..3): a CSV or XLSX file, checked first
 * (`?dryRun=true`: counts, or every bad row by row number and column) and then imported; the
 * template of each kind to start from. Nothing is written while any row is wrong.
 */
import { api, describeError } from './api.js';
import { byId, h, show } from './dom.js';
import { t } from './i18n.js';
import { saveReportFile } from './report-download.js';

const FILE_TYPES = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The panel's markup in `#import-card`, for the kinds this page imports (labels follow the language). */
function renderPanel(kinds) {
  const label = (forId, key) => h('label', { for: forId, 'data-i18n': key, text: t(key) });
  const button = (id, cls, key, type = 'button') =>
    h('button', { type, id, class: cls, 'data-i18n': key, text: t(key) });
  const th = (key) => h('th', { scope: 'col', 'data-i18n': key, text: t(key) });
  byId('import-card').replaceChildren(
    h('h2', { id: 'import-title', 'data-i18n': 'import.title', text: t('import.title') }),
    h('p', { class: 'hint', 'data-i18n': 'import.hint', text: t('import.hint') }),
    h(
      'form',
      { id: 'import-form', novalidate: true },
      h(
        'div',
        { class: 'filter-row' },
        h(
          'div',
          { class: 'field' },
          label('import-kind', 'import.kind'),
          h(
            'select',
            { id: 'import-kind' },
            kinds.map((k) =>
              h('option', { value: k, 'data-i18n': `import.kind.${k}`, text: t(`import.kind.${k}`) }),
            ),
          ),
        ),
        h(
          'div',
          { class: 'field' },
          label('import-file', 'import.file'),
          h('input', { id: 'import-file', type: 'file', accept: FILE_TYPES }),
        ),
      ),
      h(
        'div',
        { class: 'actions' },
        button('import-check', 'button button-secondary', 'import.check'),
        button('import-run', 'button button-primary', 'import.run', 'submit'),
        button('import-template', 'button button-link', 'import.template'),
      ),
    ),
    h('p', { id: 'import-result', role: 'status', hidden: true }),
    h(
      'div',
      { class: 'table-wrap', id: 'import-errors-wrap', hidden: true },
      h(
        'table',
        { class: 'stack' },
        h('thead', {}, h('tr', {}, th('import.row'), th('import.column'), th('import.problem'))),
        h('tbody', { id: 'import-errors' }),
      ),
    ),
  );
}

/** @param {{ kinds: string[], onDone: () => void, fail: (result: any) => void }} options */
export function setupImport({ kinds, onDone, fail }) {
  renderPanel(kinds);
  const result = byId('import-result');
  const errors = byId('import-errors');

  /** @param {boolean} busy */
  function setBusy(busy) {
    const buttons = /** @type {NodeListOf<HTMLButtonElement>} */ (
      document.querySelectorAll('#import-form button')
    );
    for (const b of buttons) b.disabled = busy;
  }

  function clear() {
    show(result, false);
    show(byId('import-errors-wrap'), false);
    errors.replaceChildren();
  }

  /** @param {boolean} dryRun */
  async function send(dryRun) {
    clear();
    const input = /** @type {HTMLInputElement} */ (byId('import-file'));
    const file = input.files?.[0];
    const kind = /** @type {HTMLSelectElement} */ (byId('import-kind')).value;
    if (!file) {
      result.textContent = t('import.noFile');
      result.className = 'notice notice-error';
      return show(result);
    }
    result.textContent = t('import.working');
    result.className = 'notice notice-info';
    show(result);
    setBusy(true);
    const answer = await api(`/api/imports/${kind}${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      body: file,
      auth: true,
      timeoutMs: 120_000,
    });
    setBusy(false);
    if (answer.ok) {
      const d = answer.data;
      result.textContent = t(dryRun ? 'import.checked' : 'import.done', {
        created: d.created,
        updated: d.updated,
        unchanged: d.unchanged,
      });
      result.className = 'notice notice-info';
      if (!dryRun) onDone();
      return;
    }
    if (answer.kind === 'validation' && Array.isArray(answer.data?.rows)) {
      result.textContent = t('import.problems', { count: answer.data.rows.length });
      result.className = 'notice notice-error';
      errors.replaceChildren(
        ...answer.data.rows.map((/** @type {any} */ r) =>
          h(
            'tr',
            {},
            h('td', { 'data-label': t('import.row'), text: String(r.row) }),
            h('td', { 'data-label': t('import.column'), text: r.column }),
            h('td', { 'data-label': t('import.problem'), text: r.message }),
          ),
        ),
      );
      show(byId('import-errors-wrap'));
      return;
    }
    show(result, false);
    if (answer.kind === 'too_large')
      return fail({ ...answer, kind: 'validation', data: { error: t('import.tooLarge') } });
    fail(answer);
  }

  byId('import-form').addEventListener('submit', (e) => {
    e.preventDefault();
    send(false);
  });
  byId('import-check').addEventListener('click', () => send(true));
  byId('import-template').addEventListener('click', async () => {
    const kind = /** @type {HTMLSelectElement} */ (byId('import-kind')).value;
    const saved = await saveReportFile(`/api/imports/${kind}/template?format=xlsx`, `${kind}-template.xlsx`);
    if (!saved.ok) fail(saved);
  });
}

/** Saves an export of `kind` as XLSX. */
export async function saveExport(kind, fail) {
  const saved = await saveReportFile(`/api/exports/${kind}?format=xlsx`, `${kind}.xlsx`);
  if (!saved.ok) fail(saved);
}

export { describeError };
