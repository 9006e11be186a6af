/**
 * What the order form (index.html, order-form.js), the rush-order application (rush.html,
 * rush-form.js) and the email correction form (staff/inbound.html, staff-inbound.js) share: the
 * form's error display, the item lines and their total, the catalogue load with its retry, the
 * common fields, the busy state of the submit button, the per-field error clearing, and the one
 * submit flow — check → field errors → POST under one Idempotency-Key per fill (R-INTAKE-4) →
 * confirmation, or the server's issues / the failure, redrawn on a language switch. The fields
 * themselves are rendered from order-form-markup.js into the page's placeholder before anything
 * binds to them. The pages keep what differs: their own fields, endpoint, body and confirmation.
 */
import { api, describeError, newIdempotencyKey } from './api.js';
import { byId, show } from './dom.js';
import { createErrorDisplay } from './form-errors.js';
import { formatMoney } from './format.js';
import { getLang, t } from './i18n.js';
import { renderOrderFormFields } from './order-form-markup.js';
import { createLineEditor } from './order-lines.js';

/**
 * @param {{ submitKey: string, submittingKey: string }} labels i18n keys of the submit button
 */
export function createOrderFormCore({ submitKey, submittingKey }) {
  const form = byId('order-form');
  renderOrderFormFields(form, { submitKey });
  const submitButton = byId('submit-order');
  const errors = createErrorDisplay(form, {
    box: byId('form-errors'),
    title: byId('form-errors-title'),
    list: byId('form-errors-list'),
  });
  const state = {
    /** R-INTAKE-4: created at the first submit of a fill, kept until the order is accepted. */
    idempotencyKey: null,
    sending: false,
    /** The failed catalogue call, kept to redraw its message after a language switch. */
    catalogueFailure: null,
    catalogueLoading: true,
    /** The errors on show (see renderErrors), redrawn in the new language on a switch. */
    shown: null,
    /** What the page gave `onSubmit`: its checks and how to word its errors. */
    flow: null,
  };

  const lines = createLineEditor(byId('item-lines'), renderTotal);

  function renderTotal() {
    const { cents, incomplete } = lines.total();
    byId('order-total').textContent = formatMoney(cents);
    byId('total-note').textContent = incomplete && cents > 0 ? t('form.totalIncomplete') : '';
  }

  function renderCatalogueStatus() {
    const status = byId('catalogue-status');
    if (state.catalogueLoading) return status.replaceChildren(t('form.skuLoading'));
    if (!state.catalogueFailure) return status.replaceChildren();
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'button button-secondary button-small';
    retry.textContent = t('common.retry');
    retry.addEventListener('click', loadCatalogue);
    status.replaceChildren(`${t('form.catalogueFailed')} ${describeError(state.catalogueFailure)} `, retry);
  }

  async function loadCatalogue() {
    state.catalogueLoading = true;
    renderCatalogueStatus();
    const result = await api('/api/products');
    state.catalogueLoading = false;
    const ok = result.ok && Array.isArray(result.data);
    state.catalogueFailure = ok ? null : result;
    if (ok) lines.setProducts(result.data);
    renderCatalogueStatus();
  }

  /** The fields both forms have; `delivery` gets address and transport method. */
  function readCommon() {
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
  function readOrder() {
    const common = readCommon();
    return {
      ...common,
      delivery: { ...common.delivery, requestedDate: byId('delivery-date').value },
      priority: form.querySelector('input[name="priority"]:checked')?.value ?? 'normal',
    };
  }

  function setBusy(busy) {
    state.sending = busy;
    submitButton.disabled = busy;
    submitButton.classList.toggle('is-busy', busy);
    form.setAttribute('aria-busy', String(busy));
    byId('submit-label').textContent = t(busy ? submittingKey : submitKey);
    byId('submit-status').textContent = busy ? t(submittingKey) : '';
  }

  /** Back to an empty form after the confirmation; the page focuses its first field. */
  function resetForm() {
    state.shown = null;
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
   * Draw what went wrong: `state.shown` is { type: 'client' } (our checks, `check()` again),
   * { type: 'server', issues } (a 400's issues, through `localize`) or
   * { type: 'failure', result } (any other failed call, in `failureSentence(result)`).
   */
  function renderErrors({ focus = true } = {}) {
    const { shown } = state;
    if (!shown || !state.flow) return errors.clear();
    const { check, localize, failureSentence } = state.flow;
    if (shown.type === 'client') {
      const { issues } = check();
      if (issues.length) errors.show(issues, { focus });
      else errors.clear();
    } else if (shown.type === 'server') {
      const issues = shown.issues.map((i) => ({ path: i.path, message: localize(i) }));
      errors.show(issues, { message: t('err.validation'), focus });
    } else {
      errors.show([], { message: `${failureSentence(shown.result)} ${t('err.inputKept')}`, focus });
    }
  }

  /**
   * POST `payload` under this fill's Idempotency-Key (R-INTAKE-4). The key is dropped once
   * the order is accepted (the next order is a new fill) and on the `refused` kinds (nothing
   * stored for this content under this key); 409 / 429 / 5xx / network keep it, so pressing
   * again cannot make a second order.
   */
  async function post(path, payload, { auth, refused }) {
    state.idempotencyKey ??= newIdempotencyKey();
    errors.clear();
    setBusy(true);
    const result = await api(path, {
      method: 'POST',
      body: payload,
      headers: { 'Idempotency-Key': state.idempotencyKey },
      auth,
    });
    setBusy(false);
    if (result.ok || refused.includes(result.kind)) state.idempotencyKey = null;
    return result;
  }

  /** What to show for a failed submission: the 400's issues, else the failure itself. */
  function failureShown(result) {
    const serverIssues = Array.isArray(result.data?.issues) ? result.data.issues : [];
    return result.kind === 'validation' && serverIssues.length
      ? { type: 'server', issues: serverIssues }
      : { type: 'failure', result };
  }

  /**
   * The submit flow of the page's form: `check()` gives { payload, issues }; issues are shown
   * field by field and nothing is sent; else `prepare(payload)` may add to the body, which is
   * POSTed to `path` (with the token when `auth`; `refused` as in `post`). An accepted order goes to
   * `accepted(data, payload)`; a failure first to `failed(result)` (true when the page has
   * handled it, e.g. by going to the sign-in), else it is shown with `localize` (a 400's
   * issues) or `failureSentence` (anything else).
   */
  function onSubmit({ check, path, auth, refused, prepare, accepted, failed, localize, failureSentence }) {
    state.flow = { check, localize, failureSentence };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (state.sending) return;
      const { payload, issues } = check();
      if (issues.length) {
        state.shown = { type: 'client' };
        return renderErrors();
      }
      prepare?.(payload);
      state.shown = null;
      const result = await post(path, payload, { auth, refused });
      if (result.ok) return accepted(result.data, payload);
      if (failed?.(result)) return;
      state.shown = failureShown(result);
      renderErrors();
    });
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
    setBusy(state.sending);
    renderCatalogueStatus();
    if (!byId('form-errors').hidden) renderErrors({ focus: false });
  }

  form.addEventListener('input', (event) => clearErrorOnInput(event.target));
  byId('add-line').addEventListener('click', () => lines.addLine({ focus: true }));

  return {
    form,
    lines,
    renderTotal,
    loadCatalogue,
    readCommon,
    readOrder,
    showConfirmationView,
    onSubmit,
    onStartOver,
    relabel,
  };
}
