/**
 * What the customer is told as the order moves after approval (R-TRACK-2, R-TRACK-3,
 * R-AFTER-2): a bilingual email with the tracking link (their language first) and, for
 * exceptions and cancellations, an SMS in their language. Never internal notes or staff names.
 */
import type { ExceptionKind } from '../domain/fulfilment.ts';
import { signTrackingToken, trackingUrl } from '../domain/tracking-token.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Mailer, SmsSender } from '../ports.ts';
import { bilingualEmail } from './bilingual-email.ts';

export interface CustomerChannels {
  mailer: Mailer;
  /** Absent where the message goes by email only. */
  sms?: SmsSender;
  trackingSecret: string;
  publicBaseUrl: string;
}

export interface CustomerMessage {
  zh: string;
  en: string;
  /** Another link than the tracking page (the satisfaction form, R-AFTER-2). */
  link?: { url: string; zh: string; en: string };
  /** Also by SMS, in the customer's language. */
  sms?: boolean;
}

/** Tells the customer by email (and SMS when asked and a phone is known). */
export async function tellCustomer(
  deps: CustomerChannels,
  order: Order,
  message: CustomerMessage,
): Promise<void> {
  const track = trackingUrl(deps.publicBaseUrl, signTrackingToken(deps.trackingSecret, order.orderId));
  const link = message.link ?? { url: track, zh: '查看订单状态', en: 'Track your order' };
  if (order.customer.email) {
    await deps.mailer.send(
      bilingualEmail({
        to: [order.customer.email],
        englishFirst: order.language === 'en',
        subject: [
          `订单 ${order.orderNumber}：${message.zh.split('。')[0]}`,
          `Order ${order.orderNumber}: ${message.en.split('.')[0]}`,
        ],
        zh: [`${order.customer.name}，您好：`, message.zh],
        en: [`Dear ${order.customer.name},`, message.en],
        link,
      }),
    );
  }
  if (message.sms && deps.sms && order.customer.phone) {
    const text =
      order.language === 'en'
        ? `[Order desk] Order ${order.orderNumber}: ${message.en} ${link.url}`
        : `【订单服务】订单 ${order.orderNumber}：${message.zh}${link.url}`;
    await deps.sms.send({ to: order.customer.phone, text });
  }
}

const KIND_WORDS: Record<ExceptionKind, [string, string]> = {
  shortage: ['缺货', 'a stock shortage'],
  damage: ['货物损坏', 'damaged goods'],
  delay: ['交货延迟', 'a delay'],
  quality: ['质量问题', 'a quality problem'],
};

/** R-TRACK-3: the exception, the plan and the new expected date, nothing internal. */
export function exceptionMessage(kind: ExceptionKind, plan: string, expectedDate?: string): CustomerMessage {
  const [zhKind, enKind] = KIND_WORDS[kind];
  return {
    zh: `您的订单出现${zhKind}。处理方案：${plan}。${expectedDate ? `预计交货日期：${expectedDate}。` : ''}`,
    en: `Your order has ${enKind}. Our plan: ${plan}.${expectedDate ? ` New expected date: ${expectedDate}.` : ''}`,
    sms: true,
  };
}
