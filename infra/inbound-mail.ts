/**
 * Email intake on AWS (R-INTAKE-6, docs/email-intake.md):
 * - `InboundMailBucket` (stateful stack): the raw messages, kept 3 years — encrypted (S3-managed
 *   keys: SES's S3 action can write to it without a key policy, and the function reads it without
 *   the S3 encryption client SES's own KMS option would need), no public access, TLS only,
 *   access-logged, Infrequent Access after 30 days. Only SES of this account may put objects,
 *   and only under `inbound/`. Staff uploads (R-CHG-1) live under `uploads/`; a file too large
 *   for the API is PUT there by the browser with a presigned URL, so the bucket answers CORS for
 *   PUT with a content type only (from the `publicBaseUrl` origin when set; the signature, not the
 *   origin, is what permits the write).
 * - `InboundMailRule` (stateless stack): a receipt rule set with one rule for the intake address —
 *   TLS required, spam and virus scanning on — whose actions run in order: the raw message to the
 *   bucket (`inbound/<SES message id>`), then the `receive-email` function, invoked as an Event.
 *   SES allows one active rule set per region: activate it once after the first deploy.
 */
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { CfnReceiptRule, CfnReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Object key prefix of raw messages; `receive-email` reads `inbound/<SES message id>`. */
export const INBOUND_PREFIX = 'inbound/';
export const RECEIPT_RULE_SET_NAME = 'order-desk-inbound';
export const RECEIPT_RULE_NAME = 'order-desk-intake';

export const INBOUND_LIFECYCLE = { infrequentAccessAfterDays: 30, expireAfterDays: 3 * 365 } as const;

/**
 * The bucket as the stateless stack imports it: by named exports, so the IAM resource
 * `<arn export>/inbound/*` has a stable name its cdk-nag acknowledgement can cite.
 */
export const inboundBucketExports = (statefulStackName: string) => ({
  arn: `${statefulStackName}-InboundMailBucketArn`,
  name: `${statefulStackName}-InboundMailBucketName`,
});

/** The origin the pages run on, for the bucket's CORS rule of presigned uploads; `*` when unknown. */
export const uploadOrigin = (publicBaseUrl: unknown): string => {
  if (typeof publicBaseUrl !== 'string' || !publicBaseUrl) return '*';
  try {
    return new URL(publicBaseUrl).origin;
  } catch {
    return '*';
  }
};

export class InboundMailBucket extends Construct {
  readonly bucket: Bucket;
  readonly exports: { arn: string; name: string };

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'inbound-mail/',
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [uploadOrigin(this.node.tryGetContext('publicBaseUrl'))],
          allowedHeaders: ['content-type'],
          maxAge: 300,
        },
      ],
      lifecycleRules: [
        {
          prefix: INBOUND_PREFIX,
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(INBOUND_LIFECYCLE.infrequentAccessAfterDays),
            },
          ],
          expiration: Duration.days(INBOUND_LIFECYCLE.expireAfterDays),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stack = Stack.of(this);
    this.exports = inboundBucketExports(stack.stackName);
    new CfnOutput(this, 'BucketArn', { value: this.bucket.bucketArn, exportName: this.exports.arn });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName, exportName: this.exports.name });
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesOfThisAccountPutsInboundMail',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'ses',
              resource: 'receipt-rule-set',
              resourceName: `${RECEIPT_RULE_SET_NAME}:receipt-rule/*`,
            }),
          },
        },
      }),
    );
  }
}

/** The inbound-mail bucket of the stateful stack, imported by its named exports. */
export const importInboundBucket = (scope: Construct, exports: { arn: string; name: string }): IBucket =>
  Bucket.fromBucketAttributes(scope, 'InboundMailBucket', {
    bucketArn: Fn.importValue(exports.arn),
    bucketName: Fn.importValue(exports.name),
  });

export interface InboundMailRuleProps {
  bucket: IBucket;
  fn: IFunction;
  /** The intake address (context `intakeAddress`). */
  recipient: string;
}

export class InboundMailRule extends Construct {
  readonly ruleSet: CfnReceiptRuleSet;
  readonly rule: CfnReceiptRule;

  constructor(scope: Construct, id: string, props: InboundMailRuleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.ruleSet = new CfnReceiptRuleSet(this, 'RuleSet', { ruleSetName: RECEIPT_RULE_SET_NAME });
    // SES may invoke the function for this rule only (the account and the rule's ARN).
    props.fn.addPermission('SesInvoke', {
      principal: new ServicePrincipal('ses.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: stack.formatArn({
        service: 'ses',
        resource: 'receipt-rule-set',
        resourceName: `${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}`,
      }),
    });
    this.rule = new CfnReceiptRule(this, 'Rule', {
      ruleSetName: RECEIPT_RULE_SET_NAME,
      rule: {
        name: RECEIPT_RULE_NAME,
        enabled: true,
        recipients: [props.recipient],
        scanEnabled: true,
        tlsPolicy: 'Require',
        actions: [
          { s3Action: { bucketName: props.bucket.bucketName, objectKeyPrefix: INBOUND_PREFIX } },
          { lambdaAction: { functionArn: props.fn.functionArn, invocationType: 'Event' } },
        ],
      },
    });
    this.rule.addDependency(this.ruleSet);
    const invokePermission = props.fn.permissionsNode.tryFindChild('SesInvoke');
    if (invokePermission) this.rule.node.addDependency(invokePermission);
  }
}
