import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AllowedMethods, CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec, type HttpTrigger } from '#functions/manifest.ts';
import { API_THROTTLE } from '#infra/http-api.ts';
import { FUNCTION_DEFAULTS } from '#infra/order-desk-function.ts';
import { TABLE_WRITE_ACTIONS } from '#infra/permissions.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

const deployed = FUNCTIONS.filter((spec) => !spec.localOnly);
const httpTriggers = deployed.flatMap((spec) =>
  spec.triggers.filter((t): t is HttpTrigger => t.kind === 'http').map((trigger) => ({ spec, trigger })),
);

let desk: BuiltOrderDesk;
beforeAll(() => {
  desk = buildForTest();
});
afterAll(removeBuilds);

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  Stack.of(desk.stateless).getLogicalId(construct.node.defaultChild as never);

const functionOf = (name: string) => {
  const fn = desk.stateless.functions.find((f) => f.spec.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};

const functionProps = (name: string) => {
  const resources = desk.statelessTemplate().findResources('AWS::Lambda::Function');
  return resources[logicalId(functionOf(name).fn)]!.Properties;
};

/** Every action the function's role may perform, from all policies attached to it. */
const actionsOf = (name: string): string[] => {
  const roleId = logicalId(functionOf(name).fn.role as never);
  const policies = desk.statelessTemplate().findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) =>
      Array.isArray(s.Action) ? s.Action : [s.Action],
    ),
  );
};

describe('functions', () => {
  it('deploys one function per manifest entry, leaving out local-only ones', () => {
    expect(desk.stateless.functions.map((f) => f.spec.name).sort()).toEqual(
      deployed.map((s) => s.name).sort(),
    );
    const localOnly = FUNCTIONS.filter((spec) => spec.localOnly).map((spec) => spec.name);
    expect(desk.stateless.functions.filter((f) => localOnly.includes(f.spec.name))).toEqual([]);
    const node22 = desk.statelessTemplate().findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs22.x' },
    });
    expect(Object.keys(node22)).toHaveLength(deployed.length);
  });

  it.each(deployed.map((spec) => [spec.name, spec] as const))(
    '%s runs on Node 22, arm64, with tracing, its own log group and the manifest sizes',
    (name, spec: FunctionSpec) => {
      const props = functionProps(name);
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
        Timeout: spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    },
  );

  it('gives log groups a one-month retention', () => {
    const groups = desk.statelessTemplate().findResources('AWS::Logs::LogGroup');
    const fnGroups = desk.stateless.functions.map((f) => {
      const ref = functionProps(f.spec.name).LoggingConfig.LogGroup.Ref as string;
      return groups[ref]!.Properties.RetentionInDays;
    });
    expect(new Set(fnGroups)).toEqual(new Set([30]));
  });

  it('sets exactly the environment the manifest names, with the secret passed by ARN', () => {
    for (const spec of deployed) {
      const expected = spec.env.map((name) => (name === 'TRACKING_SECRET' ? 'TRACKING_SECRET_ARN' : name));
      const vars = Object.keys(functionProps(spec.name).Environment?.Variables ?? {});
      expect(vars.sort(), spec.name).toEqual([...expected, 'NODE_OPTIONS'].sort());
    }
  });

  it('points PUBLIC_BASE_URL at the CloudFront distribution by default', () => {
    const distributionId = logicalId(desk.stateless.site.distribution);
    expect(functionProps('create-order').Environment.Variables.PUBLIC_BASE_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    });
  });

  it('uses the publicBaseUrl and mailFrom context when given', () => {
    const custom = buildForTest({
      context: { publicBaseUrl: 'https://orders.example.cn/', mailFrom: 'desk@example.cn' },
    });
    // Resolved from the construct tree: no second synthesis needed.
    const variables = custom.stateless.functions.map((f) => {
      const cfn = f.fn.node.defaultChild as CfnFunction;
      return custom.stateless.resolve(cfn.environment).variables as Record<string, unknown>;
    });
    const mailers = variables.filter((v) => 'MAIL_FROM' in v);
    expect(mailers).not.toHaveLength(0);
    for (const v of mailers) {
      expect(v).toMatchObject({ MAIL_FROM: 'desk@example.cn', PUBLIC_BASE_URL: 'https://orders.example.cn' });
    }
  });

  it('gives create-order the Cognito issuer to verify optional staff tokens', () => {
    expect(functionProps('create-order').Environment.Variables.JWT_ISSUER).toEqual({
      'Fn::Join': [
        '',
        [
          'https://cognito-idp.',
          { Ref: 'AWS::Region' },
          '.amazonaws.com/',
          { 'Fn::ImportValue': expect.stringMatching(/StaffUserPool/) },
        ],
      ],
    });
  });
});

