/**
 * The one submit flow of the order-shaped forms (order-form-core.js): check → field errors →
 * POST under one Idempotency-Key per fill (R-INTAKE-4) → the page's confirmation, or the
 * server's issues / the failure, redrawn in the new language on a switch; and the busy state of
 * the submit button while a call is out.
 */
import { api, newIdempotencyKey } from './api.js';
import { byId } from './dom.js';
import { t } from './i18n.js';

/**
 * @param {{ form: HTMLElement, errors: any, submitKey: string, submittingKey: string }} options
 */
export function createSubmitFlow({ form, errors, submitKey, submittingKey }) {
  const submitButton = /** @type {HTMLButtonElement} */ (byId('submit-order'));
  const state = {
    /** R-INTAKE-4: created at the first submit of a fill, kept until the order is accepted. */
    idempotencyKey: null,
    sending: false,
    /** The errors on show (see renderErrors), redrawn in the new language on a switch. */
    shown: null,
    /** What the page gave `onSubmit`: its checks and how to word its errors. */
    flow: null,
  };

  function setBusy(busy) {
    state.sending = busy;
    submitButton.disabled = busy;
    submitButton.classList.toggle('is-busy', busy);
    form.setAttribute('aria-busy', String(busy));
    byId('submit-label').textContent = t(busy ? submittingKey : submitKey);
    byId('submit-status').textContent = busy ? t(submittingKey) : '';
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

  return {
    onSubmit,
    /** Nothing on show any more (the form was emptied). */
    forget: () => {
      state.shown = null;
    },
    /** Redraw the button and the error box in the new language. */
    relabel: () => {
      setBusy(state.sending);
      if (!byId('form-errors').hidden) renderErrors({ focus: false });
    },
  };
}
