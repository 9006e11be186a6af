/** One builder for the bilingual staff and customer messages: Chinese first, English below. */
import type { OutgoingEmail } from '../ports.ts';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const yuan = (cents: number): string =>
  `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const ROLE_NAMES: Record<string, [string, string]> = {
  ops: ['运营', 'operations'],
  sales_director: ['销售总监', 'sales director'],
  gm: ['总经理', 'general manager'],
  sales: ['销售', 'sales'],
  production: ['生产部', 'production'],
  logistics: ['物流部', 'logistics'],
};
export const roleZh = (role: string): string => ROLE_NAMES[role]?.[0] ?? role;
export const roleEn = (role: string): string => ROLE_NAMES[role]?.[1] ?? role;

const beijingFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-27 15:00 北京时间`: deadlines as people read them. */
export function beijingTime(iso: string): string {
  const p = Object.fromEntries(beijingFormat.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']} 北京时间`;
}

export interface BilingualMessage {
  to: string[];
  subject: [zh: string, en: string];
  zh: string[];
  en: string[];
  link?: { url: string; zh: string; en: string };
  englishFirst?: boolean;
}

export function bilingualEmail(message: BilingualMessage): OutgoingEmail {
  const blocks = [
    { lines: message.zh, label: message.link?.zh },
    { lines: message.en, label: message.link?.en },
  ];
  if (message.englishFirst) blocks.reverse();
  const url = message.link?.url;
  const text = blocks.map((b) => [...b.lines, ...(url ? [url] : [])].join('\n')).join('\n\n——————\n\n');
  const html = blocks
    .map(
      (b) =>
        b.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
        (url && b.label ? `<p><a href="${escapeHtml(url)}">${escapeHtml(b.label)}</a></p>` : ''),
    )
    .join('<hr>');
  const [zh, en] = message.subject;
  return {
    to: message.to,
    subject: message.englishFirst ? `${en} / ${zh}` : `${zh} / ${en}`,
    text,
    html: `<!doctype html><html><body>${html}</body></html>`,
  };
}
