/** The dossiers of archived orders (R-ARCH-1), written once, on DynamoDB. */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Dossier, dossierKey } from '../entities/dossier-entity.ts';
import type { DossierStore } from '../ports.ts';
import { putNew } from './dynamo-conditions.ts';

export function dynamoDossierStore(db: DynamoDBDocumentClient, tableName: string): DossierStore {
  return {
    async put(dossier) {
      return putNew(db, {
        TableName: tableName,
        Item: { ...dossierKey(dossier.orderId), entity: 'dossier', ...dossier },
      });
    },
    async get(orderId) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: dossierKey(orderId) }));
      if (!out.Item) return undefined;
      const { pk: _pk, sk: _sk, entity: _e, ...dossier } = out.Item;
      return dossier as Dossier;
    },
  };
}
