// @ts-check
/**
 * The working-calendar banner (R-PROC-5): `GET /api/calendar`'s `calendarWarnings` — a year ahead
 * whose holidays are computed, not the State Council's schedule — shown in the page's language
 * with a link to the page where a gm loads the schedule. Nothing is shown when all is official.
 */
import { api } from './api.js';
import { h } from './dom.js';
import { getLang, onLangChange, t } from './i18n.js';

export async function showCalendarWarnings(banner) {
  const result = await api('/api/calendar', { auth: true });
  const warnings =
    result.ok && Array.isArray(result.data?.calendarWarnings) ? result.data.calendarWarnings : [];
  const draw = () => {
    banner.replaceChildren(
      h('h2', { text: t('calendar.bannerTitle') }),
      ...warnings.map((w) => h('p', { text: getLang() === 'en' ? w.message.en : w.message.zh })),
      h('p', {}, h('a', { href: 'calendar.html', text: t('calendar.bannerLink') })),
    );
    banner.hidden = warnings.length === 0;
  };
  draw();
  onLangChange(draw);
  return warnings;
}
