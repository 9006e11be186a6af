// @ts-check
/**
 * The read-only parts of the rush card on the staff order page (staff-rush.js): leadership's
 * answer against the 1-hour target (R-RUSH-3), the task group (R-RUSH-5), the 2-hour report
 * windows with who reported and who missed and the reports themselves (R-RUSH-6, overtime →
 * safety, R-RUSH-8), and the customer's satisfaction after delivery (R-RUSH-7).
 */
import { h } from './dom.js';
import { formatDateTime } from './format.js';
import { t } from './i18n.js';
import { getUser } from './session.js';

const REPORTING_ROLES = ['sales', 'production'];
const GROUP_ROLES = ['lead', 'sales', 'production', 'logistics'];

export const roleName = (role) => {
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

export function urgencyBadge(urgency) {
  const tone = urgency === 'critical' ? 'badge-urgent' : 'badge-important';
  return h('span', { class: `badge ${tone}`, text: t(`urgency.${urgency}`) });
}

/** R-RUSH-3: time to decision against the target, or the wait so far. */
export function decisionFacts(rush, now) {
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

export function taskGroup(rush) {
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
export function windows(rush) {
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

export function reports(rush) {
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

export function satisfaction(rush) {
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
