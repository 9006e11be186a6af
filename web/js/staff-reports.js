/**
 * The reports dashboard (staff/reports.html, R-REPORT-2): the figures of
 * `GET /api/reports/summary` for a period chosen with presets or two dates, drawn by
 * report-kpis.js and report-charts.js, with the CSV and XLSX files of the same period to
 * download. The period lives in the URL (`?from=&to=&granularity=`), so the link in a report
 * email opens that period, a reload keeps it and back/forward walk through the periods seen.
 * Roles without access (the API answers 403) get a sentence, not a broken page. Finance, ops and
 * gm also see the receivables of the period (`GET /api/reports/receivables`, R-FIN-2, R-SEC-2).
 */
import { api, describeError } from './api.js';
import { showCalendarWarnings } from './calendar-banner.js';
import { byId, h, show } from './dom.js';
import { formatDateTime } from './format.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { renderCharts, renderReceivables } from './report-charts.js';
import { saveReportFile } from './report-download.js';
import { renderHeadlines } from './report-kpis.js';
import {
  checkPeriod,
  PRESETS,
  periodFromQuery,
  periodQuery,
  presetPeriod,
  RECEIVABLES_ROLES,
  REPORT_ROLES,
} from './report-period.js';
import { getToken, getUser, goToLogin } from './session.js';

const FIELDS = ['from', 'to', 'granularity'];

const state = {
  period: periodFromQuery(location.search),
  /** The report on show and the query it answers. */
  report: null,
  /** R-FIN-2: the receivables of the same period, for the roles that may see balances. */
  receivables: null,
  shownQuery: null,
  loading: false,
  forbidden: false,
  /** Page-level failure and field errors, as functions so a language switch redraws them. */
  failure: null,
  failureList: [],
  failureKind: null,
  fieldErrors: {},
  downloadNote: null,
  /** Only the answer to the latest request is drawn. */
  seq: 0,
};

const here = () => `reports.html${location.search}`;

// ---- drawing ----

function renderPicker() {
  const { from, to, granularity } = state.period;
  // On the 1st, 今天 and 本月 are the same days: both show as chosen.
  for (const button of document.querySelectorAll('[data-preset]')) {
    const days = presetPeriod(button.dataset.preset);
    button.setAttribute('aria-pressed', String(days.from === from && days.to === to));
  }
  byId('period-from').value = from;
  byId('period-to').value = to;
  byId('period-granularity').value = granularity;
  for (const name of FIELDS) {
    const message = state.fieldErrors[name];
    const slot = byId(`period-${name}-error`);
    slot.textContent = message ? message() : '';
    show(slot, Boolean(message));
    if (message) byId(`period-${name}`).setAttribute('aria-invalid', 'true');
    else byId(`period-${name}`).removeAttribute('aria-invalid');
  }
}

function renderStatus() {
  document.body.dataset.state = state.forbidden
    ? 'forbidden'
    : state.loading
      ? 'loading'
      : state.failure
        ? 'error'
        : 'ready';
  show(byId('no-access'), state.forbidden);
  byId('no-access-text').textContent = t('reports.noAccess', {
    roles: REPORT_ROLES.map((role) => t(`role.${role}`)).join('、'),
  });
  show(byId('picker'), !state.forbidden);
  show(byId('report-loading'), state.loading && !state.forbidden);
  show(byId('report-error'), Boolean(state.failure) && !state.loading && !state.forbidden);
  byId('report-error-text').textContent = state.failure ? state.failure() : '';
  byId('report-error-list').replaceChildren(...state.failureList.map((text) => h('li', { text: text() })));
  show(byId('report-error-list'), state.failureList.length > 0);
  // Sending the same wrong period again cannot help; the fields say what to change.
  show(byId('report-retry'), state.failureKind !== 'validation');
  const note = state.downloadNote;
  const status = byId('download-status');
  status.className = note ? `notice notice-${note.tone}` : '';
  status.textContent = note ? note.text() : '';
  show(status, Boolean(note));
  const user = getUser();
  byId('signed-in-as').textContent = user
    ? t('staff.signedInAs', {
        name: user.name ?? user.email,
        roles: (user.roles ?? []).map((role) => t(`role.${role}`)).join('、'),
      })
    : '';
}

function renderReport() {
  const report = state.report;
  const view = byId('report-view');
  show(view, Boolean(report) && !state.forbidden);
  view.setAttribute('aria-busy', String(state.loading));
  view.classList.toggle('is-stale', state.loading);
  if (!report) return;
  view.dataset.query = state.shownQuery;
  const { from, to } = report.period;
  byId('report-heading').textContent =
    from === to ? t('reports.headingDay', { day: from }) : t('reports.heading', { from, to });
  byId('report-meta').textContent = t('reports.meta', {
    from: report.previous?.period?.from ?? '—',
    to: report.previous?.period?.to ?? '—',
    granularity: t(`reports.granularity.${report.granularity}`),
    generated: formatDateTime(report.generatedAt),
  });
  const empty = !report.orders?.count;
  show(byId('report-empty'), empty);
  byId('report-empty').textContent = empty ? t('reports.empty') : '';
  byId('report-headlines').replaceChildren(renderHeadlines(report));
  byId('report-parts').replaceChildren(
    ...renderCharts(report),
    ...(state.receivables ? [renderReceivables(state.receivables)] : []),
  );
}

function render() {
  document.title = `${t('reports.title')} · ${t('app.name')}`;
  renderPicker();
  renderStatus();
  renderReport();
}

// ---- loading ----

