/**
 * The confirmation message of R-INTAKE-3: order number and tracking link, Simplified Chinese
 * first and English below — or English first for customers who chose English.
 */

import type { Order } from '../entities/order-entity.ts';
import type { OutgoingEmail } from '../ports.ts';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const yuan = (cents: number): string => `¥${(cents / 100).toFixed(2)}`;

interface Block {
  heading: string;
  lines: string[];
  linkLabel: string;
}

function blocks(order: Order): { zh: Block; en: Block } {
  const total = yuan(order.totalAmount);
  return {
    zh: {
      heading: `${order.customer.name}，您好：`,
      lines: [
        `我们已收到您的订单 ${order.orderNumber}（共 ${order.items.length} 项，金额 ${total}），正在处理。`,
        `要求交货日期：${order.delivery.requestedDate}。`,
        '您可随时通过以下链接查看订单状态：',
      ],
      linkLabel: '查看订单状态',
    },
    en: {
      heading: `Dear ${order.customer.name},`,
      lines: [
        `We have received your order ${order.orderNumber} (${order.items.length} item(s), ${total}) and are processing it.`,
        `Requested delivery date: ${order.delivery.requestedDate}.`,
        'Follow your order at any time through this link:',
      ],
      linkLabel: 'Track your order',
    },
  };
}

export function confirmationEmail(order: Order, link: string): OutgoingEmail {
  const { zh, en } = blocks(order);
  const ordered = order.language === 'en' ? [en, zh] : [zh, en];
  const text = ordered.map((b) => [b.heading, '', ...b.lines, link].join('\n')).join('\n\n——————\n\n');
  const html = ordered
    .map(
      (b) =>
        `<p>${escapeHtml(b.heading)}</p>${b.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}` +
        `<p><a href="${escapeHtml(link)}">${escapeHtml(b.linkLabel)}</a><br>${escapeHtml(link)}</p>`,
    )
    .join('<hr>');
  const subject =
    order.language === 'en'
      ? `Order received ${order.orderNumber} / 订单已收到`
      : `订单已收到 ${order.orderNumber} / Order received`;
  return {
    to: order.customer.email ? [order.customer.email] : [],
    subject: order.source ? replySubject(order.source.subject) : subject,
    text,
    html: `<!doctype html><html><body>${html}</body></html>`,
    ...(order.source ? { headers: threadHeaders(order.source) } : {}),
  };
}

/** `Re: <subject>` of a reply, without stacking prefixes (R-INTAKE-3 in the mail's thread). */
export const replySubject = (inbound: string): string => {
  // Never a line break of the inbound Subject in ours (header injection, R-SEC-3).
  const subject = inbound.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  return /^\s*(re|回复|答复)\s*[:：]/i.test(subject) ? subject : `Re: ${subject}`.trim();
};

/** In-Reply-To and References that put a reply in the thread of the message it answers. */
export function threadHeaders(original: { messageId: string; references: string[] }): Record<string, string> {
  const references = [...original.references.filter((r) => r !== original.messageId), original.messageId];
  return { 'In-Reply-To': original.messageId, References: references.join(' ') };
}

export function confirmationSms(order: Order, link: string): string {
  return order.language === 'en'
    ? `[Order desk] Order ${order.orderNumber} received. Track: ${link}`
    : `【订单服务】您的订单 ${order.orderNumber} 已收到，查看进度：${link}`;
}
