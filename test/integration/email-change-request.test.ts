/**
 * A customer's reply to their confirmation email asking for a date change or a cancellation
 * (R-CHG-1, R-CHG-3): real SMTP sends to the local intake server (the handler SES invokes on
 * AWS), dynalite and the SES emulator. The reply becomes a pending customer change request with
 * the email as evidence — never an applied change, never a new order; unclear replies are kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { chineseOrderText, inboundOf as inboundOfMail, sendMail } from '../support/mail.ts';
import { inDays, orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
let ops: string;
beforeAll(async () => {
  sys = await startTestSystem();
  ops = await sys.login('ops');
});
afterAll(async () => {
  await sys?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: API answers, read loosely by the assertions
type Json = Record<string, any>;

let counter = 0;
const unique = (name: string) => {
  counter++;
  return {
    from: `${name}${counter}@reply${counter}.example`,
    messageId: `<${name}-${counter}-${Date.now()}@reply.example>`,
  };
};

/** The inbound item of a message, once the pipeline has dealt with it (test/support/mail.ts). */
const inboundOf = (messageId: string) => inboundOfMail(sys, ops, messageId);

const order = async (orderId: string): Promise<Json> =>
  (await (await sys.api(`/api/orders/${orderId}`, { token: ops })).json()) as Json;
const changes = async (orderId: string): Promise<Json[]> =>
  ((await (await sys.api(`/api/orders/${orderId}/changes`, { token: ops })).json()) as Json)['changes'];
const mailTo = async (address: string) =>
  (await sys.outbox()).filter((m) => m.to.includes(address)) as Json[];

/** An order placed on the web form for `email`, with its confirmation mail. */
async function webOrder(
  email: string,
): Promise<{ orderId: string; orderNumber: string; confirmation: Json }> {
  const placed = await sys.api('/api/orders', {
    json: orderBody({ customer: { name: '回复客户', company: '回复有限公司', email, phone: '13912345678' } }),
  });
  expect(placed.status).toBe(201);
  const { orderId, orderNumber } = (await placed.json()) as Json;
  const [confirmation] = await eventually(async () => {
    const mails = (await mailTo(email)).filter((m) => String(m['subject']).includes(orderNumber));
    return mails.length > 0 && mails;
  });
  return { orderId, orderNumber, confirmation: confirmation! };
}

