/**
 * Email intake on AWS (R-INTAKE-6): the SES receipt rule, the raw-mail bucket and who may touch
 * it, asserted on the synthesized templates.
 */
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/manifest.ts';
import {
  INBOUND_LIFECYCLE,
  INBOUND_PREFIX,
  RECEIPT_RULE_NAME,
  RECEIPT_RULE_SET_NAME,
} from '#infra/inbound-mail.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

// biome-ignore lint/suspicious/noExplicitAny: template fragments, read loosely by the assertions
type Json = Record<string, any>;

let desk: BuiltOrderDesk;
beforeAll(() => {
  desk = buildForTest({
    context: { intakeAddress: 'Orders@Intake.example.cn', inboundBlocklist: '@spam.example' },
  });
});
afterAll(removeBuilds);

const statelessId = (construct: { node: { defaultChild?: unknown } }) =>
  Stack.of(desk.stateless).getLogicalId(construct.node.defaultChild as never);
const statefulId = (construct: { node: { defaultChild?: unknown } }) =>
  Stack.of(desk.stateful).getLogicalId(construct.node.defaultChild as never);
const fnOf = (name: string) => desk.stateless.functions.find((f) => f.spec.name === name)!;

/** Statements of a function's role: actions and resources as lists. */
function statementsOf(name: string): { Action: string[]; Resource: unknown[]; Condition?: unknown }[] {
  const roleId = statelessId(fnOf(name).fn.role as never);
  const policies = desk.statelessTemplate().findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
  return Object.values(policies).flatMap((p) =>
    (
      p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown; Condition?: unknown }[]
    ).map((s) => ({
      Action: list(s.Action) as string[],
      Resource: list(s.Resource),
      ...(s.Condition ? { Condition: s.Condition } : {}),
    })),
  );
}

describe('the SES receipt rule', () => {
  it('receives for the intake address with TLS required and spam/virus scanning on', () => {
    const template = desk.statelessTemplate();
    template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: RECEIPT_RULE_SET_NAME });
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      RuleSetName: RECEIPT_RULE_SET_NAME,
      Rule: Match.objectLike({
        Name: RECEIPT_RULE_NAME,
        Enabled: true,
        Recipients: ['orders@intake.example.cn'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
      }),
    });
  });

  it('stores the raw message in the bucket first, then invokes receive-email as an Event', () => {
    const rules = desk.statelessTemplate().findResources('AWS::SES::ReceiptRule');
    expect(Object.keys(rules)).toHaveLength(1);
    const actions = Object.values(rules)[0]!.Properties.Rule.Actions as Json[];
    expect(actions.map((a) => Object.keys(a)[0])).toEqual(['S3Action', 'LambdaAction']);
    expect(actions[0]!['S3Action']).toMatchObject({ ObjectKeyPrefix: INBOUND_PREFIX });
    expect(JSON.stringify(actions[0]!['S3Action']['BucketName'])).toContain('Fn::ImportValue');
    expect(actions[1]!['LambdaAction']).toEqual({
      FunctionArn: { 'Fn::GetAtt': [statelessId(fnOf('receive-email').fn), 'Arn'] },
      InvocationType: 'Event',
    });
  });

  it('lets only SES of this account, for this rule, invoke the function', () => {
    desk.statelessTemplate().hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [statelessId(fnOf('receive-email').fn), 'Arn'] },
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            Match.stringLikeRegexp(
              `receipt-rule-set/${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}$`,
            ),
          ]),
        ],
      },
    });
  });
});

describe('the raw-mail bucket (stateful stack)', () => {
  const bucketId = () => statefulId(desk.stateful.inboundMail.bucket);

  it('is encrypted, blocks public access, and is retained with the data', () => {
    desk.statefulTemplate().hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'inbound-mail/' }),
      }),
    });
  });

  it('moves raw messages to Infrequent Access after 30 days and deletes them after 3 years', () => {
    const bucket = desk.statefulTemplate().findResources('AWS::S3::Bucket')[bucketId()]!;
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Prefix: INBOUND_PREFIX,
        Status: 'Enabled',
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: INBOUND_LIFECYCLE.infrequentAccessAfterDays },
        ],
        ExpirationInDays: 3 * 365,
      },
    ]);
  });

  it('lets only SES of this account put objects under inbound/, and refuses plain HTTP', () => {
    const policies = desk.statefulTemplate().findResources('AWS::S3::BucketPolicy', {
      Properties: { Bucket: { Ref: bucketId() } },
    });
    const statements = Object.values(policies).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Json[],
    );
    const allows = statements.filter((s) => s['Effect'] === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'ses.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': expect.anything() },
      },
    });
    expect(JSON.stringify(allows[0]!['Resource'])).toContain(`/${INBOUND_PREFIX}*`);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });
});

