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
import { AWS_INDEXES } from '#shared/entities/table.ts';
import { mailDomain } from './context.ts';

/** A deployed state machine, as the workflow permissions name it. */
export interface StateMachineTarget {
  arn: string;
  /** Its name: execution ARNs are `…:execution:<name>:<execution name>`. */
  name: string;
}

/** The resources the manifest's permissions refer to. */
export interface GrantTargets {
  table: ITable;
  /** The customer-managed key of the table and the tracking secret. */
  dataKey: IKey;
  trackingSecret: ISecret;
  mailFrom: string;
  userPoolArn: string;
  approvalTopicArn: string;
  /** The raw inbound mail bucket (R-INTAKE-6). */
  inboundBucketArn: string;
  /** The robot queue, and the robot webhooks secret when robots are configured (docs/robots.md). */
  robotQueueArn: string;
  robotSecretsArn?: string;
  /**
   * Every state machine; undefined while the workflow tasks are built (a state machine needs
   * their ARNs first, so a task cannot hold a `workflow:*` permission).
   */
  stateMachines?: readonly StateMachineTarget[];
}

export const WORKFLOW_CALLBACK_ACTIONS = [
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
];
export const WORKFLOW_READ_ACTIONS = ['states:DescribeExecution', 'states:GetExecutionHistory'];

/** What the staff-users page does on the user pool, and nothing else (no delete, no attribute edits). */
export const STAFF_ACCOUNTS_ACTIONS = [
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminResetUserPassword',
];

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
            ...AWS_INDEXES.map((index) => `${t.table.tableArn}/index/${index.name}`),
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
    case 'workflow:start':
      return [
        new PolicyStatement({
          actions: ['states:StartExecution'],
          resources: stateMachinesFor(permission, t).map((m) => m.arn),
        }),
      ];
    case 'workflow:callback':
      // Task tokens are not resources: the SendTask* actions only accept "*" (the token itself,
      // minted per waiting task, is what the caller must hold).
      return [new PolicyStatement({ actions: WORKFLOW_CALLBACK_ACTIONS, resources: ['*'] })];
    case 'workflow:stop':
      // R-CHG-3: only executions of the machines given (infra/stateless-stack.ts passes those whose
      // ARNs the function reads); DescribeExecution first, so a finished one is left alone.
      return [
        new PolicyStatement({
          actions: ['states:StopExecution', 'states:DescribeExecution'],
          resources: executionArnPatterns(scope, permission, t),
        }),
      ];
    case 'workflow:read':
      return [
        new PolicyStatement({
          actions: WORKFLOW_READ_ACTIONS,
          resources: executionArnPatterns(scope, permission, t),
        }),
      ];
    case 'staff-directory:read':
      return [new PolicyStatement({ actions: ['cognito-idp:ListUsersInGroup'], resources: [t.userPoolArn] })];
    case 'staff-accounts:admin':
      return [new PolicyStatement({ actions: STAFF_ACCOUNTS_ACTIONS, resources: [t.userPoolArn] })];
    case 'topic:publish':
      return [new PolicyStatement({ actions: ['sns:Publish'], resources: [t.approvalTopicArn] })];
    case 'robots:alert':
      // The queue is SQS-managed encryption: no KMS grant.
      return [new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [t.robotQueueArn] })];
    case 'robot-secrets:read':
      // No robots configured, no secret: nothing to read.
      return t.robotSecretsArn
        ? [
            new PolicyStatement({
              actions: ['secretsmanager:GetSecretValue'],
              resources: [t.robotSecretsArn],
            }),
          ]
        : [];
    case 'raw-mail:read':
      // Raw messages only (`inbound/*`), read-only; the bucket's keys are S3-managed (no KMS grant).
      // ListBucket too: without it S3 answers a missing (expired) key with 403 AccessDenied instead
      // of 404 NoSuchKey, and the raw-message route would answer 500. On the bucket, unconditioned:
      // S3's rule names ListBucket on the bucket (whether an s3:prefix condition is met by that
      // implicit check is not documented), the bucket holds raw messages only, and a listing shows
      // key names (SES message ids), never content.
      return [
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [inboundObjectsArn(t)] }),
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [t.inboundBucketArn] }),
      ];
    case 'uploads:read':
      // R-PROC-8: a note's attachment is checked to exist (HeadObject is s3:GetObject); ListBucket
      // so a missing upload is 404, not 403. Under `uploads/` only.
      return [
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [uploadObjectsArn(t)] }),
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [t.inboundBucketArn] }),
      ];
    case 'uploads:write':
      // R-CHG-1: customers' written requests, under `uploads/` only; S3-managed keys (no KMS grant).
      // HeadObject is s3:GetObject; ListBucket so a missing upload is 404, not 403.
      return [
        new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [uploadObjectsArn(t)] }),
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [t.inboundBucketArn] }),
      ];
  }
}

/** Staff uploads of the inbound bucket (R-CHG-1). */
export const uploadObjectsArn = (t: Pick<GrantTargets, 'inboundBucketArn'>): string =>
  `${t.inboundBucketArn}/uploads/*`;

/** The raw inbound messages of the inbound bucket. */
export const inboundObjectsArn = (t: Pick<GrantTargets, 'inboundBucketArn'>): string =>
  `${t.inboundBucketArn}/inbound/*`;

/** Every execution of each state machine: `arn:…:execution:<machine name>:*`. */
export const executionArnPatterns = (scope: Construct, permission: Permission, t: GrantTargets): string[] =>
  stateMachinesFor(permission, t).map((m) =>
    Stack.of(scope).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${m.name}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  );

function stateMachinesFor(permission: Permission, t: GrantTargets): readonly StateMachineTarget[] {
  if (!t.stateMachines) {
    throw new Error(
      `${permission} cannot be granted to a workflow task: the state machines depend on the task functions, ` +
        'so a task naming them would be a dependency cycle',
    );
  }
  return t.stateMachines;
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