describe('a reply to the confirmation asks for a change (R-CHG-1, R-CHG-3)', () => {
  it('R-CHG-1: a reply in the thread of an emailed order naming a new date is a pending request with the email as evidence', async () => {
    const { from, messageId } = unique('date');
    await sendMail(sys, { from, subject: '订单', messageId, text: chineseOrderText(inDays(9)) });
    const original = await inboundOf(messageId);
    expect(original['state']).toBe('registered');
    const orderId = original['orderId'] as string;
    const [confirmation] = await eventually(async () => {
      const mails = await mailTo(from);
      return mails.length > 0 && mails;
    });
    expect(confirmation!['headers']).toMatchObject({ 'In-Reply-To': messageId });

    // The customer's mail client answers the confirmation: its Message-ID is SES's, the thread ours.
    const newDate = inDays(20);
    const reply = unique('date-reply');
    await sendMail(sys, {
      from,
      subject: 'Re: 订单',
      messageId: reply.messageId,
      inReplyTo: '<confirmation-1@email.amazonses.com>',
      references: [messageId, '<confirmation-1@email.amazonses.com>'],
      text: [
        `您好，交货日期请改为 ${newDate}，谢谢。`,
        '',
        '> 我们已收到您的订单，正在处理。',
        `> 要求交货日期：${inDays(9)}。`,
      ].join('\n'),
    });
    const inbound = await inboundOf(reply.messageId);
    expect(inbound).toMatchObject({ state: 'registered', orderId });
    expect(inbound['changeId']).toBeTruthy();

    const [change] = await changes(orderId);
    expect(change).toMatchObject({
      changeId: inbound['changeId'],
      kind: 'delivery-date',
      status: 'requested',
      requestedBy: { kind: 'customer', channel: 'email' },
      requestedDate: newDate,
      evidence: { inboundId: inbound['inboundId'] },
    });
    // Never applied: the order keeps its date and version; no second order from the reply.
    const current = await order(orderId);
    expect(current['delivery']['requestedDate']).toBe(inDays(9));
    expect(current['versions']).toHaveLength(1);
    expect(current['history'].some((h: Json) => h['action'] === 'change-requested')).toBe(true);

    // The customer is acknowledged in their thread; ops are told.
    const ack = await eventually(async () =>
      (await mailTo(from)).find((m) => m['headers']?.['In-Reply-To'] === reply.messageId),
    );
    expect(ack['subject']).toBe('Re: 订单');
    expect(ack['text']).toContain(newDate);
    expect(ack['text']).toContain('确认后才生效');
    const toOps = (await sys.outbox()).filter(
      (m) => m.to.includes('ops@example.com') && m.subject.includes(current['orderNumber']),
    );
    expect(toOps.length).toBeGreaterThan(0);
  });

  it("R-CHG-3: a reply to a web order's confirmation naming the order number asks to cancel", async () => {
    const { from, messageId } = unique('cancel');
    const { orderId, orderNumber, confirmation } = await webOrder(from);
    await sendMail(sys, {
      from,
      subject: `Re: ${confirmation['subject']}`,
      messageId,
      text: `Please cancel this order, we no longer need it.\n\nOn Friday Order desk wrote:\n> We have received your order ${orderNumber}`,
    });
    const inbound = await inboundOf(messageId);
    expect(inbound).toMatchObject({ state: 'registered', orderId, orderNumber });
    const [change] = await changes(orderId);
    expect(change).toMatchObject({
      kind: 'cancel',
      status: 'requested',
      reason: 'customer',
      requestedBy: { kind: 'customer', channel: 'email' },
      evidence: { inboundId: inbound['inboundId'] },
    });
    expect((await order(orderId))['status']).not.toBe('cancelled');
    const ack = await eventually(async () =>
      (await mailTo(from)).find((m) => m['headers']?.['In-Reply-To'] === messageId),
    );
    expect(ack['text']).toContain('cancel the order');
  });

  it('keeps an unclear reply for staff, linked to the order, and acknowledges it; no change, no order', async () => {
    const { from, messageId } = unique('unclear');
    const { orderId, orderNumber, confirmation } = await webOrder(from);
    await sendMail(sys, {
      from,
      subject: `Re: ${confirmation['subject']}`,
      messageId,
      text: '请问发票什么时候寄出？',
    });
    const inbound = await inboundOf(messageId);
    expect(inbound).toMatchObject({ state: 'attention', orderId, orderNumber });
    expect(inbound['problems'][0]['messageZh']).toContain(orderNumber);
    expect(await changes(orderId)).toEqual([]);
    const ack = await eventually(async () =>
      (await mailTo(from)).find((m) => m['headers']?.['In-Reply-To'] === messageId),
    );
    expect(ack['text']).toContain('工作人员会尽快阅读');
  });

  it("keeps a reply from an address that is not the customer's, without answering it", async () => {
    const { from } = unique('owner');
    const { orderId, confirmation } = await webOrder(from);
    const stranger = unique('stranger');
    await sendMail(sys, {
      from: stranger.from,
      subject: `Re: ${confirmation['subject']}`,
      messageId: stranger.messageId,
      text: 'Please cancel the order.',
    });
    const inbound = await inboundOf(stranger.messageId);
    expect(inbound).toMatchObject({ state: 'attention', orderId });
    expect(await changes(orderId)).toEqual([]);
    expect(await mailTo(stranger.from)).toEqual([]);
  });
});
