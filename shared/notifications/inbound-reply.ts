/**
 * The reply to an emailed order that cannot be registered (R-INTAKE-6): it lists exactly what is
 * missing or wrong, quoting the line it is about, Simplified Chinese first and English below,
 * and answers in the sender's thread (In-Reply-To / References, `Re: <subject>`).
 */
import type { InboundMessage, InboundProblem } from '../entities/inbound-entity.ts';
import type { OutgoingEmail } from '../ports.ts';
import { replySubject, threadHeaders } from './order-confirmation.ts';

const FIELD_LABELS: Record<string, [zh: string, en: string]> = {
  customer: ['客户信息', 'Customer'],
  'customer.name': ['客户名称', 'Customer name'],
  'customer.company': ['公司名称', 'Company'],
  'customer.phone': ['联系电话', 'Phone'],
  'customer.email': ['邮箱', 'Email'],
  delivery: ['收货信息', 'Delivery'],
  'delivery.address': ['收货地址', 'Delivery address'],
  'delivery.requestedDate': ['交货日期', 'Requested delivery date'],
  'delivery.transportMethod': ['运输方式', 'Transport method'],
  paymentMethod: ['付款方式', 'Payment method'],
  priority: ['优先级', 'Priority'],
  notes: ['备注', 'Notes'],
  items: ['订购产品', 'Items'],
  sku: ['产品编号', 'SKU'],
  quantity: ['数量', 'Quantity'],
  unitPrice: ['单价', 'Unit price'],
  spec: ['规格', 'Specification'],
  packaging: ['包装', 'Packaging'],
};

/** `items.2.quantity` → 第 3 行 数量 / Item 3 quantity. */
export function fieldLabel(path: string): { zh: string; en: string } {
  if (!path) return { zh: '邮件', en: 'Message' };
  const line = /^items\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (line) {
    const n = Number(line[1]) + 1;
    const [zh, en] = FIELD_LABELS[line[2] ?? ''] ?? ['', ''];
    return { zh: `第 ${n} 行${zh ? ` ${zh}` : ''}`, en: `Item ${n}${en ? ` ${en.toLowerCase()}` : ''}` };
  }
  const [zh, en] = FIELD_LABELS[path] ?? [path, path];
  return { zh, en };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function lines(problems: readonly InboundProblem[], lang: 'zh' | 'en'): string[] {
  return problems.map((p) => {
    const label = fieldLabel(p.path)[lang];
    const message = lang === 'zh' ? p.messageZh : p.message;
    const quote = p.line ? (lang === 'zh' ? `（原文：“${p.line}”）` : ` (you wrote: "${p.line}")`) : '';
    return `- ${label}${lang === 'zh' ? '：' : ': '}${message}${quote}`;
  });
}

export function inboundProblemReply(
  message: InboundMessage,
  problems: readonly InboundProblem[],
): OutgoingEmail {
  const zh = [
    '您好：',
    '',
    '我们收到了您的订单邮件，但由于以下信息缺失或有误，订单尚未登记：',
    ...lines(problems, 'zh'),
    '',
    '请直接回复本邮件补充或更正以上内容（可整封重新发送订单）。我们的客服也会查看这封邮件并与您联系。',
  ];
  const en = [
    'Hello,',
    '',
    'We received your order email, but it is not registered yet because of the following:',
    ...lines(problems, 'en'),
    '',
    'Please reply to this email with the missing or corrected details (or send the whole order again). ' +
      'Our customer service also reviews your message and will contact you.',
  ];
  const text = `${zh.join('\n')}\n\n——————\n\n${en.join('\n')}`;
  const html = [zh, en]
    .map((block) => block.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '')).join(''))
    .join('<hr>');
  return {
    to: [message.from.address],
    subject: replySubject(message.subject || '您的订单 / Your order'),
    text,
    html: `<!doctype html><html><body>${html}</body></html>`,
    headers: threadHeaders(message),
  };
}
