/**
 * Adapters built once per process (cold start) from the configuration. Handlers take what
 * they need from here and hand it to their use case.
 */
import { publicBaseUrl, specialReviewQualityRole, tableName, trackingSecret } from '../config.ts';
import type { CaseStore } from '../entities/case-entity.ts';
import type {
  CatalogueStore,
  CustomerDirectory,
  DossierStore,
  InboundStore,
  OrderListStore,
  OrderStore,
  QuotationStore,
  RawMessageStore,
  RushStore,
  SpecialReviewQueue,
} from '../ports.ts';
import { approvalSubjects } from './approval-subjects.ts';
import { dynamoCaseStore } from './dynamo-case-store.ts';
import { dynamoCatalogueStore } from './dynamo-catalogue-store.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoDossierStore } from './dynamo-dossier-store.ts';
import { dynamoCustomerDirectory, dynamoInboundStore } from './dynamo-inbound-store.ts';
import { dynamoOrderList } from './dynamo-order-list.ts';
import { dynamoOrderStore } from './dynamo-order-store.ts';
import { dynamoQuotationStore } from './dynamo-quotation-store.ts';
import { dynamoRushStore } from './dynamo-rush-store.ts';
import { dynamoSpecialReviewQueue } from './dynamo-special-review-queue.ts';
import { rawMessageStoreFromEnv } from './raw-message-store.ts';

let orders: OrderStore | undefined;
let catalogue: CatalogueStore | undefined;

let rush: RushStore | undefined;
export const rushStore = (): RushStore => (rush ??= dynamoRushStore(documentClient(), tableName()));

let cases: CaseStore | undefined;
/** After-sales cases (R-AFTER-1). */
export const caseStore = (): CaseStore => (cases ??= dynamoCaseStore(documentClient(), tableName()));

let dossiers: DossierStore | undefined;
/** Dossiers of archived orders (R-ARCH-1). */
export const dossierStore = (): DossierStore =>
  (dossiers ??= dynamoDossierStore(documentClient(), tableName()));

let orderListStore: OrderListStore | undefined;
/** The order list (R-PROC-7), on the `order-list` index. */
export const orderList = (): OrderListStore =>
  (orderListStore ??= dynamoOrderList(documentClient(), tableName()));

export const orderStore = (): OrderStore => (orders ??= dynamoOrderStore(documentClient(), tableName()));
let quotations: QuotationStore | undefined;
/** Quotations (R-QUOTE-1..3). */
export const quotationStore = (): QuotationStore =>
  (quotations ??= dynamoQuotationStore(documentClient(), tableName()));
/** What an approval decides on, an order or a quotation (R-QUOTE-2): the approval links and tasks read this. */
export const approvalSubjectStore = (): OrderStore => approvalSubjects(orderStore(), quotationStore());
let special: SpecialReviewQueue | undefined;
/** Orders waiting for special-requirement opinions (R-SPEC-1), for My work. */
export const specialReviewQueue = (): SpecialReviewQueue =>
  (special ??= dynamoSpecialReviewQueue(documentClient(), tableName()));
export const catalogueStore = (): CatalogueStore =>
  (catalogue ??= dynamoCatalogueStore(documentClient(), tableName()));

let inbound: InboundStore | undefined;
let customers: CustomerDirectory | undefined;
let rawMessages: RawMessageStore | undefined;
/** Email intake (R-INTAKE-6): inbound messages, customers by identity, the raw messages. */
export const inboundStore = (): InboundStore =>
  (inbound ??= dynamoInboundStore(documentClient(), tableName()));
export const customerDirectory = (): CustomerDirectory =>
  (customers ??= dynamoCustomerDirectory(documentClient(), tableName()));
export const rawMessageStore = (): RawMessageStore => (rawMessages ??= rawMessageStoreFromEnv());

/** What signing tracking links needs. */
export const trackingLinks = async () => ({
  trackingSecret: await trackingSecret(),
  publicBaseUrl: publicBaseUrl(),
});

/**
 * What intake needs for special requirements (R-SPEC-1): the role standing for quality, where
 * configured, and the My work entries of orders waiting for the departments' review.
 */
export const specialReviewIntake = () => {
  const qualityRole = specialReviewQualityRole();
  return { special: specialReviewQueue(), ...(qualityRole ? { qualityRole } : {}) };
};
