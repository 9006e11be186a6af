/**
 * Per-client rate limiting of the public API (R-SEC-3) with AWS WAF. The API is an HTTP API
 * (API Gateway v2), which takes no WAF web ACL; the pages and `/api/*`, `/approvals/*` and
 * `/feedback/*` are served through one CloudFront distribution, which does. A web ACL for
 * CloudFront must live in us-east-1, so it has this stack of its own there; the stateless stack,
 * in the deployment's region, reads its ARN through a cross-region reference
 * (docs/decisions.md, "Rate limiting per client").
 *
 * The stage throttle (infra/http-api.ts) is shared by every caller; these rules are per client:
 *  - anonymous requests (no Authorization header) per client IP;
 *  - staff requests per client IP and token, so an office behind one address is not one client;
 *  - every request per client IP, a ceiling that a rotating fake token cannot get around.
 * Over a limit, WAF answers 429 with Retry-After until the client's rate falls below it.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { CLOUDFRONT_REGION } from './deployment-env.ts';

/** Requests per client in WAF's five-minute window (the local server: 120 a minute, local/rate-limit.ts). */
export const API_RATE_LIMITS = {
  anonymousPerIp: 600,
  staffPerIpAndToken: 1500,
  allPerIp: 6000,
} as const;

/** The paths the rules count: everything CloudFront sends to the HTTP API. */
export const RATE_LIMITED_PATHS = ['/api/', '/approvals/', '/feedback/'] as const;

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const pathStartsWith = (path: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: path,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const toApi: CfnWebACL.StatementProperty = {
  orStatement: { statements: RATE_LIMITED_PATHS.map(pathStartsWith) },
};

const hasAuthorization: CfnWebACL.StatementProperty = {
  sizeConstraintStatement: {
    fieldToMatch: { singleHeader: { Name: 'authorization' } },
    comparisonOperator: 'GT',
    size: 0,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
};

const tooMany: CfnWebACL.RuleActionProperty = {
  block: {
    customResponse: {
      responseCode: 429,
      responseHeaders: [{ name: 'retry-after', value: '60' }],
    },
  },
};

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { account?: string }) {
    super(scope, id, {
      ...props,
      env: { region: CLOUDFRONT_REGION, ...(props.account ? { account: props.account } : {}) },
    });
    this.webAcl = new CfnWebACL(this, 'ApiRateLimit', {
      name: 'order-desk-api-rate-limit',
      description: 'Order desk: per-client rate limits of the API behind CloudFront, R-SEC-3',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('OrderDeskWebAcl'),
      rules: [
        {
          name: 'AnonymousPerClientIp',
          priority: 0,
          action: tooMany,
          visibilityConfig: visibility('AnonymousPerClientIp'),
          statement: {
            rateBasedStatement: {
              limit: API_RATE_LIMITS.anonymousPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: { statements: [toApi, { notStatement: { statement: hasAuthorization } }] },
              },
            },
          },
        },
        {
          name: 'StaffPerClientIpAndToken',
          priority: 1,
          action: tooMany,
          visibilityConfig: visibility('StaffPerClientIpAndToken'),
          statement: {
            rateBasedStatement: {
              limit: API_RATE_LIMITS.staffPerIpAndToken,
              evaluationWindowSec: 300,
              aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [
                { ip: {} },
                { header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } },
              ],
              scopeDownStatement: toApi,
            },
          },
        },
        {
          name: 'AllPerClientIp',
          priority: 2,
          action: tooMany,
          visibilityConfig: visibility('AllPerClientIp'),
          statement: {
            rateBasedStatement: {
              limit: API_RATE_LIMITS.allPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: toApi,
            },
          },
        },
      ],
    });
  }
}
