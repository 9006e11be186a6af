/**
 * The intake use case's replay and failure paths (R-INTAKE-4, R-INTAKE-6), with in-memory ports:
 * a delivery that fails half-way is listed under `received` and finished by the next attempt,
 * never registered twice. (The happy paths run end to end in test/integration/email-intake.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '#local/seed.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { InboundMessage, InboundState } from '#shared/entities/inbound-entity.ts';
import type { CustomerDirectory, InboundStore, OutgoingEmail, RawMessageStore } from '#shared/ports.ts';
import { type ReceiveEmailDeps, receiveEmail } from '#shared/use-cases/receive-email.ts';
import { fixedClock, memoryCatalogue, memoryOrderStore } from '../support/memory-stores.ts';

const PASS = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

/** Items by id, and the listing partitions the DynamoDB store keeps (state → ids). */
function memoryInbound(): InboundStore & { listed: Map<InboundState, Set<string>> } {
  const items = new Map<string, InboundMessage>();
  const listed = new Map<InboundState, Set<string>>();
  const list = (state: InboundState) => listed.get(state) ?? listed.set(state, new Set()).get(state)!;
  return {
    listed,
    async create(m) {
      if (items.has(m.inboundId)) return 'exists';
      items.set(m.inboundId, structuredClone(m));
      return 'created';
    },
    async get(id) {
      const m = items.get(id);
      return m ? structuredClone(m) : undefined;
    },
    async listStuck(m) {
      list('received').add(m.inboundId);
      items.get(m.inboundId)!.stuck = true;
      return { ...m, stuck: true };
    },
    async transition(current, to, set, action) {
      const stored = items.get(current.inboundId)!;
      if (stored.version !== current.version) throw new ConflictError('changed');
      list(to).add(current.inboundId);
      const next = {
        ...stored,
        ...set,
        state: to,
        actions: [...stored.actions, action],
        version: stored.version + 1,
      };
      items.set(current.inboundId, next);
      if (current.state !== to) list(current.state).delete(current.inboundId);
      return structuredClone(next);
    },
    async appendAction(id, action) {
      items.get(id)!.actions.push(action);
    },
    async list(state) {
      return { items: [...list(state)].map((id) => structuredClone(items.get(id)!)) };
    },
  };
}

function setup() {
  const raw = new Map<string, Uint8Array>();
  const sent: OutgoingEmail[] = [];
  const orders = memoryOrderStore();
  const customers = new Set<string>();
  const inbound = memoryInbound();
  const deps: ReceiveEmailDeps = {
    inbound,
    raw: { get: async (key) => raw.get(key) } satisfies RawMessageStore,
    orders,
    catalogue: memoryCatalogue(DEMO_PRODUCTS),
    customers: {
      get: async () => undefined,
      confirm: async () => 'not-pending',
      async createPending(c) {
        if (customers.has(c.customerKey)) return 'exists';
        customers.add(c.customerKey);
        return 'created';
      },
    } satisfies CustomerDirectory,
    mailer: { send: async (email) => void sent.push(email) },
    clock: fixedClock('2026-11-27T02:00:00Z'),
    trackingSecret: 'secret',
    publicBaseUrl: 'https://orders.example',
    blocklist: [],
  };
  const deliverRaw = (sesId: string, headers: string[], body: string, envelopeFrom?: string) => {
    raw.set(
      `inbound/${sesId}`,
      Buffer.from(
        [
          ...headers,
          'To: orders@example.com',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          body,
        ].join('\r\n'),
      ),
    );
    return receiveEmail(deps, {
      sesMessageId: sesId,
      rawKey: `inbound/${sesId}`,
      verdicts: PASS,
      ...(envelopeFrom ? { envelopeFrom } : {}),
    });
  };
  const deliver = (sesId: string, body: string, messageId = '<m-1@customer.example>') =>
    deliverRaw(
      sesId,
      [
        'From: 王磊 <wang@customer.example>',
        'Subject: =?UTF-8?B?6K6i5Y2V?=',
        ...(messageId ? [`Message-ID: ${messageId}`] : []),
      ],
      body,
    );
  return { deps, deliver, deliverRaw, sent, orders, inbound, customers };
}

