/**
 * The item lines of the order form (R-INTAKE-2: SKU, spec, packaging, quantity, unit price).
 * Each line's fields carry `data-path="items.<n>.<field>"`, renumbered on add/remove, so the
 * API's issue paths land next to the right field.
 */
import { h } from './dom.js';
import { centsToYuanText, formatMoney, parseQuantity, parseYuan } from './format.js';
import { applyTranslations, t } from './i18n.js';

const priceText = (product) =>
  product.listPrice === null || product.listPrice === undefined
    ? t('form.priceOnRequest')
    : formatMoney(product.listPrice);

const optionText = (product) =>
  `${[product.name, product.spec].filter(Boolean).join(' ')} / ${product.unit} — ${priceText(product)}`;

/** A labelled input with its error slot; `key` is the field name inside the line. */
function field(uid, key, labelKey, control, { required = false, hintId } = {}) {
  const id = `item-${uid}-${key}`;
  control.id = id;
  control.dataset.field = key;
  control.setAttribute('aria-describedby', [hintId, `${id}-error`].filter(Boolean).join(' '));
  const optional = required ? null : h('span', { class: 'opt', dataset: { i18n: 'common.optional' } });
  const star = required ? h('span', { class: 'req', 'aria-hidden': 'true', text: ' *' }) : null;
  return h(
    'div',
    { class: `field field-${key}` },
    h('label', { for: id }, h('span', { dataset: { i18n: labelKey } }), star, optional),
    control,
    hintId ? h('p', { id: hintId, class: 'hint' }) : null,
    h('p', { id: `${id}-error`, class: 'field-error', hidden: true }),
  );
}

/**
 * @param {HTMLOListElement} list the `<ol>` holding the lines
 * @param {() => void} onChange called when anything that affects the total changes
 */
