/**
 * The words customers use in an emailed order (R-INTAKE-6), Chinese and English: the labels
 * of the order's fields, the column headers of an order sheet, and the words for each payment
 * method, transport method and priority of `shared/domain/order-schema.ts`.
 */
import type { PAYMENT_METHODS, PRIORITIES, TRANSPORT_METHODS } from '#shared/domain/order-schema.ts';

/** What a labelled line fills. `customer` is 客户/Customer: the company, and the name when no contact is given. */
export type FieldKey =
  | 'customer'
  | 'company'
  | 'contact'
  | 'phone'
  | 'email'
  | 'address'
  | 'requestedDate'
  | 'paymentMethod'
  | 'transportMethod'
  | 'priority'
  | 'notes';

export const FIELD_LABELS: Record<FieldKey, { zh: string[]; en: string[] }> = {
  customer: {
    zh: ['客户名称', '客户单位', '客户', '订货单位', '购货单位'],
    en: ['customer name', 'customer'],
  },
  company: { zh: ['公司名称', '公司', '单位名称'], en: ['company name', 'company'] },
  contact: { zh: ['联系人', '收货人', '姓名'], en: ['contact person', 'contact name', 'contact', 'name'] },
  phone: {
    zh: ['联系电话', '电话', '手机号码', '手机号', '手机', '联系方式'],
    en: ['phone number', 'phone', 'telephone', 'tel', 'mobile', 'cell'],
  },
  email: { zh: ['电子邮箱', '电子邮件', '邮箱地址', '邮箱'], en: ['e-mail', 'email address', 'email'] },
  address: {
    zh: ['收货地址', '送货地址', '交货地址', '到货地址', '地址'],
    en: ['delivery address', 'shipping address', 'ship to', 'address'],
  },
  requestedDate: {
    zh: [
      '要求交货日期',
      '要求到货日期',
      '交货日期',
      '到货日期',
      '送货日期',
      '交货时间',
      '到货时间',
      '交货期',
      '交期',
    ],
    en: [
      'requested delivery date',
      'delivery date',
      'required by',
      'required date',
      'requested date',
      'deliver by',
      'due date',
    ],
  },
  paymentMethod: {
    zh: ['付款方式', '支付方式', '结算方式', '付款条件'],
    en: ['payment method', 'payment terms', 'payment'],
  },
  transportMethod: {
    zh: ['运输方式', '发货方式', '送货方式', '配送方式', '物流方式', '交货方式'],
    en: ['shipping method', 'transport method', 'delivery method', 'shipping', 'transport'],
  },
  priority: { zh: ['优先级', '紧急程度'], en: ['priority', 'urgency'] },
  notes: { zh: ['备注', '附注', '说明', '留言'], en: ['remarks', 'remark', 'notes', 'note', 'comments'] },
};

/** Labels of the header block of a forwarded or quoted message: never order fields. */
export const MAIL_HEADER_LABELS = [
  'from',
  'to',
  'cc',
  'bcc',
  'sent',
  'date',
  'subject',
  'reply-to',
  '发件人',
  '收件人',
  '抄送',
  '密送',
  '发送时间',
  '时间',
  '日期',
  '主题',
  '回复',
];

/** Where a forwarded or original message begins. */
export const FORWARD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|original message|原始邮件|转发邮件|转发的邮件|转发邮件信息|以下为转发邮件|回复的原邮件|转发的原邮件)\s*-{2,}|begin forwarded message:?|-{5,}|_{5,})\s*$/i;

/** Item fields a line or a sheet column can carry; `name` only helps to quote a row. */
export type ItemKey = 'sku' | 'name' | 'spec' | 'packaging' | 'quantity' | 'unitPrice';

