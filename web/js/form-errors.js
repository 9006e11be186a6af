/**
 * Shows validation issues `{ path, message }` (the API's 400 body, or the same shape from
 * client-side checks) next to their fields, with a summary at the top that is announced
 * (role=alert) and links to each field. A path is matched to an element carrying
 * `data-path="<path>"` (its error slot is `#<id>-error`) or `data-error-for="<path>"` (a group
 * message such as the phone-or-email rule on `customer`); anything else is listed in the
 * summary only.
 */
import { h } from './dom.js';
import { t } from './i18n.js';

/** "items[0].sku" → "items.0.sku": tolerate bracket paths too. */
const normalize = (path) =>
  String(path ?? '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');

/**
 * @param {HTMLElement} form
 * @param {{ box: HTMLElement, title: HTMLElement, list: HTMLElement }} summary
 */
export function createErrorDisplay(form, summary) {
  function resolve(path) {
    if (!path) return null;
    const field = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (field) return { slot: document.getElementById(`${field.id}-error`), focus: field, field };
    const group = form.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
    if (group) return { slot: group, focus: document.getElementById(group.dataset.focus ?? '') ?? group };
    return null;
  }

  function clear() {
    for (const el of form.querySelectorAll('.field-error')) {
      el.textContent = '';
      el.hidden = true;
    }
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    summary.box.hidden = true;
    summary.list.replaceChildren();
  }

  /** Clear one field's message as the user edits it. */
  function clearFor(control) {
    if (!control.id) return;
    const slot = document.getElementById(`${control.id}-error`);
    if (slot) {
      slot.textContent = '';
      slot.hidden = true;
    }
    control.removeAttribute('aria-invalid');
  }

  /**
   * @param {{ path: string, message: string }[]} issues
   * @param {{ message?: string, focus?: boolean }} options a general sentence for the summary's
   *   title; `focus: false` redraws without moving focus (after a language switch)
   * @returns {HTMLElement} the element that gets (or would get) focus
   */
  function show(issues, { message, focus = true } = {}) {
    clear();
    const placed = [];
    const items = [];
    for (const issue of issues) {
      const path = normalize(issue.path);
      const target = resolve(path);
      const text = String(issue.message ?? '');
      if (target?.slot) {
        target.slot.textContent = target.slot.textContent ? `${target.slot.textContent} ${text}` : text;
        target.slot.hidden = false;
        if (target.focus.matches('input, select, textarea'))
          target.focus.setAttribute('aria-invalid', 'true');
        placed.push(target.focus);
        const link = h('a', { href: `#${target.focus.id}`, text });
        link.addEventListener('click', (event) => {
          event.preventDefault();
          target.focus.focus();
        });
        items.push(h('li', {}, link));
      } else {
        items.push(h('li', { text: path ? `${path}: ${text}` : text }));
      }
    }
    const title = message ?? t('err.summaryTitle');
    summary.title.textContent = issues.length
      ? `${title} ${t('err.count', { count: issues.length })}`
      : title;
    summary.list.replaceChildren(...items);
    summary.box.hidden = false;
    // Focus the first bad field in page order; if none could be placed, the summary.
    placed.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const first = placed[0] ?? summary.box;
    if (focus) {
      first.focus();
      if (first === summary.box) summary.box.scrollIntoView({ block: 'start' });
    }
    return first;
  }

  return { show, clear, clearFor };
}
