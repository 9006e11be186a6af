/** The email to ops when a product's available stock falls below its threshold (R-MASTER-2). */
import type { LowStock, OutgoingEmail, ProductRecord } from '../ports.ts';

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

/** The email to ops when an order's reservation took products below their thresholds. */
export function reservedLowEmail(orderNumber: string, items: LowStock[], to: string[]): OutgoingEmail {
  // No link: the review task signs no links (its needs); staff find it under 产品与库存.
  const lines = [
    `订单 ${orderNumber} 预留库存后，以下产品低于预警线（见员工控制台“产品与库存”）：`,
    ...items.map((i) => `· ${i.sku} ${i.name}：可用 ${i.available}（预警线 ${i.lowStockAt}）`),
    '',
    `After order ${orderNumber} reserved its stock, these products are below their thresholds (staff console, Products & stock):`,
    ...items.map((i) => `· ${i.sku} ${i.name}: ${i.available} available (threshold ${i.lowStockAt})`),
  ];
  return {
    to,
    subject: `【库存预警】${items.map((i) => i.sku).join('、')} / Low stock after order ${orderNumber}`,
    text: lines.join('\n'),
    html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
  };
}
