/**
 * The working calendar page (staff/calendar.html, R-PROC-5): each year's holidays and make-up
 * working days with where they come from (`GET /api/calendar`), the warning about computed
 * years, and for a gm the form that loads a year's official schedule (`PUT /api/calendar/{year}`,
 * replacing the version shown, so two gms cannot overwrite each other unknowingly).
 */
import { api, describeError } from './api.js';
import { showCalendarWarnings } from './calendar-banner.js';
import { byId, h, show } from './dom.js';
import { initI18n, localizeServerMessage, onLangChange, t } from './i18n.js';
import { getToken, getUser, goToLogin } from './session.js';

const state = { status: null, failure: null };

/** `2027-02-05..2027-02-07, 2027-03-01` → every day listed; an unreadable token is kept as is. */
export function expandDays(text) {
  const days = [];
  for (const token of text.split(/[\s,，、]+/).filter(Boolean)) {
    const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(token);
    if (!range) {
      days.push(token);
      continue;
    }
    const end = new Date(`${range[2]}T00:00:00Z`);
    for (
      let d = new Date(`${range[1]}T00:00:00Z`);
      d <= end && days.length < 400;
      d.setUTCDate(d.getUTCDate() + 1)
    )
      days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

function renderYears() {
  const years = state.status?.years ?? [];
  byId('years').replaceChildren(
    ...years.map((y) =>
      h(
        'section',
        { class: 'calendar-year' },
        h('h3', { text: `${y.year} · ${t(`calendar.source.${y.source}`)}` }),
        y.loadedBy
          ? h('p', { class: 'muted', text: t('calendar.loadedBy', { who: y.loadedBy, at: y.loadedAt }) })
          : null,
        h('p', { text: `${t('calendar.holidays')}: ${y.holidays.join(', ') || t('common.none')}` }),
        h('p', { text: `${t('calendar.workdays')}: ${y.workdays.join(', ') || t('common.none')}` }),
      ),
    ),
  );
  document.title = `${t('calendar.title')} · ${t('app.name')}`;
}

async function load() {
  const result = await api('/api/calendar', { auth: true });
  if (!result.ok && result.kind === 'unauthorized') return goToLogin('calendar.html');
  const error = byId('calendar-error');
  show(error, !result.ok);
  if (!result.ok) {
    error.textContent = describeError(result);
    return;
  }
  state.status = result.data;
  renderYears();
}

function fieldError(name, message) {
  const el = byId(`load-${name}-error`);
  el.textContent = message ?? '';
  show(el, Boolean(message));
}

async function submit(event) {
  event.preventDefault();
  for (const name of ['year', 'holidays', 'workdays']) fieldError(name);
  const year = byId('load-year').value.trim();
  const shown = state.status?.years.find((y) => String(y.year) === year && y.version);
  const body = {
    holidays: expandDays(byId('load-holidays').value),
    workdays: expandDays(byId('load-workdays').value),
    ...(shown ? { expectedVersion: shown.version } : {}),
  };
  const result = await api(`/api/calendar/${encodeURIComponent(year || '-')}`, {
    method: 'PUT',
    body,
    auth: true,
  });
  const note = byId('load-result');
  if (result.ok) {
    note.textContent = t('calendar.loaded', { year: result.data.year });
    await load();
    await showCalendarWarnings(byId('calendar-warnings'));
    return;
  }
  note.textContent = describeError(result);
  for (const issue of result.data?.issues ?? []) {
    const name = String(issue.path).split('.')[0];
    if (['year', 'holidays', 'workdays'].includes(name))
      fieldError(name, `${issue.path}: ${localizeServerMessage(issue)}`);
  }
}

function init() {
  initI18n();
  if (!getToken()) return goToLogin('calendar.html');
  const isGm = (getUser()?.roles ?? []).includes('gm');
  show(byId('gm-only'), !isGm);
  byId('load-submit').disabled = !isGm;
  byId('load-year').value = String(new Date().getFullYear() + 1);
  byId('load-form').addEventListener('submit', submit);
  onLangChange(renderYears);
  showCalendarWarnings(byId('calendar-warnings'));
  load();
}

init();
