// @ts-check
/**
 * Small DOM helpers. Pages build elements with `h()` instead of innerHTML, so text that comes
 * from the server or the customer can never inject markup.
 */

/** `h('a', { href, class: 'x', text: 'hi', onclick }, child, …)` → element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** `document.getElementById` that fails loudly when the markup and the script disagree. */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/** Show or hide an element (the `hidden` attribute; CSS keeps it display:none). */
export function show(el, visible = true) {
  el.hidden = !visible;
}

/** A query-string parameter of the current page, or null. */
export const param = (name) => new URLSearchParams(location.search).get(name);