/** Item labels inside an item line (`货号：…，数量：…，单价：…`) and sheet column headers. */
export const ITEM_LABELS: Record<ItemKey, { zh: string[]; en: string[] }> = {
  sku: {
    zh: [
      '产品编号',
      '产品编码',
      '商品编号',
      '商品编码',
      '物料编码',
      '物料编号',
      '物料号',
      '料号',
      '货号',
      '编号',
      '型号',
      '产品',
      '商品',
    ],
    en: ['sku', 'item code', 'item no', 'part number', 'part no', 'product code', 'code', 'item', 'product'],
  },
  name: {
    zh: ['产品名称', '商品名称', '物料名称', '品名', '名称'],
    en: ['product name', 'description', 'name'],
  },
  spec: { zh: ['规格型号', '规格'], en: ['specification', 'spec'] },
  packaging: { zh: ['包装方式', '包装'], en: ['packaging', 'packing', 'package'] },
  quantity: { zh: ['订购数量', '订货数量', '采购数量', '数量'], en: ['quantity', "q'ty", 'qty'] },
  unitPrice: { zh: ['含税单价', '单价', '价格'], en: ['unit price', 'price'] },
};

/** A total row of a sheet: skipped. */
export const TOTAL_WORDS =
  /^(?:合计|总计|小计|共计|总金额|总价|(?:grand\s*|sub\s*)?totals?(?![a-z])|sum(?![a-z]))/i;

type Words<T extends string> = [T, string[]][];

export const PAYMENT_WORDS: Words<(typeof PAYMENT_METHODS)[number]> = [
  [
    'bank_transfer',
    [
      '银行转账',
      '对公转账',
      '公对公转账',
      '银行汇款',
      '转账',
      '汇款',
      '电汇',
      'bank transfer',
      'wire transfer',
      'wire',
      't/t',
      'transfer',
    ],
  ],
  ['alipay', ['支付宝', 'alipay']],
  ['wechat_pay', ['微信支付', '微信', 'wechat pay', 'wechat', 'weixin']],
  ['cash_on_delivery', ['货到付款', '货到付现', '到付', 'cash on delivery', 'cod']],
  ['monthly_settlement', ['月结', '按月结算', '月底结算', 'monthly settlement', 'monthly']],
];

export const TRANSPORT_WORDS: Words<(typeof TRANSPORT_METHODS)[number]> = [
  ['express', ['快递', '顺丰', '圆通', '中通', '申通', '韵达', '京东快递', 'ems', 'express', 'courier']],
  ['freight', ['物流', '货运', '零担', '整车', '专线', '托运', 'freight', 'logistics', 'truck', 'ltl']],
  [
    'company_delivery',
    [
      '送货上门',
      '公司送货',
      '贵司送货',
      '我司送货',
      '厂家送货',
      '送货',
      'company delivery',
      'door delivery',
      'door-to-door',
      'deliver to door',
    ],
  ],
  [
    'self_pickup',
    ['上门自提', '客户自提', '自提', '自取', 'self pickup', 'self-pickup', 'pickup', 'pick up', 'collect'],
  ],
];

export const PRIORITY_WORDS: Words<(typeof PRIORITIES)[number]> = [
  ['normal', ['普通', '一般', '正常', '常规', '不急', 'normal', 'regular', 'standard', 'low']],
  ['important', ['重要', 'important', 'high']],
  ['urgent', ['紧急', '加急', '特急', '急件', '急', 'urgent', 'rush', 'asap']],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const isAscii = (s: string) => /^[\x20-\x7e]+$/.test(s);

/** A pattern for one word: ASCII words must stand alone (`cod` is not in `code`). */
export const wordPattern = (w: string) =>
  isAscii(w) ? `(?<![a-z])${escapeRegExp(w)}(?![a-z])` : escapeRegExp(w);

/**
 * The one value the words of `text` name, longest words first (`对公转账` before `转账`,
 * `不急` before `急`); `undefined` when none or several different ones are named.
 */
export function mapWords<T extends string>(text: string, words: Words<T>): T | undefined {
  let rest = text.normalize('NFKC').toLowerCase();
  const pairs = words.flatMap(([value, list]) => list.map((w) => [value, w] as const));
  pairs.sort((a, b) => b[1].length - a[1].length);
  const found = new Set<T>();
  for (const [value, w] of pairs) {
    const re = new RegExp(wordPattern(w), 'g');
    if (re.test(rest)) {
      found.add(value);
      rest = rest.replace(re, ' ');
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}