describe('who may read raw messages', () => {
  const readers = FUNCTIONS.filter((f) => f.permissions.includes('raw-mail:read')).map((f) => f.name);

  it('is receive-email and get-inbound-raw only: GetObject on inbound/*, ListBucket on the bucket', () => {
    expect(readers.sort()).toEqual(['get-inbound-raw', 'receive-email']);
    for (const spec of desk.stateless.functions) {
      const s3 = statementsOf(spec.spec.name).filter((s) => s.Action.some((a) => a.startsWith('s3:')));
      if (spec.spec.permissions.includes('uploads:write')) {
        // R-CHG-1: staff uploads, under uploads/ only — never a raw message of inbound/.
        expect(JSON.stringify(s3), spec.spec.name).not.toContain('/inbound');
        const put = s3.find((s) => s.Action.includes('s3:PutObject'));
        expect(JSON.stringify(put!.Resource)).toMatch(/\/uploads\/\*"\]\]\}\]$/);
        continue;
      }
      if (spec.spec.permissions.includes('uploads:read')) {
        // R-PROC-8: a note's attachment, read under uploads/ only, never written.
        expect(JSON.stringify(s3), spec.spec.name).not.toContain('/inbound');
        expect(JSON.stringify(s3), spec.spec.name).not.toContain('s3:PutObject');
        continue;
      }
      if (!readers.includes(spec.spec.name)) {
        expect(s3, spec.spec.name).toEqual([]);
        continue;
      }
      expect(s3).toHaveLength(2);
      const get = s3.find((s) => s.Action.includes('s3:GetObject'));
      expect(get!.Action).toEqual(['s3:GetObject']);
      expect(JSON.stringify(get!.Resource)).toMatch(/\/inbound\/\*"\]\]\}\]$/);
      // An expired raw message: with ListBucket S3 answers 404 NoSuchKey, without it 403 AccessDenied.
      const list = s3.find((s) => s.Action.includes('s3:ListBucket'));
      expect(list?.Action).toEqual(['s3:ListBucket']);
      expect(JSON.stringify(list?.Resource)).not.toContain('/inbound');
      expect(JSON.stringify(list?.Resource)).toContain('InboundMailBucketArn');
    }
  });

  it('gives receive-email the bucket, the intake address and the block list', () => {
    const fns = desk.statelessTemplate().findResources('AWS::Lambda::Function');
    const vars = fns[statelessId(fnOf('receive-email').fn)]!.Properties.Environment.Variables;
    expect(vars).toMatchObject({
      INTAKE_ADDRESS: 'orders@intake.example.cn',
      INBOUND_BLOCKLIST: '@spam.example',
      INBOUND_BUCKET: expect.anything(),
    });
  });
});

describe('presigned uploads (R-CHG-1): POST /api/uploads/url', () => {
  const signer = FUNCTIONS.find((f) =>
    f.triggers.some((t) => t.kind === 'http' && t.method === 'POST' && t.path === '/api/uploads/url'),
  )!;

  it("signs with a role that may put objects under uploads/ only — never inbound/, never the bucket's other keys", () => {
    const s3 = statementsOf(signer.name).filter((s) => s.Action.some((a) => a.startsWith('s3:')));
    const actions = s3.flatMap((s) => s.Action).sort();
    expect(actions).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    const put = s3.filter((s) => s.Action.includes('s3:PutObject'));
    expect(put).toHaveLength(1);
    expect(put[0]!.Resource).toHaveLength(1);
    expect(JSON.stringify(put[0]!.Resource)).toMatch(/\/uploads\/\*"\]\]\}\]$/);
    expect(JSON.stringify(s3)).not.toContain('/inbound');
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it('lets the pages PUT to the bucket: CORS for PUT with a content type, and the bucket in connect-src', () => {
    const bucket = Object.values(desk.statefulTemplate().findResources('AWS::S3::Bucket')).find(
      (b) => b.Properties.CorsConfiguration,
    )!;
    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      { AllowedMethods: ['PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['content-type'], MaxAge: 300 },
    ]);
    const policy = Object.values(
      desk.statelessTemplate().findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    )[0]!;
    const csp = JSON.stringify(
      policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
    );
    expect(csp).toContain('InboundMailBucketName');
    expect(csp).toContain('.s3.eu-west-1.');
  });
});
