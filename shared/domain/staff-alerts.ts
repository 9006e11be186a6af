/**
 * Staff alerts for the group robots of WeCom, DingTalk and Feishu (docs/robots.md): what
 * happened, in Chinese and English, with the order it concerns and the buttons of its card.
 * An alert crosses a queue (SQS on AWS, the local queue on one machine), so it has a schema
 * that the consumer validates. It carries what staff need — order number, customer company,
 * amounts — and never a customer's phone or email (R-SEC-1); `mobiles` are staff numbers to
 * @-mention where the platform can.
 */
import * as z from 'zod';

/** Every kind of alert a robot can subscribe to (`events` of ORDERDESK_ROBOTS). */
export const ALERT_KINDS = [
  'urgent-order',
  'rush-order',
  'approval-requested',
  'approval-escalated',
  'order-held',
  'rush-report-reminder',
  'rush-report-missed',
  'overtime-safety',
  'delivery-exception',
  'report-failed',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** How each kind reads as a heading, and whether it is urgent (red card) or a notice. */
export const ALERT_KIND_WORDS: Record<AlertKind, { zh: string; en: string; urgent: boolean }> = {
  'urgent-order': { zh: '紧急订单', en: 'Urgent order', urgent: true },
  'rush-order': { zh: '紧急订单申请', en: 'Rush application', urgent: true },
  'approval-requested': { zh: '待审批', en: 'Approval needed', urgent: false },
  'approval-escalated': { zh: '审批升级', en: 'Approval escalated', urgent: true },
  'order-held': { zh: '订单暂停', en: 'Order on hold', urgent: true },
  'rush-report-reminder': { zh: '进度报告提醒', en: 'Progress report due', urgent: false },
  'rush-report-missed': { zh: '进度报告缺失', en: 'Progress reports missed', urgent: true },
  'overtime-safety': { zh: '加班安全提醒', en: 'Overtime safety', urgent: true },
  'delivery-exception': { zh: '交付异常', en: 'Delivery exception', urgent: true },
  'report-failed': { zh: '报表发送失败', en: 'Report run failed', urgent: true },
};

const line = z.string().max(500);

export const staffAlertSchema = z.strictObject({
  /** Unique per alert; a retried delivery keeps it. */
  id: z.string().min(1).max(80),
  kind: z.enum(ALERT_KINDS),
  at: z.iso.datetime(),
  /** The order it concerns: the consumer links its page in the staff console. */
  orderId: z.string().max(64).optional(),
  /** [Chinese, English]. */
  title: z.tuple([z.string().min(1).max(120), z.string().min(1).max(160)]),
  zh: z.array(line).max(30),
  en: z.array(line).max(30),
  /** Buttons of the card besides the order link: an approver's own signed approval page. */
  buttons: z
    .array(z.strictObject({ text: z.string().min(1).max(40), url: z.url({ protocol: /^https?$/ }) }))
    .max(6)
    .default([]),
  /** Staff mobile numbers to @-mention (WeCom text, DingTalk); never a customer's. */
  mobiles: z
    .array(z.string().regex(/^\+?[0-9]{5,15}$/))
    .max(20)
    .default([]),
  /** Only these robots (a delivery retried for the robots that failed it). */
  robots: z.array(z.string()).optional(),
  /** Deliveries tried so far for `robots`. */
  attempt: z.number().int().min(0).max(100).default(0),
});
export type StaffAlert = z.infer<typeof staffAlertSchema>;
/** What a use case raises: the queue adapter gives it an id when it has none. */
export type StaffAlertInput = Omit<z.input<typeof staffAlertSchema>, 'id'> & { id?: string };
