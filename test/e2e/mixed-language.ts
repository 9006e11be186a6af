/**
 * Mixed-language check for the browser tests: the words a page shows are all in its language.
 *
 * Read: the visible text nodes of the page and its title. Left out, being data or marked as
 * another language: elements marked `translate="no"` (names, addresses, product names, what
 * people typed), `<code>` (identifiers), `<option>` (catalogue entries), and text inside an
 * element whose `lang` differs from the page's (the language switch, the status in the other
 * language).
 *
 * English mode: no CJK character, except the catalogue's units (个, 台, 米…).
 * Chinese mode: no English word — a run of letters with a lowercase one — except emails, URLs
 * and Latin units (kg, mm…); codes without lowercase (SKUs, order numbers, SLA, R-PROC-4) pass.
 */
import type { Page } from 'playwright-core';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
const UNITS_ZH = /[个盒台只米吨片件套]/g;
const UNITS_LATIN = new Set(['kg', 'g', 't', 'm', 'mm', 'cm', 'km', 'pcs', 'x']);

/** The page's visible words (see above), one string per text node. */
export async function pageWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pageLang = document.documentElement.lang;
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent?.trim();
      if (!el || !text) continue;
      if (el.closest('[translate="no"], code, option, script, style, [hidden]')) continue;
      if (!el.checkVisibility()) continue;
      const langOf = el.closest('[lang]')?.getAttribute('lang');
      if (langOf && langOf !== pageLang) continue;
      out.push(text);
    }
    return out;
  });
}

/** Text that breaks the language rule of `lang`; empty when the page speaks one language. */
export function strayWords(words: string[], lang: 'en' | 'zh-CN'): string[] {
  if (lang === 'en') return words.filter((w) => (w.replace(UNITS_ZH, '').match(CJK) ?? []).length > 0);
  return words.filter((w) => {
    const cleaned = w.replace(/\S+@\S+|https?:\/\/\S+/g, ' ');
    const english = (cleaned.match(/[A-Za-z]+/g) ?? []).filter(
      (word) => /[a-z]/.test(word) && !UNITS_LATIN.has(word),
    );
    return english.length > 0;
  });
}
