/**
 * Adapters built once per process (cold start) from the configuration. Handlers take what
 * they need from here and hand it to their use case.
 */
import { publicBaseUrl, tableName, trackingSecret } from '../config.ts';
import type { CatalogueStore, OrderStore, RushStore } from '../ports.ts';
import { dynamoCatalogueStore } from './dynamo-catalogue-store.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoOrderStore } from './dynamo-order-store.ts';
import { dynamoRushStore } from './dynamo-rush-store.ts';

let orders: OrderStore | undefined;
let catalogue: CatalogueStore | undefined;

let rush: RushStore | undefined;
export const rushStore = (): RushStore => (rush ??= dynamoRushStore(documentClient(), tableName()));

export const orderStore = (): OrderStore => (orders ??= dynamoOrderStore(documentClient(), tableName()));
export const catalogueStore = (): CatalogueStore =>
  (catalogue ??= dynamoCatalogueStore(documentClient(), tableName()));

/** What signing tracking links needs. */
export const trackingLinks = async () => ({
  trackingSecret: await trackingSecret(),
  publicBaseUrl: publicBaseUrl(),
});
