/**
 * The quotation as the customer receives it (R-QUOTE-1, R-QUOTE-2): a print-ready A4 page in the
 * company's quotation format (company header, lines with spec and packaging, total in figures
 * and in capitals 大写金额, validity, delivery and payment terms) with the signed link to accept
 * or decline, and the same document as a PDF attachment.
 *
 * The PDF is written by hand (no PDF library is installed): one A4 page, text only, in the
 * standard Chinese font STSong-Light with the UniGB-UCS2-H encoding, which PDF readers supply
 * themselves, so no font file is embedded.
 */

import { chineseAmount } from '../../web/js/chinese-amount.js';
import type { Company } from '../domain/company.ts';
import type { Quotation } from '../entities/quotation-entity.ts';
import type { OutgoingEmail } from '../ports.ts';
import { escapeHtml, yuan } from './bilingual-email.ts';

export const amountInCapitals = (fen: number): string => chineseAmount(fen);

const lineRows = (q: Quotation) =>
  q.items.map((l, i) => ({
    no: String(i + 1),
    product: `${l.sku ? `${l.sku} ` : ''}${l.name}`,
    spec: [l.spec, l.packaging].filter(Boolean).join(' / '),
    quantity: `${l.quantity}${l.unit ? ` ${l.unit}` : ''}`,
    price: yuan(l.unitPrice),
    amount: yuan(l.lineAmount),
  }));

/** The A4 page (also the email's HTML body). */
export function quotationHtml(q: Quotation, company: Company, link?: string): string {
  const rows = lineRows(q)
    .map(
      (r) =>
        `<tr><td>${r.no}</td><td>${escapeHtml(r.product)}</td><td>${escapeHtml(r.spec)}</td><td class="n">${escapeHtml(r.quantity)}</td><td class="n">${r.price}</td><td class="n">${r.amount}</td></tr>`,
    )
    .join('');
  const terms = [
    ['有效期至 Valid until', q.validUntil],
    ['交货条款 Delivery', q.deliveryTerms ?? '—'],
    ['付款条款 Payment', q.paymentTerms ?? '—'],
    ...(q.notes ? [['备注 Notes', q.notes]] : []),
  ]
    .map(([k, v]) => `<tr><th>${escapeHtml(k ?? '')}</th><td>${escapeHtml(v ?? '')}</td></tr>`)
    .join('');
  const customer = [q.customer.company, q.customer.name].filter(Boolean).join(' ');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>报价单 ${escapeHtml(q.quotationNumber)}</title>
<style>@page{size:A4;margin:15mm}body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;max-width:180mm;margin:auto;font-size:12px}
header{text-align:center;border-bottom:2px solid #000}h1{font-size:18px;margin:4px}table{width:100%;border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #555;padding:3px 5px;text-align:left}.n{text-align:right}.actions a{display:inline-block;margin:8px 12px 0 0}</style></head>
<body><article class="quotation">
<header><h1>${escapeHtml(company.nameZh)}</h1>${company.nameEn ? `<div>${escapeHtml(company.nameEn)}</div>` : ''}
<div>${escapeHtml([company.address, company.phone].filter(Boolean).join(' · '))}</div><h1>报价单 Quotation</h1></header>
<p>编号 No.: <b>${escapeHtml(q.quotationNumber)}</b> · 日期 Date: ${escapeHtml(q.createdAt.slice(0, 10))}</p>
<p>客户 Customer: ${escapeHtml(customer)}</p>
<table><thead><tr><th>#</th><th>产品 Product</th><th>规格/包装 Spec / packaging</th><th>数量 Qty</th><th>单价 Unit price (¥)</th><th>金额 Amount (¥)</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>合计 Total: <b>¥${yuan(q.totalAmount)}</b> · 大写金额 In words: <b class="capitals">${escapeHtml(amountInCapitals(q.totalAmount))}</b></p>
<table>${terms}</table>
${link ? `<p class="actions">请在有效期内确认 Please answer before ${escapeHtml(q.validUntil)}: <a href="${escapeHtml(link)}">接受或拒绝报价 Accept or decline</a></p>` : ''}
</article></body></html>`;
}

/** The text a PDF string holds: UCS-2 big-endian in hex (UniGB-UCS2-H). */
const pdfText = (s: string) => {
  let hex = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0x3f;
    hex += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, '0');
  }
  return `<${hex}>`;
};

/** A one-page A4 PDF of the quotation (see the file comment). */
export function quotationPdf(q: Quotation, company: Company): Uint8Array {
  const lines: [number, string][] = [
    [16, company.nameZh],
    [10, [company.nameEn, company.address, company.phone].filter(Boolean).join('  ')],
    [16, `报价单 Quotation ${q.quotationNumber}`],
    [
      10,
      `客户 Customer: ${[q.customer.company, q.customer.name].filter(Boolean).join(' ')}   日期 Date: ${q.createdAt.slice(0, 10)}`,
    ],
    [10, ''],
    ...lineRows(q).map((r): [number, string] => [
      10,
      `${r.no}. ${r.product}  ${r.spec}  ${r.quantity} × ¥${r.price} = ¥${r.amount}`,
    ]),
    [10, ''],
    [11, `合计 Total: ¥${yuan(q.totalAmount)}   大写金额: ${amountInCapitals(q.totalAmount)}`],
    [10, `有效期至 Valid until: ${q.validUntil}`],
    [10, `交货条款 Delivery: ${q.deliveryTerms ?? '—'}`],
    [10, `付款条款 Payment: ${q.paymentTerms ?? '—'}`],
    ...(q.notes ? [[10, `备注 Notes: ${q.notes}`] as [number, string]] : []),
  ];
  let y = 800;
  const ops = lines
    .map(([size, text]) => {
      y -= size + 8;
      return `BT /F1 ${size} Tf 50 ${y} Td ${pdfText(text.slice(0, 90))} Tj ET`;
    })
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>',
    `<< /Length ${Buffer.byteLength(ops)} >>\nstream\n${ops}\nendstream`,
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** R-QUOTE-2: the approved quotation to the customer, with the signed link to answer it. */
export function quotationEmail(q: Quotation, company: Company, link: string): OutgoingEmail {
  const text = [
    `${company.nameZh} 报价单 ${q.quotationNumber}`,
    `合计 ¥${yuan(q.totalAmount)}（${amountInCapitals(q.totalAmount)}），有效期至 ${q.validUntil}。`,
    `接受或拒绝报价：${link}`,
    '',
    `Quotation ${q.quotationNumber} from ${company.nameEn ?? company.nameZh}: total ¥${yuan(q.totalAmount)}, valid until ${q.validUntil}.`,
    `Accept or decline: ${link}`,
  ].join('\n');
  return {
    to: [q.customer.email ?? ''],
    subject: `报价单 ${q.quotationNumber} / Quotation ${q.quotationNumber}`,
    text,
    html: quotationHtml(q, company, link),
    attachments: [
      {
        filename: `quotation-${q.quotationNumber}.pdf`,
        contentType: 'application/pdf',
        content: quotationPdf(q, company),
      },
    ],
  };
}
