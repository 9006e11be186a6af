/**
 * The product routes' adapters (R-MASTER-1/2), built once per process: the product store on the
 * table and the low-stock alert to ops by email. A failed alert is logged, never thrown: the
 * stock movement it follows is recorded already.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mailFrom, publicBaseUrl, staffUserPoolId, tableName } from '../config.ts';
import { lowStockEmail } from '../notifications/stock-messages.ts';
import { errorFields, log } from '../observability/logger.ts';
import { type ProductStore, systemClock } from '../ports.ts';
import { awsClientOptions, perEnvironment } from '../runtime-env.ts';
import type { ProductDeps } from '../use-cases/manage-products.ts';
import { cognitoStaffDirectory } from './cognito-staff-directory.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoProductStore } from './dynamo-products.ts';
import { sesMailer } from './messaging.ts';

export const productStore: () => ProductStore = perEnvironment(() =>
  dynamoProductStore(documentClient(), tableName()),
);

export function productDeps(): ProductDeps {
  return {
    products: productStore(),
    clock: systemClock,
    lowStock: async (product) => {
      try {
        const to = (await cognitoStaffDirectory(staffUserPoolId()).members('ops')).map((m) => m.email);
        if (to.length)
          await sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))).send(
            lowStockEmail(product, to, publicBaseUrl()),
          );
      } catch (error) {
        log().error('low-stock alert to ops failed', { sku: product.sku, ...errorFields(error) });
      }
    },
  };
}
