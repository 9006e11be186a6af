/** The email to ops when a product's available stock falls below its threshold (R-MASTER-2). */
import type { OutgoingEmail, ProductRecord } from '../ports.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function lowStockEmail(product: ProductRecord, to: string[], publicBaseUrl: string): OutgoingEmail {
  const page = `${publicBaseUrl}/staff/products.html?sku=${encodeURIComponent(product.sku)}`;
  const lines = [
    `${product.nameZh}（${product.sku}）可用库存 ${product.available} ${product.unit}，低于预警线 ${product.lowStockAt}。` +
      `在库 ${product.onHand}，已预留 ${product.reserved}。`,
    `查看 / View: ${page}`,
    '',
    `${product.nameEn ?? product.nameZh} (${product.sku}): ${product.available} ${product.unit} available, below the ` +
      `threshold of ${product.lowStockAt} (on hand ${product.onHand}, reserved ${product.reserved}).`,
  ];
  return {
    to,
    subject: `【库存预警】${product.sku} 可用 ${product.available} / Low stock: ${product.sku}`,
    text: lines.join('\n'),
    html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
  };
}