const complete = [
  '客户：苏州精工机械有限公司',
  '联系人：王磊',
  '收货地址：江苏省苏州市工业园区星湖街 88 号',
  '交货日期：2026-12-20',
  '付款方式：银行转账',
  'BRG-6204 x 20 @ 12.50',
].join('\n');

describe('receiving an emailed order', () => {
  it('registers a complete order once, lists it under registered only, and records a new customer', async () => {
    const { deliver, orders, inbound, customers } = setup();
    const result = await deliver('ses1', complete);
    expect(result).toMatchObject({ state: 'registered', orderId: expect.any(String) });
    expect([...orders.all.values()]).toEqual([
      expect.objectContaining({
        channel: 'email',
        source: expect.objectContaining({ rawKey: 'inbound/ses1' }),
      }),
    ]);
    expect([...(inbound.listed.get('registered') ?? [])]).toEqual([result.inboundId]);
    expect(inbound.listed.get('received')?.size ?? 0).toBe(0);
    expect([...customers]).toEqual(['email:wang@customer.example']);
  });

  it('lists a delivery that failed half-way under received; the retry finishes it without a second order', async () => {
    const { deps, deliver, orders, inbound } = setup();
    const create = deps.orders.create.bind(deps.orders);
    deps.orders.create = async () => {
      throw new Error('DynamoDB unavailable');
    };
    await expect(deliver('ses1', complete)).rejects.toThrow('DynamoDB unavailable');
    const [stuck] = (await inbound.list('received', 10)).items;
    expect(stuck).toMatchObject({ state: 'received', stuck: true });

    deps.orders.create = create;
    const retry = await deliver('ses1', complete);
    expect(retry).toMatchObject({ state: 'registered', inboundId: stuck!.inboundId });
    expect(orders.all.size).toBe(1);
    expect(inbound.listed.get('received')?.size).toBe(0);
    // The same message again (a customer resending it) changes nothing.
    const again = await deliver('ses2', complete);
    expect(again).toMatchObject({ duplicate: true, orderId: retry.orderId });
    expect(orders.all.size).toBe(1);
  });

  it('keeps an incomplete order for staff, replies once in the thread and registers nothing', async () => {
    const { deliver, orders, sent, inbound } = setup();
    const result = await deliver('ses1', 'BRG-6204 x 20 @ 12.50');
    expect(result.state).toBe('attention');
    expect(orders.all.size).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers).toEqual({
      'In-Reply-To': '<m-1@customer.example>',
      References: '<m-1@customer.example>',
    });
    const [kept] = (await inbound.list('attention', 10)).items;
    expect(kept!.problems!.map((p) => p.path)).toEqual(
      expect.arrayContaining(['delivery.address', 'delivery.requestedDate', 'paymentMethod']),
    );
    expect(await deliver('ses2', 'BRG-6204 x 20 @ 12.50')).toMatchObject({
      duplicate: true,
      state: 'attention',
    });
    expect(sent).toHaveLength(1);
  });

  it('prices a line the email left unpriced from the list and flags it for review (R-INTAKE-6)', async () => {
    const { deliver, orders } = setup();
    const mail = complete.replace('BRG-6204 x 20 @ 12.50', 'BRG-6204 x 20\nVLV-DN50 x 2 @ 250');
    expect((await deliver('ses1', mail)).state).toBe('registered');
    const [order] = [...orders.all.values()];
    expect(order!.items.map((i) => [i.sku, i.unitPrice])).toEqual([
      ['BRG-6204', 1250], // the list price, as the web form prefills it
      ['VLV-DN50', 25000],
    ]);
    expect(order!.history[0]).toMatchObject({
      code: 'created',
      params: { channel: 'email', pricedFromList: ['BRG-6204'] },
    });
  });

  it('keeps an unpriced line of a product without a list price, and asks the sender for its price', async () => {
    const { deliver, orders, sent, inbound } = setup();
    const mail = complete.replace('BRG-6204 x 20 @ 12.50', 'BRG-6204 x 20\nPMP-CUSTOM x 1');
    expect((await deliver('ses1', mail)).state).toBe('attention');
    expect(orders.all.size).toBe(0);
    const [kept] = (await inbound.list('attention', 10)).items;
    // Both lines stay in the draft the correction form opens with; nothing is dropped.
    expect(kept!.draft).toMatchObject({
      items: [
        { sku: 'BRG-6204', quantity: 20, unitPrice: 1250, priceFromList: true },
        { sku: 'PMP-CUSTOM', quantity: 1 },
      ],
    });
    expect(kept!.problems).toEqual([
      expect.objectContaining({ path: 'items.1.unitPrice', line: 'PMP-CUSTOM x 1' }),
    ]);
    expect(sent[0]!.text).toContain('PMP-CUSTOM 没有价目价');
  });

  it('makes one order of the same message sent twice without a Message-ID (R-INTAKE-4)', async () => {
    const { deps, deliver, orders } = setup();
    const a = await deliver('sesA', complete, '');
    const b = await deliver('sesB', complete, '');
    expect(b).toMatchObject({ duplicate: true, inboundId: a.inboundId, orderId: a.orderId });
    expect(orders.all.size).toBe(1);
    // Another text from the same sender is another order.
    const c = await deliver('sesC', complete.replace('x 20', 'x 30'), '');
    expect(c.inboundId).not.toBe(a.inboundId);
    expect(orders.all.size).toBe(2);
    // Past the window (24 hours by default) the same text is a new order.
    deps.clock = fixedClock('2026-11-28T02:00:01Z');
    const d = await deliver('sesD', complete, '');
    expect(d.duplicate).toBeUndefined();
    expect(orders.all.size).toBe(3);
  });

  it('dedupes across the boundary of two windows, and not at all with a window of 0', async () => {
    const { deps, deliver, orders } = setup();
    deps.dedupeHours = 24;
    deps.clock = fixedClock('2026-11-27T23:59:00Z');
    await deliver('sesA', complete, '');
    deps.clock = fixedClock('2026-11-28T00:01:00Z');
    expect(await deliver('sesB', complete, '')).toMatchObject({ duplicate: true });
    expect(orders.all.size).toBe(1);
    deps.dedupeHours = 0;
    expect((await deliver('sesC', complete, '')).duplicate).toBeUndefined();
    expect(orders.all.size).toBe(2);
  });
});

