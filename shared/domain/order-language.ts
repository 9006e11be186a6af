/**
 * Which language an order speaks to its customer (R-INTAKE-3, R-TRACK-1): the one the form sent,
 * else the caller's Accept-Language, else Simplified Chinese. Emails and the tracking page
 * follow it.
 */
import type { Language } from './order-schema.ts';

/** The preferred of zh-CN and en in an Accept-Language header (q-values honoured); zh-CN when neither. */
export function languageFromHeader(header: string | undefined): Language {
  let best: { lang: Language; q: number } | undefined;
  for (const part of (header ?? '').split(',')) {
    const [tag = '', ...rest] = part.trim().toLowerCase().split(';');
    const qParam = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const lang: Language | undefined = tag.startsWith('en')
      ? 'en'
      : tag.startsWith('zh')
        ? 'zh-CN'
        : undefined;
    if (lang && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh-CN';
}

/** The order body with `language` filled from the header when the caller left it out. */
export function withOrderLanguage(body: unknown, acceptLanguage: string | undefined): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || 'language' in body) return body;
  return { ...body, language: languageFromHeader(acceptLanguage) };
}
