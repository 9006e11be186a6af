/**
 * Where and how the deployment runs: an account and a region that offers SES email receiving
 * (infra/deployment-env.ts), the WAF web ACL in us-east-1 that rate-limits the API per client
 * (infra/edge-stack.ts), and the pages' Content-Security-Policy at CloudFront.
 */
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeploymentEnv, SES_RECEIVING_REGIONS } from '#infra/deployment-env.ts';
import { API_RATE_LIMITS, RATE_LIMITED_PATHS } from '#infra/edge-stack.ts';
import {
  cognitoEndpoint,
  pageContentSecurityPolicy,
  uploadEndpoint,
} from '#shared/http/content-security-policy.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds, TEST_REGION } from './order-desk-app.ts';

afterAll(removeBuilds);

const envOf = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  readDeploymentEnv(new App({ context }).node, env);

describe('the deployment region and account', () => {
  it('takes them from context first, then from the CLI profile', () => {
    expect(envOf({ region: 'eu-central-1', account: '111122223333' })).toEqual({
      region: 'eu-central-1',
      account: '111122223333',
    });
    expect(envOf({}, { CDK_DEFAULT_REGION: 'ap-southeast-1', CDK_DEFAULT_ACCOUNT: '444455556666' })).toEqual({
      region: 'ap-southeast-1',
      account: '444455556666',
    });
    expect(envOf({ region: 'us-west-2' }, { CDK_DEFAULT_REGION: 'eu-west-1' })).toEqual({
      region: 'us-west-2',
    });
  });

  it('fails early, naming the regions with SES email receiving, when the region has none', () => {
    for (const region of ['cn-north-1', 'ap-east-1', 'sa-east-1']) {
      expect(() => envOf({ region }), region).toThrow(
        `Region ${region} does not offer SES email receiving, which email intake needs (docs/infra.md). ` +
          `Deploy to one of: ${SES_RECEIVING_REGIONS.join(', ')}.`,
      );
    }
    expect(() => envOf({})).toThrow(/No region: pass -c region=<region>.*eu-west-1/);
    expect(() => envOf({ region: 'eu-west-1', account: 'acme' })).toThrow(/12-digit/);
  });

  it('fails the synth itself before building anything, for the whole app', () => {
    expect(() => buildForTest({ context: { region: 'cn-northwest-1' } })).toThrow(
      /cn-northwest-1 does not offer/,
    );
  });

  it('keeps the list as data: region codes, no duplicates, us-east-1 among them', () => {
    expect(new Set(SES_RECEIVING_REGIONS).size).toBe(SES_RECEIVING_REGIONS.length);
    for (const region of SES_RECEIVING_REGIONS) expect(region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(SES_RECEIVING_REGIONS).toContain('us-east-1');
  });
});

describe('stacks in their environment', () => {
  let desk: BuiltOrderDesk;
  beforeAll(() => {
    desk = buildForTest({ context: { account: '123456789012' } });
  });

  it('puts the stateful and stateless stacks in the region and account, the edge stack in us-east-1', () => {
    for (const stack of [desk.stateful, desk.stateless]) {
      expect(stack.region).toBe(TEST_REGION);
      expect(stack.account).toBe('123456789012');
    }
    expect(desk.edge.region).toBe('us-east-1');
    expect(desk.edge.account).toBe('123456789012');
  });

  it('rate-limits the API per client in a CloudFront web ACL: anonymous, staff by token, and a ceiling', () => {
    const t = desk.edgeTemplate();
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    const acl = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    expect(acl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl.Rules as {
      Name: string;
      Action: unknown;
      Statement: { RateBasedStatement: Record<string, unknown> };
    }[];
    const rate = (name: string) => rules.find((r) => r.Name === name)!.Statement.RateBasedStatement;
    expect(rate('AnonymousPerClientIp')).toMatchObject({
      Limit: API_RATE_LIMITS.anonymousPerIp,
      AggregateKeyType: 'IP',
    });
    expect(JSON.stringify(rate('AnonymousPerClientIp')['ScopeDownStatement'])).toContain('NotStatement');
    expect(rate('StaffPerClientIpAndToken')).toMatchObject({
      Limit: API_RATE_LIMITS.staffPerIpAndToken,
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [
        { IP: {} },
        { Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } },
      ],
    });
    expect(rate('AllPerClientIp')).toMatchObject({ Limit: API_RATE_LIMITS.allPerIp, AggregateKeyType: 'IP' });
    for (const rule of rules) {
      expect(rule.Action, rule.Name).toEqual({
        Block: {
          CustomResponse: { ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: '60' }] },
        },
      });
      const scope = JSON.stringify(rule.Statement.RateBasedStatement['ScopeDownStatement']);
      for (const path of RATE_LIMITED_PATHS) expect(scope, rule.Name).toContain(`"SearchString":"${path}"`);
    }
  });

  it('attaches the web ACL to the distribution through a cross-region reference', () => {
    const distribution = Object.values(
      desk.statelessTemplate().findResources('AWS::CloudFront::Distribution'),
    )[0]!;
    const webAclId = distribution.Properties.DistributionConfig.WebACLId as {
      'Fn::GetAtt': [string, string];
    };
    // Read at deploy time from the SSM parameter CDK writes in us-east-1, by CDK's exports reader.
    expect(webAclId['Fn::GetAtt'][0]).toMatch(/^ExportsReader/);
    expect(webAclId['Fn::GetAtt'][1]).toMatch(/^\/cdk\/exports\/OrderDeskStateless\/.*ApiRateLimit/);
  });

  it('sends the pages with the shared Content-Security-Policy, Cognito of the region allowed', () => {
    const t = desk.statelessTemplate();
    // The inbound bucket (a large upload's presigned PUT, R-CHG-1) is named at deploy time.
    const policy = pageContentSecurityPolicy({
      connectTo: [cognitoEndpoint(TEST_REGION), uploadEndpoint('BUCKET', TEST_REGION)],
    });
    expect(policy).toContain(
      `connect-src 'self' https://cognito-idp.${TEST_REGION}.amazonaws.com https://BUCKET.s3.`,
    );
    const [before, after] = policy.split('BUCKET');
    t.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: {
              'Fn::Join': [
                '',
                [
                  before,
                  { 'Fn::ImportValue': Match.stringLikeRegexp('InboundMailBucketName') },
                  Match.stringLikeRegexp(`^\\.s3\\.${TEST_REGION}\\.`),
                  { Ref: 'AWS::URLSuffix' },
                  after!.slice(after!.indexOf(';')),
                ],
              ],
            },
            Override: true,
          },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          StrictTransportSecurity: Match.objectLike({ Override: true }),
        }),
      }),
    });
    const distribution = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0]!;
    const policyId = Object.keys(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: policyId,
    });
  });
});
