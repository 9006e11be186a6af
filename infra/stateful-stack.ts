/**
 * What holds data (STYLE.md 8): the table, its key, the tracking-link secret and the staff
 * directory. Everything here is retained on delete and protected from accidental deletion;
 * the stateless stack can be destroyed and redeployed without touching any of it.
 */
import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { AWS_INDEXES, TABLE_KEYS } from '#shared/entities/table.ts';
import { InboundMailBucket } from './inbound-mail.ts';
import { StaffDirectory } from './staff-directory.ts';

export class StatefulStack extends Stack {
  /** Encrypts the table, its stream and the tracking secret (R-SEC-1). */
  readonly dataKey: Key;
  readonly table: Table;
  /** Signs tracking and approval links (R-SEC-3). */
  readonly trackingSecret: Secret;
  readonly staff: StaffDirectory;
  /** Raw inbound order emails, kept and linked to their orders (R-INTAKE-6). */
  readonly inboundMail: InboundMailBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.dataKey = new Key(this, 'DataKey', {
      description: 'Order desk data at rest: table, stream, tracking secret',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const str = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new Table(this, 'Table', {
      partitionKey: str(TABLE_KEYS.partitionKey),
      sortKey: str(TABLE_KEYS.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // order-received (confirmation, workflow start) reads the item as written.
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const index of AWS_INDEXES) {
      const { projection } = index;
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        projectionType: ProjectionType[projection.type],
        ...(projection.type === 'INCLUDE' ? { nonKeyAttributes: [...projection.attributes] } : {}),
      });
    }

    this.trackingSecret = new Secret(this, 'TrackingSecret', {
      description: 'HMAC key of tracking and approval links (R-SEC-3)',
      encryptionKey: this.dataKey,
      // The handlers use SecretString as the key itself (shared/config.ts), so no JSON template.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.trackingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the link-signing key would invalidate every tracking and approval link already ' +
        'emailed to customers and approvers; the handlers verify with one key. Rotate by hand ' +
        'after a suspected leak (docs/infra.md).',
    });

    this.staff = new StaffDirectory(this, 'Staff');
    this.inboundMail = new InboundMailBucket(this, 'InboundMail');
  }
}