describe('permissions', () => {
  it('never lets a read-only function write the table (list-products)', () => {
    const actions = actionsOf('list-products');
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
    for (const write of TABLE_WRITE_ACTIONS) expect(actions).not.toContain(write);
  });

  it('grants each function only the services its manifest permissions name', () => {
    for (const spec of deployed) {
      const actions = actionsOf(spec.name);
      const has = (p: string) => spec.permissions.includes(p as never);
      const uses = (prefix: string) => actions.some((a) => a.startsWith(prefix));
      const streams = spec.triggers.some((t) => t.kind === 'table-stream');
      expect(uses('dynamodb:'), spec.name).toBe(has('table:read') || has('table:write') || streams);
      expect(
        actions.some((a) => TABLE_WRITE_ACTIONS.includes(a)),
        spec.name,
      ).toBe(has('table:write'));
      expect(uses('ses:'), spec.name).toBe(has('mail:send'));
      expect(uses('sns:'), spec.name).toBe(has('sms:send'));
      expect(uses('secretsmanager:'), spec.name).toBe(has('tracking-secret:read'));
    }
  });

  it('never grants Scan or a wildcard action', () => {
    for (const spec of deployed) {
      const actions = actionsOf(spec.name);
      expect(actions, spec.name).not.toContain('dynamodb:Scan');
      expect(
        actions.filter((a) => a.includes('*')),
        spec.name,
      ).toEqual([]);
    }
  });

  it('attaches no managed policy to function roles', () => {
    for (const f of desk.stateless.functions) {
      const roles = desk.statelessTemplate().findResources('AWS::IAM::Role');
      expect(roles[logicalId(f.fn.role as never)]!.Properties.ManagedPolicyArns, f.spec.name).toBeUndefined();
    }
  });

  it('scopes sending mail to the SES identities of mailFrom', () => {
    const template = desk.statelessTemplate();
    const roleId = logicalId(functionOf('send-order-confirmation').fn.role as never);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ses:SendEmail', 'ses:SendRawEmail'],
            Resource: [
              Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':identity/example.com'])] }),
              Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':identity/orders@example.com'])] }),
            ],
          }),
        ]),
      },
    });
  });
});

describe('HTTP API', () => {
  it('has one route per http trigger, JWT-authorized exactly for staff routes', () => {
    const routes = Object.values(desk.statelessTemplate().findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => [r.Properties.RouteKey, r.Properties.AuthorizationType],
    );
    const expected = httpTriggers.map(({ trigger }) => [
      `${trigger.method} ${trigger.path}`,
      trigger.access.kind === 'staff' ? 'JWT' : 'NONE',
    ]);
    expect(routes.sort()).toEqual(expected.sort());
  });

  it('checks staff tokens against the user pool issuer and the console client', () => {
    desk.statelessTemplate().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('StaffConsole') }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              { 'Fn::ImportValue': Match.stringLikeRegexp('StaffUserPool') },
            ],
          ],
        },
      },
    });
  });

  it('throttles the default stage and logs access (R-SEC-3)', () => {
    desk.statelessTemplate().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('table stream consumer', () => {
  it('receives only inserted items that carry notifyPk, in batches of 10', () => {
    const template = desk.statelessTemplate();
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]!.Properties;
    expect(props).toMatchObject({
      FunctionName: { Ref: logicalId(functionOf('send-order-confirmation').fn) },
      EventSourceArn: { 'Fn::ImportValue': expect.stringMatching(/StreamArn/) },
      StartingPosition: 'LATEST',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
    });
    expect(JSON.parse(props.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { notifyPk: { S: [{ exists: true }] } } },
    });
  });

  it('parks failed batches in an encrypted, TLS-only dead-letter queue', () => {
    const template = desk.statelessTemplate();
    const [queueId, queue] = Object.entries(template.findResources('AWS::SQS::Queue'))[0]!;
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('static pages', () => {
  it('serves the bucket through origin access control and /api/* from the HTTP API, uncached', () => {
    const template = desk.statelessTemplate();
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/api/*',
            AllowedMethods: AllowedMethods.ALLOW_ALL.methods,
            CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
            OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
          }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('keeps the site bucket private, TLS-only, encrypted and access-logged', () => {
    const template = desk.statelessTemplate();
    const siteId = logicalId(desk.stateless.site.bucket);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site-bucket/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('publishes web/ and invalidates the distribution', () => {
    desk.statelessTemplate().hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
      DistributionId: { Ref: logicalId(desk.stateless.site.distribution) },
    });
  });

  it('publishes config.json with the user pool and client the staff pages sign in with', () => {
    const deployment = Object.values(
      desk.statelessTemplate().findResources('Custom::CDKBucketDeployment'),
    )[0]!;
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    expect(markers).toMatch(/ExportsOutputRefStaffUserPoolD/);
    expect(markers).toMatch(/ExportsOutputRefStaffUserPoolStaffConsole/);
  });
});

describe('outputs', () => {
  it('exports the URLs and ids a deployer needs', () => {
    const outputs = Object.keys(desk.statelessTemplate().findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'SiteUrl', 'UserPoolId', 'UserPoolClientId', 'TableName']),
    );
  });
});