export function createLineEditor(list, onChange) {
  let products = [];
  let nextUid = 1;

  const productBySku = (sku) => products.find((p) => p.sku === sku);

  function fillSelect(select) {
    const chosen = select.value;
    const options = products.length
      ? [h('option', { value: '', text: t('form.skuPlaceholder') })]
      : [h('option', { value: '', text: t('form.skuLoading') })];
    for (const product of products)
      options.push(h('option', { value: product.sku, text: optionText(product) }));
    select.replaceChildren(...options);
    select.value = productBySku(chosen) ? chosen : '';
  }

  function describeProduct(line) {
    const select = line.querySelector('[data-field="sku"]');
    const product = productBySku(select.value);
    const info = line.querySelector('.sku-info');
    info.textContent = product
      ? t('form.productInfo', { unit: product.unit, stock: product.stock ?? '—', price: priceText(product) })
      : '';
    const priceHint = line.querySelector('.price-hint');
    if (!product) priceHint.textContent = '';
    else
      priceHint.textContent =
        product.listPrice == null ? t('form.priceOnRequestHint') : t('form.unitPriceHint');
  }

  /** Prefill the unit price with the list price, unless the user typed their own. */
  function prefillPrice(line) {
    const price = line.querySelector('[data-field="unitPrice"]');
    const product = productBySku(line.querySelector('[data-field="sku"]').value);
    const suggested = product && product.listPrice != null ? centsToYuanText(product.listPrice) : '';
    if (price.value === '' || price.value === price.dataset.prefill) {
      price.value = suggested;
      price.dataset.prefill = suggested;
    }
  }

  /**
   * R-PROC-4 ahead of time: a line asking for more than the stock shown (all lines of the SKU
   * together) says so before the order is sent. Only a warning: the order may still be placed,
   * and sales offer alternatives for the shortfall.
   */
  function renderStockWarnings() {
    const lines = [...list.children];
    const wanted = new Map();
    for (const line of lines) {
      const sku = line.querySelector('[data-field="sku"]').value;
      const quantity = parseQuantity(line.querySelector('[data-field="quantity"]').value);
      if (sku && quantity !== null) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
    }
    for (const line of lines) {
      const warn = line.querySelector('.stock-warn');
      const product = productBySku(line.querySelector('[data-field="sku"]').value);
      const quantity = parseQuantity(line.querySelector('[data-field="quantity"]').value);
      const total = product ? wanted.get(product.sku) : undefined;
      const over = product && typeof product.stock === 'number' && quantity !== null && total > product.stock;
      warn.textContent = over
        ? t('form.stockExceeded', { quantity: total, stock: product.stock, unit: product.unit })
        : '';
      warn.hidden = !over;
    }
  }

  function lineTotal(line) {
    const quantity = parseQuantity(line.querySelector('[data-field="quantity"]').value);
    const cents = parseYuan(line.querySelector('[data-field="unitPrice"]').value);
    return quantity === null || cents === null ? null : quantity * cents;
  }

  function renderTotal(line) {
    const total = lineTotal(line);
    line.querySelector('.line-total').textContent =
      total === null ? '' : t('form.lineTotal', { amount: formatMoney(total) });
  }

  /** Renumber paths and titles after add/remove, and after a language switch. */
  function renumber() {
    const lines = [...list.children];
    lines.forEach((line, index) => {
      const n = index + 1;
      line.querySelector('.line-title').textContent = t('form.line', { n });
      const remove = line.querySelector('.remove-line');
      remove.setAttribute('aria-label', t('form.removeLine', { n }));
      remove.textContent = t('form.removeLineShort');
      remove.hidden = lines.length === 1;
      line.querySelector('.line-error').dataset.errorFor = `items.${index}`;
      for (const control of line.querySelectorAll('[data-field]')) {
        control.dataset.path = `items.${index}.${control.dataset.field}`;
      }
    });
  }

  function addLine({ focus = false } = {}) {
    const uid = nextUid++;
    const sku = h('select', { required: true });
    const quantity = h('input', { inputmode: 'numeric', autocomplete: 'off', required: true, maxlength: 12 });
    const unitPrice = h('input', {
      inputmode: 'decimal',
      autocomplete: 'off',
      required: true,
      maxlength: 14,
    });
    const line = h(
      'li',
      { class: 'item-line', dataset: { uid: String(uid) } },
      h(
        'div',
        { class: 'line-head' },
        h('h2', { class: 'line-title' }),
        h('button', { type: 'button', class: 'button-link remove-line' }),
      ),
      h('p', { class: 'field-error line-error', hidden: true, dataset: { focus: `item-${uid}-sku` } }),
      field(uid, 'sku', 'form.sku', sku, { required: true, hintId: `item-${uid}-sku-info` }),
      h(
        'div',
        { class: 'grid grid-2' },
        field(uid, 'quantity', 'form.quantity', quantity, { required: true }),
        field(uid, 'unitPrice', 'form.unitPrice', unitPrice, {
          required: true,
          hintId: `item-${uid}-unitPrice-hint`,
        }),
      ),
      h(
        'div',
        { class: 'grid grid-2' },
        field(uid, 'spec', 'form.spec', h('input', { maxlength: 200, autocomplete: 'off' })),
        field(uid, 'packaging', 'form.packaging', h('input', { maxlength: 200, autocomplete: 'off' })),
      ),
      h('p', { class: 'notice notice-warn stock-warn', role: 'status', hidden: true }),
      h('p', { class: 'line-total', 'aria-live': 'off' }),
    );
    line.querySelector(`#item-${uid}-sku-info`).classList.add('sku-info');
    line.querySelector(`#item-${uid}-unitPrice-hint`).classList.add('price-hint');
    fillSelect(sku);
    applyTranslations(line);
    sku.addEventListener('change', () => {
      prefillPrice(line);
      describeProduct(line);
      renderTotal(line);
      renderStockWarnings();
      onChange();
    });
    for (const input of [quantity, unitPrice]) {
      input.addEventListener('input', () => {
        renderTotal(line);
        renderStockWarnings();
        onChange();
      });
    }
    line.querySelector('.remove-line').addEventListener('click', () => removeLine(line));
    list.append(line);
    renumber();
    onChange();
    if (focus) sku.focus();
  }

  function removeLine(line) {
    const index = [...list.children].indexOf(line);
    line.remove();
    renumber();
    renderStockWarnings();
    onChange();
    // Keep focus in the list: the line that took its place, else the one before.
    const next = list.children[Math.min(index, list.children.length - 1)];
    next?.querySelector('[data-field="sku"]')?.focus();
  }

  return {
    addLine,
    /** Called once the catalogue arrives (or again after a retry). */
    setProducts(list_) {
      products = list_;
      for (const line of list.children) {
        fillSelect(line.querySelector('[data-field="sku"]'));
        describeProduct(line);
      }
      renderStockWarnings();
    },
    /** Raw strings of every line, in display order. */
    read() {
      return [...list.children].map((line) => {
        const value = (key) => line.querySelector(`[data-field="${key}"]`).value;
        return {
          sku: value('sku'),
          quantity: value('quantity'),
          unitPrice: value('unitPrice'),
          spec: value('spec'),
          packaging: value('packaging'),
        };
      });
    },
    /** Sum of complete lines in cents, and whether some line was left out. */
    total() {
      let cents = 0;
      let incomplete = false;
      for (const line of list.children) {
        const amount = lineTotal(line);
        if (amount === null) incomplete = true;
        else cents += amount;
      }
      return { cents, incomplete };
    },
    reset() {
      list.replaceChildren();
      addLine();
    },
    /** Redraw text built here after a language switch. */
    relabel() {
      renumber();
      for (const line of list.children) {
        fillSelect(line.querySelector('[data-field="sku"]'));
        describeProduct(line);
        renderTotal(line);
      }
      renderStockWarnings();
    },
  };
}
