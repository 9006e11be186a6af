/** Sends real mail over SMTP (nodemailer) to the local intake server of a test system. */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

export interface MailTarget {
  smtpPort: number;
  intakeAddress: string;
}

/** Sends one message; resolves with the SMTP answer or rejects with the server's error. */
export async function sendMail(
  target: MailTarget,
  message: Mail.Options,
  transportOptions: { pool?: boolean } = {},
): Promise<{ response: string; messageId: string }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: target.smtpPort,
    secure: false,
    ignoreTLS: true,
    ...transportOptions,
  });
  try {
    const info = await transport.sendMail({ to: target.intakeAddress, ...message });
    return { response: info.response, messageId: info.messageId };
  } finally {
    transport.close();
  }
}

/** A Chinese order body with labelled lines (R-INTAKE-6). */
export function chineseOrderText(requestedDate: string, items = ['BRG-6204 x 20 @ 12.50']): string {
  return [
    '您好，请安排以下订单：',
    '',
    '客户：苏州精工机械有限公司',
    '联系人：王磊',
    '联系电话：13912345678',
    '收货地址：江苏省苏州市工业园区星湖街 88 号',
    `交货日期：${requestedDate}`,
    '付款方式：银行转账',
    '运输方式：物流',
    '',
    ...items,
    '',
    '谢谢！',
  ].join('\n');
}

/**
 * The inbound item of a message (R-INTAKE-6), once the system's pipeline has dealt with it: looked
 * up by Message-ID in every state of the staff list, as ops would find it.
 */
export async function inboundOf(
  sys: { drain(): Promise<void>; api(path: string, init?: { token?: string }): Promise<Response> },
  token: string,
  messageId: string,
  // biome-ignore lint/suspicious/noExplicitAny: API answers, read loosely by the assertions
): Promise<Record<string, any>> {
  await sys.drain();
  for (const state of ['registered', 'attention', 'quarantined', 'received', 'dismissed']) {
    const page = (await (await sys.api(`/api/inbound?state=${state}&limit=100`, { token })).json()) as {
      items: { inboundId: string }[];
    };
    for (const summary of page.items) {
      // biome-ignore lint/suspicious/noExplicitAny: as above
      const detail = (await (await sys.api(`/api/inbound/${summary.inboundId}`, { token })).json()) as any;
      if (detail['messageId'] === messageId) return detail;
    }
  }
  throw new Error(`no inbound item for ${messageId}`);
}
