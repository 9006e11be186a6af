/**
 * The order's workflow runs (GET /api/orders/{id}/workflow): each Step Functions execution of
 * the approval and SLA state machines as a vertical timeline, oldest first, its events grouped
 * by the state they belong to. It shows staff where an order waits — which approval step
 * (R-APPR-1), whether it escalated (R-APPR-2), when the SLA check fires (R-PROC-5) — with the
 * same times as the history (R-APPR-3), in Beijing time.
 */
import { api, describeError } from './api.js';
import { byId, h } from './dom.js';
import { formatDateTime } from './format.js';
import { t } from './i18n.js';

/** 'loading' | 'none' (404) | 'error' | 'ok', and what the last answer said. */
let state = { kind: 'loading', executions: [], error: null };

const STATUS_BADGE = {
  RUNNING: 'badge-status',
  SUCCEEDED: 'badge-ok',
  FAILED: 'badge-urgent',
  TIMED_OUT: 'badge-urgent',
  ABORTED: 'badge-normal',
};

/** `t(key)` when the dictionary has the key, else `fallback` (names as the server sent them). */
function known(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

/** Step Functions event types → a short label: exact ones first, then by their ending. */
const ENDINGS = [
  [/StateEntered$/, 'entered'],
  [/StateExited$/, 'exited'],
  [/Scheduled$/, 'scheduled'],
  [/Started$/, 'started'],
  [/Submitted$/, 'submitted'],
  [/Succeeded$/, 'succeeded'],
  [/(SubmitFailed|StartFailed|ScheduleFailed|Failed)$/, 'failed'],
  [/TimedOut$/, 'timedOut'],
  [/Aborted$/, 'aborted'],
];

export function eventLabel(type) {
  const exact = known(`wf.ev.${type}`, null);
  if (exact) return exact;
  const match = ENDINGS.find(([pattern]) => pattern.test(type));
  return match ? t(`wf.ev.${match[1]}`) : type;
}

const isBad = (type) => /(Failed|TimedOut|Aborted)$/.test(type);

/**
 * Consecutive events of one state form a group. Events without a state belong to the
 * execution when they are Execution* events, else to the state they follow (a task's
 * scheduled/started/succeeded events sit between its state's entered and exited).
 */
export function groupEvents(events) {
  // Event ids grow with the execution's history, also within one millisecond.
  const sorted = [...events].sort((a, b) => a.id - b.id || String(a.at).localeCompare(String(b.at)));
  const groups = [];
  for (const event of sorted) {
    const last = groups.at(-1);
    const name = event.state ?? (/^Execution/.test(event.type) || !last ? null : last.state);
    if (last && last.state === name && !(name && /StateEntered$/.test(event.type))) last.events.push(event);
    else groups.push({ state: name, events: [event] });
  }
  return groups;
}

/** Full date and time when the day changes, the time alone while it stays the same. */
function timeText(iso, previous) {
  const text = formatDateTime(iso, { seconds: true });
  const [day, time] = text.split(' ');
  const same = previous.day === day;
  previous.day = day;
  return same ? time : text;
}

function eventItem(event, previous) {
  const detail = event.detail ? String(event.detail) : '';
  const long = detail.length > 80 || detail.includes('\n');
  return h(
    'li',
    { class: isBad(event.type) ? 'wf-bad' : null },
    h('time', {
      datetime: event.at,
      title: formatDateTime(event.at, { seconds: true }),
      text: timeText(event.at, previous),
    }),
    ' ',
    h('span', { class: 'wf-event', text: eventLabel(event.type), title: event.type }),
    detail && !long ? h('span', { class: 'wf-detail muted', text: detail }) : null,
    long ? h('details', {}, h('summary', { text: t('wf.detail') }), h('pre', { text: detail })) : null,
  );
}

function stateItem(group, current, previous) {
  const label = group.state ? known(`wf.state.${group.state}`, group.state) : t('wf.execution');
  const bad = group.events.some((e) => isBad(e.type));
  const cls = ['wf-step', current ? 'wf-current' : '', bad ? 'wf-step-bad' : ''].filter(Boolean).join(' ');
  return h(
    'li',
    { class: cls },
    h(
      'p',
      { class: 'wf-state' },
      h('strong', { text: label }),
      current ? h('span', { class: 'badge badge-status', text: t('wf.current') }) : null,
    ),
    h(
      'ul',
      { class: 'wf-events' },
      group.events.map((event) => eventItem(event, previous)),
    ),
  );
}

function executionBlock(execution) {
  const groups = groupEvents(execution.events ?? []);
  const lastGroup = groups.at(-1);
  // The step it waits in: a running execution whose last state was entered and not yet left.
  const waiting =
    execution.status === 'RUNNING' &&
    lastGroup?.state &&
    !lastGroup.events.some((e) => /StateExited$/.test(e.type));
  const title = known(`wf.machine.${execution.stateMachine}`, execution.stateMachine);
  const previous = { day: null }; // the date shown last, so repeated dates are left out
  return h(
    'article',
    { class: 'wf-exec' },
    h(
      'h3',
      {},
      title,
      ' ',
      h('span', {
        class: `badge ${STATUS_BADGE[execution.status] ?? 'badge-normal'}`,
        text: known(`wf.status.${execution.status}`, execution.status),
      }),
    ),
    h(
      'p',
      { class: 'muted wf-times' },
      t('wf.started', { time: formatDateTime(execution.startDate, { seconds: true }) }),
      execution.stopDate
        ? ` · ${t('wf.stopped', { time: formatDateTime(execution.stopDate, { seconds: true }) })}`
        : '',
    ),
    h('p', { class: 'muted wf-name', text: execution.name }),
    h(
      'ol',
      { class: 'wf-timeline' },
      groups.map((group, i) => stateItem(group, waiting && i === groups.length - 1, previous)),
    ),
  );
}

/** Draw the last answer into #wf-body (again after a language switch). */
export function renderWorkflow() {
  const body = byId('wf-body');
  if (state.kind === 'loading')
    return body.replaceChildren(h('p', { class: 'muted', text: t('common.loading') }));
  if (state.kind === 'none') return body.replaceChildren(h('p', { class: 'muted', text: t('wf.none') }));
  if (state.kind === 'error') {
    return body.replaceChildren(h('p', { class: 'notice notice-error', text: describeError(state.error) }));
  }
  const executions = [...state.executions].sort((a, b) =>
    String(a.startDate).localeCompare(String(b.startDate)),
  );
  body.replaceChildren(
    ...(executions.length
      ? executions.map(executionBlock)
      : [h('p', { class: 'muted', text: t('wf.none') })]),
  );
}

/** Fetch and draw the order's executions; 401 goes to `unauthorized`. */
export async function loadWorkflow(orderId, { unauthorized }) {
  if (state.kind !== 'ok') state = { ...state, kind: 'loading' };
  renderWorkflow();
  const result = await api(`/api/orders/${encodeURIComponent(orderId)}/workflow`, { auth: true });
  if (result.kind === 'unauthorized') return unauthorized();
  if (result.ok) state = { kind: 'ok', executions: result.data?.executions ?? [], error: null };
  else if (result.kind === 'not_found') state = { kind: 'none', executions: [], error: null };
  else state = { kind: 'error', executions: [], error: result };
  renderWorkflow();
}