describe('hostile emails (R-SEC-3, R-INTAKE-6)', () => {
  it('never copies line breaks of an inbound Subject into the reply’s Subject', async () => {
    const { deliverRaw, sent } = setup();
    // "订单\r\nBcc: victim@example.com" as an encoded word, which unfolding does not remove.
    const subject = `=?UTF-8?B?${Buffer.from('订单\r\nBcc: victim@example.com').toString('base64')}?=`;
    await deliverRaw(
      'ses1',
      ['From: wang@customer.example', `Subject: ${subject}`, 'Message-ID: <h1@customer.example>'],
      'BRG-6204 x 20 @ 12.50',
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).not.toMatch(/[\r\n]/);
    expect(sent[0]!.subject).toBe('Re: 订单 Bcc: victim@example.com');
  });

  it('quarantines a blocked envelope sender even when From looks harmless', async () => {
    const { deps, deliverRaw, sent, orders } = setup();
    deps.blocklist = ['@spam.example'];
    const result = await deliverRaw(
      'ses1',
      ['From: wang@customer.example', 'Subject: order', 'Message-ID: <b1@customer.example>'],
      complete,
      'bounce@spam.example',
    );
    expect(result.state).toBe('quarantined');
    expect(orders.all.size).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it('answers an order beyond the amount limit with a clear reply instead of failing (R-INTAKE-2)', async () => {
    const { deliver, sent, orders } = setup();
    const huge = complete.replace('BRG-6204 x 20 @ 12.50', 'BRG-6204 x 1000000 @ 100000000');
    const result = await deliver('ses1', huge);
    expect(result.state).toBe('attention');
    expect(orders.all.size).toBe(0);
    expect(sent[0]!.text).toContain('超过上限');
    expect(sent[0]!.text).toMatch(/above the limit/);
    // A second delivery of the same message (a restart) changes nothing.
    expect(await deliver('ses2', huge)).toMatchObject({ duplicate: true, state: 'attention' });
  });
});