/** The API's issues about a period (shared/reports/period.ts) in the page's language, by their codes. */
function periodMessage(issue) {
  if (issue.code === 'period-date') return t('reports.badDate', { value: state.period[issue.path] ?? '' });
  if (issue.code === 'period-order') return t('reports.toBeforeFrom');
  if (issue.code === 'period-too-long')
    return t('reports.tooLong', { days: issue.params?.days ?? '', max: issue.params?.max ?? '' });
  if (issue.path === 'granularity') return t('reports.badGranularity');
  return localizeServerMessage(issue);
}

function showFailure(result) {
  state.failureList = [];
  state.fieldErrors = {};
  if (result.kind === 'validation' && Array.isArray(result.data?.issues)) {
    for (const issue of result.data.issues) {
      const message = () => periodMessage(issue);
      if (FIELDS.includes(issue.path)) state.fieldErrors[issue.path] = message;
      else state.failureList.push(() => `${issue.path ? `${issue.path}: ` : ''}${message()}`);
    }
  }
  state.failure = () => describeError(result);
  state.failureKind = result.kind;
}

/**
 * R-FIN-2, R-SEC-2: the receivables of the period, asked only by the roles that may see balances
 * (finance, ops, gm); any failure (a 403 after a role change) leaves the part out.
 */
async function loadReceivables() {
  const roles = getUser()?.roles ?? [];
  if (!roles.some((role) => RECEIVABLES_ROLES.includes(role))) return null;
  const { from, to } = state.period;
  const result = await api(`/api/reports/receivables?from=${from}&to=${to}`, {
    auth: true,
    timeoutMs: 60_000,
  });
  return result.ok ? result.data : null;
}

async function load() {
  const seq = ++state.seq;
  const query = periodQuery(state.period);
  Object.assign(state, {
    loading: true,
    failure: null,
    failureList: [],
    failureKind: null,
    fieldErrors: {},
    downloadNote: null,
  });
  render();
  const [result, receivables] = await Promise.all([
    api(`/api/reports/summary${query}`, { auth: true, timeoutMs: 60_000 }),
    loadReceivables(),
  ]);
  if (seq !== state.seq) return; // a newer period was asked for meanwhile
  state.loading = false;
  if (result.ok) {
    Object.assign(state, { report: result.data, receivables, shownQuery: query, forbidden: false });
    render();
    return;
  }
  if (result.kind === 'unauthorized') return goToLogin(here());
  if (result.kind === 'forbidden') {
    state.forbidden = true;
    render();
    byId('no-access').focus();
    return;
  }
  showFailure(result);
  // A report of another period must not stay on screen under a failed choice.
  state.report = null;
  render();
  const field = FIELDS.find((name) => state.fieldErrors[name]);
  (field ? byId(`period-${field}`) : byId('report-error')).focus();
}

/** Show `period`: a new history entry when the user chose it, the same one otherwise. */
function choose(period, { push = true } = {}) {
  state.period = period;
  const url = periodQuery(period);
  if (push && url !== location.search) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  load();
}

// ---- downloads ----

async function download(format) {
  const button = byId(`download-${format}`);
  if (button.disabled || !state.shownQuery) return;
  button.disabled = true;
  button.classList.add('is-busy');
  state.downloadNote = { tone: 'info', text: () => t('reports.downloading') };
  renderStatus();
  const { from, to } = state.report.period;
  const result = await saveReportFile(
    `/api/reports/summary${state.shownQuery}&format=${format}`,
    `orderdesk-report-${from}_${to}.${format}`,
  );
  button.disabled = false;
  button.classList.remove('is-busy');
  if (!result.ok && result.kind === 'unauthorized') return goToLogin(here());
  state.downloadNote = result.ok
    ? { tone: 'ok', text: () => t('reports.downloaded', { name: result.name }) }
    : { tone: 'error', text: () => describeError(result) };
  renderStatus();
}

// ---- wiring ----

function submitPeriod(event) {
  event.preventDefault();
  const period = {
    from: byId('period-from').value,
    to: byId('period-to').value,
    granularity: byId('period-granularity').value,
  };
  const issues = checkPeriod(period);
  state.fieldErrors = Object.fromEntries(issues.map((issue) => [issue.path, () => t(issue.key)]));
  if (issues.length) {
    renderPicker();
    byId(`period-${issues[0].path}`).focus();
    return;
  }
  choose(period);
}

function init() {
  initI18n();
  if (!getToken()) return goToLogin(here());
  showCalendarWarnings(byId('calendar-warnings'));
  for (const button of document.querySelectorAll('[data-preset]')) {
    if (!PRESETS.includes(button.dataset.preset)) continue;
    button.addEventListener('click', () =>
      choose({ ...presetPeriod(button.dataset.preset), granularity: state.period.granularity }),
    );
  }
  byId('period-form').addEventListener('submit', submitPeriod);
  // A new granularity redraws the same period at once.
  byId('period-granularity').addEventListener('change', (event) =>
    choose({ ...state.period, granularity: event.target.value }),
  );
  byId('report-retry').addEventListener('click', load);
  byId('download-csv').addEventListener('click', () => download('csv'));
  byId('download-xlsx').addEventListener('click', () => download('xlsx'));
  byId('logout').addEventListener('click', () => goToLogin(here()));
  byId('switch-user').addEventListener('click', () => goToLogin(here()));
  window.addEventListener('popstate', () => {
    state.period = periodFromQuery(location.search);
    load();
  });
  onLangChange(render);
  // Keep the period in the URL from the first load, so a reload shows the same days.
  choose(state.period, { push: false });
}

init();
