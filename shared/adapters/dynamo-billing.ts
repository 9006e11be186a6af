/**
 * The billing records (R-FIN-1..3), docs/data-model.md "Billing":
 * - `ORDER#<id>` / `BILLING`: the order's ledger — `invoiced`, `paid`, its invoices (a list) and
 *   the payments allocated to it. An invoice is added in ONE conditional UpdateItem that also
 *   checks `invoiced + amount <= delivered` and that the invoice number is new on the order, so
 *   two invoices at the same moment cannot together overdraw what was delivered (dynalite has no
 *   transactions; the refund ledger of after-sales works the same way).
 * - `BILLING#<customerKey>` / `P#<paymentId>`: a payment received; each allocation then adds to
 *   the order's ledger once (`paymentIds` set), so a retried allocation is not counted twice.
 * - `STATEMENT#<id>` / `STATEMENT`: a statement sent to the customer with its link; the answer
 *   (confirm | dispute) is written once, on `attribute_not_exists(decision)`.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvoiceRecord, OrderBilling, PaymentRecord, Statement } from '../domain/billing.ts';
import { isConditionFailure, putNew } from './dynamo-conditions.ts';
import type { Item } from './dynamo-paging.ts';

export const billingKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'BILLING' });
export const customerBillingPk = (customerKey: string) => `BILLING#${customerKey}`;
export const statementKey = (statementId: string) => ({ pk: `STATEMENT#${statementId}`, sk: 'STATEMENT' });

export interface SentStatement {
  statementId: string;
  customerKey: string;
  customerName: string;
  statement: Statement;
  sentTo: string[];
  sentAt: string;
  sentBy: string;
  decision?: 'confirm' | 'dispute';
  comment?: string;
  line?: number;
  decidedAt?: string;
  caseId?: string;
}

export interface BillingStore {
  get(orderId: string): Promise<OrderBilling | undefined>;
  /** R-FIN-1: `'over'` when invoiced + amount would exceed `delivered`; `'duplicate'` for a number the order has. */
  addInvoice(
    orderId: string,
    customerKey: string,
    invoice: InvoiceRecord,
    delivered: number,
  ): Promise<'added' | 'over' | 'duplicate'>;
  /** R-FIN-2: records a payment; `'exists'` when its id was recorded already. */
  putPayment(payment: PaymentRecord): Promise<'created' | 'exists'>;
  allocate(
    orderId: string,
    customerKey: string,
    payment: { paymentId: string; date: string; amount: number },
  ): Promise<void>;
  payments(customerKey: string): Promise<PaymentRecord[]>;
  putStatement(sent: SentStatement): Promise<void>;
  getStatement(statementId: string): Promise<SentStatement | undefined>;
  /** R-FIN-3: the customer's answer, once; false when there was one already. */
  answerStatement(
    statementId: string,
    answer: Pick<SentStatement, 'decision' | 'comment' | 'line' | 'decidedAt'>,
  ): Promise<boolean>;
  setStatementCase(statementId: string, caseId: string): Promise<void>;
}

const toBilling = (item: Item): OrderBilling => ({
  orderId: String(item['orderId']),
  customerKey: String(item['customerKey'] ?? ''),
  invoiced: Number(item['invoiced'] ?? 0),
  paid: Number(item['paid'] ?? 0),
  invoices: (item['invoices'] as InvoiceRecord[]) ?? [],
  payments: (item['payments'] as OrderBilling['payments']) ?? [],
});

export function dynamoBillingStore(db: DynamoDBDocumentClient, tableName: string): BillingStore {
  return {
    async get(orderId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: billingKey(orderId), ConsistentRead: true }),
      );
      return out.Item ? toBilling(out.Item) : undefined;
    },

    async addInvoice(orderId, customerKey, invoice, delivered) {
      if (invoice.amount > delivered) return 'over';
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: billingKey(orderId),
            UpdateExpression:
              'SET entity = :e, orderId = :o, customerKey = :c, invoiced = if_not_exists(invoiced, :zero) + :a, paid = if_not_exists(paid, :zero), invoices = list_append(if_not_exists(invoices, :none), :inv) ADD numbers :numbers',
            ConditionExpression:
              '(attribute_not_exists(invoiced) OR invoiced <= :max) AND NOT contains(numbers, :number)',
            ExpressionAttributeValues: {
              ':e': 'billing',
              ':o': orderId,
              ':c': customerKey,
              ':zero': 0,
              ':a': invoice.amount,
              ':none': [],
              ':inv': [invoice],
              ':numbers': new Set([invoice.invoiceNumber]),
              ':number': invoice.invoiceNumber,
              ':max': delivered - invoice.amount,
            },
          }),
        );
        return 'added';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const now = await this.get(orderId);
        return now?.invoices.some((i) => i.invoiceNumber === invoice.invoiceNumber) ? 'duplicate' : 'over';
      }
    },

    async putPayment(payment) {
      return putNew(db, {
        TableName: tableName,
        Item: {
          pk: customerBillingPk(payment.customerKey),
          sk: `P#${payment.paymentId}`,
          entity: 'payment',
          ...payment,
        },
      });
    },

    async allocate(orderId, customerKey, payment) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: billingKey(orderId),
            UpdateExpression:
              'SET entity = :e, orderId = :o, customerKey = :c, paid = if_not_exists(paid, :zero) + :a, invoiced = if_not_exists(invoiced, :zero), invoices = if_not_exists(invoices, :none), payments = list_append(if_not_exists(payments, :none), :p) ADD paymentIds :ids',
            ConditionExpression: 'NOT contains(paymentIds, :id)',
            ExpressionAttributeValues: {
              ':e': 'billing',
              ':o': orderId,
              ':c': customerKey,
              ':zero': 0,
              ':a': payment.amount,
              ':none': [],
              ':p': [payment],
              ':ids': new Set([payment.paymentId]),
              ':id': payment.paymentId,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // allocated already (a retry)
      }
    },

    async payments(customerKey) {
      const items: Item[] = [];
      let start: Item | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
            ExpressionAttributeValues: { ':p': customerBillingPk(customerKey), ':s': 'P#' },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items.map(({ pk: _p, sk: _s, entity: _e, ...rest }) => rest as unknown as PaymentRecord);
    },

    async putStatement(sent) {
      await putNew(db, {
        TableName: tableName,
        Item: { ...statementKey(sent.statementId), entity: 'statement', ...sent },
      });
    },

    async getStatement(statementId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: statementKey(statementId), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const { pk: _p, sk: _s, entity: _e, ...rest } = out.Item;
      return rest as SentStatement;
    },

    async answerStatement(statementId, answer) {
      const values: Item = { ':d': answer.decision, ':at': answer.decidedAt };
      const sets = ['decision = :d', 'decidedAt = :at'];
      if (answer.comment) {
        values[':c'] = answer.comment;
        sets.push('#comment = :c');
      }
      if (answer.line) {
        values[':l'] = answer.line;
        sets.push('#line = :l');
      }
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: statementKey(statementId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decision)',
            ...(answer.comment || answer.line
              ? {
                  ExpressionAttributeNames: {
                    ...(answer.comment ? { '#comment': 'comment' } : {}),
                    ...(answer.line ? { '#line': 'line' } : {}),
                  },
                }
              : {}),
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async setStatementCase(statementId, caseId) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: statementKey(statementId),
          UpdateExpression: 'SET caseId = :c',
          ExpressionAttributeValues: { ':c': caseId },
        }),
      );
    },
  };
}
