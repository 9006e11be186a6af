/**
 * Send the confirmation of a received order (R-INTAKE-3), outside the intake request.
 * 1. Load the order; skip it when it is gone or already confirmed (events arrive at least once).
 * 2. Email the customer when an email is given; SMS when the phone is a mainland mobile number
 *    (a landline cannot take one).
 * 3. Clear the pending mark. A crash before this step sends again on the next delivery:
 *    a duplicate confirmation is better than none.
 */
import { isMobileNumber } from '../domain/mobile-number.ts';
import { signTrackingToken, trackingUrl } from '../domain/tracking-token.ts';
import { confirmationEmail, confirmationSms } from '../notifications/order-confirmation.ts';
import type { Mailer, OrderStore, SmsSender } from '../ports.ts';

export interface SendConfirmationDeps {
  orders: OrderStore;
  mailer: Mailer;
  sms: SmsSender;
  trackingSecret: string;
  publicBaseUrl: string;
}

export async function sendOrderConfirmation(
  deps: SendConfirmationDeps,
  orderId: string,
): Promise<'sent' | 'skipped'> {
  const order = await deps.orders.get(orderId);
  if (!order?.confirmationPending) return 'skipped';
  const link = trackingUrl(deps.publicBaseUrl, signTrackingToken(deps.trackingSecret, orderId));
  if (order.customer.email) await deps.mailer.send(confirmationEmail(order, link));
  if (order.customer.phone && isMobileNumber(order.customer.phone))
    await deps.sms.send({ to: order.customer.phone, text: confirmationSms(order, link) });
  await deps.orders.markConfirmationSent(orderId);
  return 'sent';
}
