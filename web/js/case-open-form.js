// @ts-check
/**
 * The form that opens an after-sales case on the staff order page (R-AFTER-1), drawn for
 * staff-cases.js: the case types the server says may be opened now, the description, and for a
 * refund the amount asked for with what is still refundable. What is typed lives in the
 * caller's `form`, so a redraw keeps it.
 */

import { errorSlot } from './case-blocks.js';
import { h } from './dom.js';
import { formatMoney } from './format.js';
import { t } from './i18n.js';

/**
 * @param {{ openableTypes: string[], refundable: number }} data of GET /api/orders/{id}/cases
 * @param {{ form: { caseType: string, description: string, refund: string }, errors: object,
 *   busy: string | null, onSubmit: (event: Event) => void, onTypeChange: () => void }} view what
 *   is typed, its errors (path → () => text), what is being sent ('open' for this form), and
 *   what submitting and choosing another type do
 */
export function caseOpenForm(data, { form, errors, busy, onSubmit, onTypeChange }) {
  const field = (id, label, control, path) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id, text: label }),
      control,
      errorSlot(`${id}-error`, errors[path]),
    );
  const invalid = (path) => (errors[path] ? 'true' : undefined);
  return h(
    'form',
    { id: 'case-open-form', class: 'rush-block', novalidate: true, onsubmit: onSubmit },
    h('h3', { text: t('cases.openTitle') }),
    field(
      'case-type',
      t('cases.typeLabel'),
      h(
        'select',
        {
          id: 'case-type',
          'data-path': 'caseType',
          'aria-invalid': invalid('caseType'),
          onchange: (ev) => {
            form.caseType = ev.target.value;
            onTypeChange();
          },
        },
        data.openableTypes.map((type) =>
          h('option', { value: type, selected: type === form.caseType, text: t(`cases.type.${type}`) }),
        ),
      ),
      'caseType',
    ),
    data.openableTypes.length < 6 ? h('p', { class: 'hint', text: t('cases.goodsHint') }) : null,
    field(
      'case-description',
      t('cases.description'),
      h('textarea', {
        id: 'case-description',
        rows: 3,
        maxlength: 2000,
        'aria-invalid': invalid('description'),
        text: form.description,
        oninput: (ev) => {
          form.description = ev.target.value;
        },
      }),
      'description',
    ),
    form.caseType === 'refund'
      ? [
          field(
            'case-refund',
            t('cases.refundAmount'),
            h('input', {
              id: 'case-refund',
              inputmode: 'decimal',
              value: form.refund,
              'aria-invalid': invalid('refundAmount'),
              oninput: (ev) => {
                form.refund = ev.target.value;
              },
            }),
            'refundAmount',
          ),
          h('p', { class: 'hint', text: t('cases.refundable', { max: formatMoney(data.refundable) }) }),
        ]
      : null,
    h(
      'p',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'submit',
          id: 'case-open-submit',
          class: `button button-primary${busy === 'open' ? ' is-busy' : ''}`,
          disabled: Boolean(busy),
        },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        h('span', { text: t(busy === 'open' ? 'cases.sending' : 'cases.openSubmit') }),
      ),
    ),
  );
}
