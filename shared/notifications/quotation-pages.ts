/**
 * The customer's quotation link pages (R-QUOTE-3): the quotation with accept / decline and a
 * comment, and what happened — Chinese first, English second, readable on a phone.
 */

import { type Company, DEMO_COMPANY } from '../domain/company.ts';
import type { LinkAnswer } from '../use-cases/quotations.ts';
import { escapeHtml } from './bilingual-email.ts';
import { quotationHtml } from './quotation-document.ts';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem;margin:.25rem}textarea{width:100%}</style></head><body>${body}</body></html>`;

export function renderQuotationLinkPage(
  answer: LinkAnswer,
  actionUrl: string,
  company: Company = DEMO_COMPANY,
): string {
  switch (answer.kind) {
    case 'form': {
      const q = answer.quotation;
      const doc = quotationHtml(q, company)
        .replace(/^[\s\S]*<body>/, '')
        .replace(/<\/body>[\s\S]*$/, '');
      return page(
        `报价单 ${q.quotationNumber}`,
        `${doc}<form method="post" action="${escapeHtml(actionUrl)}"><p><label>意见 Comment<br><textarea name="comment" rows="3" maxlength="1000"></textarea></label></p>
<button name="decision" value="accept">接受报价 Accept</button><button name="decision" value="decline">拒绝 Decline</button></form>`,
      );
    }
    case 'accepted':
      return page(
        '已接受 Accepted',
        `<h1>感谢您接受报价，订单号 <span class="order-number">${escapeHtml(answer.orderNumber)}</span></h1><p>Thank you: your order number is <b>${escapeHtml(answer.orderNumber)}</b>. 我们会尽快与您确认交货。We will confirm delivery shortly.</p>`,
      );
    case 'declined':
      return page(
        '已拒绝 Declined',
        '<h1>已收到您的答复，报价单已拒绝。</h1><p>We have your answer: the quotation is declined.</p>',
      );
    case 'expired':
      return page(
        '报价已过期 Expired',
        `<h1>此报价单已过期，不能再接受</h1><p>This quotation expired on ${escapeHtml(answer.quotation.validUntil)} and can no longer be accepted. 请联系我们的销售获取新报价。Please ask our sales team for a new quotation.</p>`,
      );
    case 'answered':
      // R-QUOTE-1: revised — the customer is told which quotation replaces it.
      if (answer.quotation.revisedTo)
        return page(
          '报价已更新 Replaced',
          `<h1>此报价单已由新版本 ${escapeHtml(answer.quotation.revisedTo.quotationNumber)} 取代</h1><p>This quotation was replaced by ${escapeHtml(answer.quotation.revisedTo.quotationNumber)}. 新报价经审批后会发送给您。The new one will be sent to you once approved.</p>`,
        );
      return page(
        '已处理 Already answered',
        '<h1>此报价单已处理或不再有效</h1><p>This quotation was already answered or is no longer open.</p>',
      );
    case 'bad-input':
      return page('请选择 Choose', '<h1>请选择接受或拒绝</h1><p>Choose accept or decline.</p>');
    default:
      return page('链接无效 Invalid link', '<h1>链接无效</h1><p>This link is not valid.</p>');
  }
}
