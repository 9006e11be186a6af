/**
 * The order contract as the browser needs it, generated from the server's own definitions
 * (order-schema.ts) into web/js/order-contract.js, so the form checks what the API checks without
 * a hand copy. `npm run contract` writes the file; test/unit/browser-contract.test.ts fails when
 * it is stale.
 */
import {
  CHANNELS,
  LANGUAGES,
  MAX_AMOUNT_CENTS,
  MAX_ITEMS,
  MAX_QUANTITY,
  ORDER_FIELD_LIMITS,
  PAYMENT_METHODS,
  PHONE_PATTERN,
  PRIORITIES,
  TRANSPORT_METHODS,
} from './order-schema.ts';
import { EDITABLE, QUOTATION_STATUSES, REVISABLE } from './quotation.ts';
import { ORDER_STATUSES } from './status.ts';

export const BROWSER_CONTRACT_PATH = 'web/js/order-contract.js';

const constant = (name: string, value: unknown): string => `export const ${name} = ${JSON.stringify(value)};`;

export function browserContractSource(): string {
  return [
    '// Generated from shared/domain/order-schema.ts by `npm run contract` — do not edit by hand.',
    '// The order form checks what POST /api/orders checks (R-INTAKE-2).',
    constant('PAYMENT_METHODS', PAYMENT_METHODS),
    constant('TRANSPORT_METHODS', TRANSPORT_METHODS),
    constant('PRIORITIES', PRIORITIES),
    constant('LANGUAGES', LANGUAGES),
    constant('CHANNELS', CHANNELS),
    constant('ORDER_STATUSES', ORDER_STATUSES),
    constant('ORDER_FIELD_LIMITS', ORDER_FIELD_LIMITS),
    constant('MAX_ITEMS', MAX_ITEMS),
    constant('MAX_QUANTITY', MAX_QUANTITY),
    constant('MAX_AMOUNT_CENTS', MAX_AMOUNT_CENTS),
    `export const PHONE_PATTERN = new RegExp(${JSON.stringify(PHONE_PATTERN.source)});`,
    '// Quotations (shared/domain/quotation.ts, R-QUOTE-1): statuses, and which sales may edit or revise.',
    constant('QUOTATION_STATUSES', QUOTATION_STATUSES),
    constant('QUOTATION_EDITABLE', EDITABLE),
    constant('QUOTATION_REVISABLE', REVISABLE),
    '',
  ].join('\n');
}
