/**
 * The local outbox as a page (`GET /_local/outbox`): every email and SMS the local system sent,
 * newest first, so a person trying the system can read the confirmation a customer got and
 * click the approval link an approver got. Each email is shown as its own HTML in a sandboxed
 * frame (no script of it runs; its links open in the page), labels in Chinese or English
 * (`?lang=en`), sized for a phone. The same list is JSON at `?format=json`.
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '#shared/notifications/bilingual-email.ts';

export { escapeHtml };

import type { OutboxMessage } from './ses.ts';

export type OutboxLang = 'zh-CN' | 'en';

const WORDS = {
  title: ['发件箱', 'Outbox'],
  intro: [
    '本机系统发出的每封邮件、短信和群机器人消息，最新的在前。邮件中的链接可直接点击，例如审批链接。此页只对本机开放。',
    'Every email, SMS and group-robot message this system sent, newest first. Links in the emails work: click an approval link to decide. Only this machine can open this page.',
  ],
  count: ['共 {n} 条', 'Messages: {n}'],
  empty: [
    '还没有发出任何邮件或短信。下一张订单的确认邮件会出现在这里。',
    'Nothing sent yet. The next order’s confirmation will appear here.',
  ],
  email: ['邮件', 'Email'],
  sms: ['短信', 'SMS'],
  wecom: ['企业微信群机器人', 'WeCom robot'],
  dingtalk: ['钉钉群机器人', 'DingTalk robot'],
  feishu: ['飞书群机器人', 'Feishu robot'],
  request: ['请求（地址、请求头、消息体）', 'Request (URL, headers, JSON body)'],
  to: ['收件人', 'To'],
  sentAt: ['发送时间（北京时间）', 'Sent (Beijing time)'],
  attachments: ['附件', 'Attachments'],
  refresh: ['刷新', 'Refresh'],
  machine: ['机器可读版本', 'Machine-readable version'],
  toggle: ['English', '中文'],
  colon: ['：', ': '],
} as const satisfies Record<string, readonly [string, string]>;

const word = (lang: OutboxLang, key: keyof typeof WORDS, n?: number) =>
  WORDS[key][lang === 'en' ? 1 : 0].replace('{n}', String(n ?? ''));

/** Plain text with its http(s) links made clickable. */
function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, i) => (i % 2 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');
}

/** Built once: the page lists every message with its time in Beijing. */
const beijingFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const beijing = (iso: string): string => {
  const p: Record<string, string> = {};
  for (const { type, value } of beijingFormat.formatToParts(new Date(iso))) p[type] = value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
};

function emailBody(m: OutboxMessage): string {
  if (!m.html) return `<pre class="message-content">${linkify(m.text)}</pre>`;
  // The email's own document; links replace this page (a click by the user), nothing else runs.
  const doc = `<!doctype html><base target="_top"><style>body{margin:8px;overflow-wrap:anywhere}img{max-width:100%}</style>${m.html}`;
  return `<iframe class="message-content" title="${escapeHtml(m.subject)}" sandbox="allow-same-origin allow-popups allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(doc)}"></iframe>`;
}

function card(m: OutboxMessage, lang: OutboxLang): string {
  const kind = word(lang, m.channel);
  const files = m.attachments.length
    ? `<p class="meta">${word(lang, 'attachments')}${word(lang, 'colon')}<span class="message-content">${m.attachments
        .map((a) => escapeHtml(`${a.filename} (${Math.ceil(a.size / 1024)} KB)`))
        .join(', ')}</span></p>`
    : '';
  return `<article class="message ${m.channel}">
  <p class="meta"><span class="badge">${kind}</span> <span>${word(lang, 'to')}${word(lang, 'colon')}<span class="message-content">${escapeHtml(m.to.join(', '))}</span></span></p>
  <p class="meta">${word(lang, 'sentAt')}${word(lang, 'colon')}<time datetime="${escapeHtml(m.sentAt)}">${beijing(m.sentAt)}</time></p>
  ${m.subject ? `<h2 class="message-content">${escapeHtml(m.subject)}</h2>` : ''}
  ${m.channel === 'email' ? emailBody(m) : `<p class="message-content sms-text">${linkify(m.text)}</p>`}
  ${m.body !== undefined ? robotRequest(m, lang) : ''}
  ${files}
</article>`;
}

