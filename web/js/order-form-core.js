/**
 * What the order form (index.html, order-form.js), the rush-order application (rush.html,
 * rush-form.js) and the email correction form (staff/inbound.html, staff-inbound.js) share: the
 * form's error display, the item lines and their total, the catalogue load with its retry, the
 * common fields, the per-field error clearing, and the one submit flow (order-form-submit.js:
 * check → field errors → POST under one Idempotency-Key per fill, R-INTAKE-4). The fields
 * themselves are rendered from order-form-markup.js into the page's placeholder before anything
 * binds to them. The pages keep what differs: their own fields, endpoint, body and confirmation.
 */
import { api, describeError } from './api.js';
import { byId, show } from './dom.js';
import { createErrorDisplay } from './form-errors.js';
import { formatMoney } from './format.js';
import { getLang, t } from './i18n.js';
import { renderOrderFormFields } from './order-form-markup.js';
import { createSubmitFlow } from './order-form-submit.js';
import { createLineEditor } from './order-lines.js';

/** The catalogue for the item lines: loaded once, with its status and a retry on failure. */
function createCatalogueLoader(lines) {
  const state = {
    /** The failed catalogue call, kept to redraw its message after a language switch. */
    catalogueFailure: null,
    catalogueLoading: true,
  };

  function render() {
    const status = byId('catalogue-status');
    if (state.catalogueLoading) return status.replaceChildren(t('form.skuLoading'));
    if (!state.catalogueFailure) return status.replaceChildren();
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'button button-secondary button-small';
    retry.textContent = t('common.retry');
    retry.addEventListener('click', load);
    status.replaceChildren(`${t('form.catalogueFailed')} ${describeError(state.catalogueFailure)} `, retry);
  }

  async function load() {
    state.catalogueLoading = true;
    render();
    const result = await api('/api/products');
    state.catalogueLoading = false;
    const ok = result.ok && Array.isArray(result.data);
    state.catalogueFailure = ok ? null : result;
    if (ok) lines.setProducts(result.data);
    render();
  }

  return { load, render };
}

/** The fields both forms have; `delivery` gets address and transport method. */
function readCommon(lines) {
  const value = (id) => byId(id).value;
  return {
    customer: {
      name: value('customer-name'),
      company: value('customer-company'),
      phone: value('customer-phone'),
      email: value('customer-email'),
    },
    items: lines.read(),
    paymentMethod: value('payment-method'),
    delivery: { address: value('delivery-address'), transportMethod: value('delivery-transport') },
    notes: value('notes'),
    language: getLang(),
  };
}

/**
 * The fields of an ordinary order (the whole shared markup: the order form and the email
 * correction form): the common fields plus the requested date and the priority (R-INTAKE-5).
 */
function readOrder(form, lines) {
  const common = readCommon(lines);
  return {
    ...common,
    delivery: { ...common.delivery, requestedDate: byId('delivery-date').value },
    priority: form.querySelector('input[name="priority"]:checked')?.value ?? 'normal',
  };
}

/**
 * @param {{ submitKey: string, submittingKey: string }} labels i18n keys of the submit button
 */
export function createOrderFormCore({ submitKey, submittingKey }) {
  const form = byId('order-form');
  renderOrderFormFields(form, { submitKey });
  const errors = createErrorDisplay(form, {
    box: byId('form-errors'),
    title: byId('form-errors-title'),
    list: byId('form-errors-list'),
  });
  const submit = createSubmitFlow({ form, errors, submitKey, submittingKey });

  const lines = createLineEditor(byId('item-lines'), renderTotal);
  const catalogue = createCatalogueLoader(lines);

  function renderTotal() {
    const { cents, incomplete } = lines.total();
    byId('order-total').textContent = formatMoney(cents);
    byId('total-note').textContent = incomplete && cents > 0 ? t('form.totalIncomplete') : '';
  }

  /** Back to an empty form after the confirmation; the page focuses its first field. */
  function resetForm() {
    submit.forget();
    form.reset();
    lines.reset();
    errors.clear();
    renderTotal();
    show(byId('confirmation-view'), false);
    show(byId('order-view'));
  }

  /** Swap the form for the confirmation view, `fill` it, and focus it unless only redrawn. */
  function showConfirmationView(fill, { focus }) {
    show(byId('order-view'), false);
    const view = byId('confirmation-view');
    show(view);
    fill();
    if (focus) {
      window.scrollTo(0, 0);
      view.focus();
    }
  }

  /**
   * "Start over" (`#done-again`) on the confirmation: `forget()` drops the page's confirmed
   * order, the form is emptied and the field `firstId` takes the focus.
   */
  function onStartOver(firstId, forget) {
    byId('done-again').addEventListener('click', () => {
      forget();
      resetForm();
      byId(firstId).focus();
    });
  }

  /** Typing into a field clears its error (and the contact group's for phone / e-mail). */
  function clearErrorOnInput(control) {
    errors.clearFor(control);
    if (control.id === 'customer-phone' || control.id === 'customer-email') {
      const group = byId('customer-error');
      group.hidden = true;
      group.textContent = '';
    }
  }

  /** Redraw what this module drew after a language switch, the error box included. */
  function relabel() {
    lines.relabel();
    renderTotal();
    catalogue.render();
    submit.relabel();
  }

  form.addEventListener('input', (event) => clearErrorOnInput(event.target));
  byId('add-line').addEventListener('click', () => lines.addLine({ focus: true }));

  return {
    form,
    lines,
    renderTotal,
    loadCatalogue: catalogue.load,
    readCommon: () => readCommon(lines),
    readOrder: () => readOrder(form, lines),
    showConfirmationView,
    onSubmit: submit.onSubmit,
    onStartOver,
    relabel,
  };
}
