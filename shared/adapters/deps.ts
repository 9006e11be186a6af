/**
 * Adapters built once per process (cold start; once per system locally) from the configuration. Handlers take what
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
import { perEnvironment } from '../runtime-env.ts';
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

/** Built once per environment from the table's client (shared/runtime-env.ts). */
const onTable = <T>(make: (db: ReturnType<typeof documentClient>, table: string) => T): (() => T) =>
  perEnvironment(() => make(documentClient(), tableName()));

export const rushStore: () => RushStore = onTable(dynamoRushStore);

/** After-sales cases (R-AFTER-1). */
export const caseStore: () => CaseStore = onTable(dynamoCaseStore);

/** Dossiers of archived orders (R-ARCH-1). */
export const dossierStore: () => DossierStore = onTable(dynamoDossierStore);

/** The order list (R-PROC-7), on the `order-list` index. */
export const orderList: () => OrderListStore = onTable(dynamoOrderList);

export const orderStore: () => OrderStore = onTable(dynamoOrderStore);
/** Quotations (R-QUOTE-1..3). */
export const quotationStore: () => QuotationStore = onTable(dynamoQuotationStore);
/** What an approval decides on, an order or a quotation (R-QUOTE-2): the approval links and tasks read this. */
export const approvalSubjectStore = (): OrderStore => approvalSubjects(orderStore(), quotationStore());
/** Orders waiting for special-requirement opinions (R-SPEC-1), for My work. */
export const specialReviewQueue: () => SpecialReviewQueue = onTable(dynamoSpecialReviewQueue);
export const catalogueStore: () => CatalogueStore = onTable(dynamoCatalogueStore);

/** Email intake (R-INTAKE-6): inbound messages, customers by identity, the raw messages. */
export const inboundStore: () => InboundStore = onTable(dynamoInboundStore);
export const customerDirectory: () => CustomerDirectory = onTable(dynamoCustomerDirectory);
export const rawMessageStore: () => RawMessageStore = perEnvironment(rawMessageStoreFromEnv);

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