/** A robot message as the platform got it: the URL, the headers and the exact JSON body. */
function robotRequest(m: OutboxMessage, lang: OutboxLang): string {
  const headers = Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  let body = m.body ?? '';
  try {
    body = JSON.stringify(JSON.parse(body), null, 2);
  } catch {}
  return `<details><summary>${word(lang, 'request')}</summary><pre class="message-content robot-request">POST ${escapeHtml(m.url ?? '')}
${escapeHtml(headers.join('\n'))}

${escapeHtml(body)}</pre></details>`;
}

/** The page and its Content-Security-Policy (the script that sizes the frames runs by nonce). */
export function outboxPage(messages: OutboxMessage[], lang: OutboxLang): { html: string; csp: string } {
  const nonce = randomBytes(16).toString('base64');
  const newestFirst = [...messages].reverse().sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  const other: OutboxLang = lang === 'en' ? 'zh-CN' : 'en';
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${word(lang, 'title')}</title>
<style>
  body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2328; background: #f4f6f8; }
  main { max-width: 760px; margin: 0 auto; padding: 12px; }
  header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
  h1 { font-size: 1.5rem; margin: 0.5rem 0; }
  h2 { font-size: 1.05rem; margin: 0.25rem 0 0.5rem; overflow-wrap: anywhere; }
  a { color: #0b57d0; }
  .actions a { display: inline-flex; align-items: center; min-height: 44px; padding: 0 12px; border: 1px solid #d0d7de; border-radius: 10px; background: #fff; text-decoration: none; }
  .message { background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 12px; margin: 12px 0; }
  .meta { margin: 0; color: #57606a; font-size: 0.9rem; overflow-wrap: anywhere; }
  .badge { display: inline-block; padding: 0 8px; border-radius: 999px; background: #e7f0fe; color: #1f2328; }
  .sms .badge { background: #fff1d6; }
  .wecom .badge, .dingtalk .badge, .feishu .badge { background: #e3f6e8; }
  iframe { display: block; width: 100%; min-height: 320px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
  pre, .sms-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.5rem 0 0; font: inherit; }
</style>
</head>
<body>
<main>
<header>
  <h1>${word(lang, 'title')}</h1>
  <p class="actions"><a id="lang-toggle" lang="${other}" href="?lang=${other}">${word(lang, 'toggle')}</a> <a href="?lang=${lang}">${word(lang, 'refresh')}</a></p>
</header>
<p>${word(lang, 'intro')}</p>
<p class="meta">${word(lang, 'count', messages.length)} · <a href="?format=json">${word(lang, 'machine')}</a></p>
${newestFirst.length ? newestFirst.map((m) => card(m, lang)).join('\n') : `<p>${word(lang, 'empty')}</p>`}
</main>
<script nonce="${nonce}">
  const fit = (frame) => {
    try { frame.style.height = frame.contentDocument.documentElement.scrollHeight + 24 + 'px'; } catch {}
  };
  for (const frame of document.querySelectorAll('iframe')) {
    frame.addEventListener('load', () => fit(frame));
    fit(frame);
  }
  // The language the other pages remember: a choice made here is theirs too, and theirs is here.
  try {
    if (new URLSearchParams(location.search).has('lang')) localStorage.setItem('orderdesk.lang', ${JSON.stringify(lang)});
    else if (localStorage.getItem('orderdesk.lang') === 'en' && ${JSON.stringify(lang)} !== 'en') location.replace('?lang=en');
  } catch {}
</script>
</body>
</html>`;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The emails' own inline styles and embedded images (the frames inherit this policy).
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "frame-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  return { html, csp };
}

/** `?lang=en` or `zh-CN` (the default, as every page). */
export function outboxLang(value: string | null): OutboxLang {
  return value === 'en' ? 'en' : 'zh-CN';
}
