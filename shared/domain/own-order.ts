/**
 * Why: the own-order rule (R-APPR-1, R-SEC-3) — nobody approves an order of their own. "Their
 * own" is the order they entered as staff, and equally one placed on the public form (or by
 * email) with their own email address or phone number as the customer's contact.
 */

/** Phone digits as one number: separators and a leading +86/0086 of a mainland number dropped. */
export function phoneDigits(phone: string): string {
  return phone
    .replace(/[^0-9]/g, '')
    .replace(/^00/, '')
    .replace(/^86(?=1\d{10}$)/, '');
}

export interface OwnOrderFacts {
  /** Who entered the order (the first history entry's actor). */
  enteredBy?: string;
  customer?: { email?: string; phone?: string };
}

export function isOwnOrder(order: OwnOrderFacts, approver: { email: string; phone?: string }): boolean {
  const email = approver.email.trim().toLowerCase();
  if (!email) return false;
  if (order.enteredBy && order.enteredBy.trim().toLowerCase() === email) return true;
  if (order.customer?.email && order.customer.email.trim().toLowerCase() === email) return true;
  const mine = approver.phone ? phoneDigits(approver.phone) : '';
  const theirs = order.customer?.phone ? phoneDigits(order.customer.phone) : '';
  return mine.length >= 6 && mine === theirs;
}
