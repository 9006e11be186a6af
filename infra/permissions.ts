/**
 * The manifest's permission names turned into IAM statements, each scoped to the one resource
 * it names (ARCHITECTURE.md "One manifest, read twice"). No CDK `grant*` helpers here: they add
 * wildcard actions (`kms:ReEncrypt*`) and `index/*` resources that cdk-nag rightly flags, and
 * `table:read` must not include Scan (ARCHITECTURE.md "Data": no Scan on any path).
 */
import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { Permission } from '#functions/manifest.ts';
import { ALL_INDEXES } from '#shared/entities/table.ts';
import { mailDomain } from './context.ts';

/** The resources the manifest's permissions refer to. */
export interface GrantTargets {
  table: ITable;
  /** The customer-managed key of the table and the tracking secret. */
  dataKey: IKey;
  trackingSecret: ISecret;
  mailFrom: string;
}

export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:DescribeTable',
];
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
/** `ReEncrypt*` and `GenerateDataKey*` of CDK's grantWriteData, spelled out. */
const KMS_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
const KMS_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];

export function statementsFor(scope: Construct, permission: Permission, t: GrantTargets): PolicyStatement[] {
  switch (permission) {
    case 'table:read':
      return [
        new PolicyStatement({
          actions: TABLE_READ_ACTIONS,
          resources: [
            t.table.tableArn,
            ...ALL_INDEXES.map((index) => `${t.table.tableArn}/index/${index.name}`),
          ],
        }),
        new PolicyStatement({ actions: KMS_READ_ACTIONS, resources: [t.dataKey.keyArn] }),
      ];
    case 'table:write':
      return [
        new PolicyStatement({ actions: TABLE_WRITE_ACTIONS, resources: [t.table.tableArn] }),
        new PolicyStatement({
          actions: [...KMS_READ_ACTIONS, ...KMS_WRITE_ACTIONS],
          resources: [t.dataKey.keyArn],
        }),
      ];
    case 'mail:send':
      return [
        new PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          // SES authorises against the verified identity: the address itself or its domain.
          resources: [t.mailFrom, mailDomain(t.mailFrom)].map((identity) => sesIdentityArn(scope, identity)),
        }),
      ];
    case 'sms:send':
      // Publishing to a phone number has no resource ARN: IAM only accepts "*" here.
      return [new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })];
    case 'tracking-secret:read':
      return [
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [t.trackingSecret.secretArn],
        }),
        new PolicyStatement({ actions: ['kms:Decrypt'], resources: [t.dataKey.keyArn] }),
      ];
  }
}

export const grantPermissions = (
  scope: Construct,
  grantee: IGrantable,
  permissions: readonly Permission[],
  targets: GrantTargets,
): void => {
  for (const permission of permissions) {
    for (const statement of statementsFor(scope, permission, targets)) {
      grantee.grantPrincipal.addToPrincipalPolicy(statement);
    }
  }
};

const sesIdentityArn = (scope: Construct, identity: string): string =>
  Arn.format(
    {
      service: 'ses',
      resource: 'identity',
      resourceName: identity,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    },
    Stack.of(scope),
  );
