/**
 * The HTTP API (API Gateway v2): one route per manifest `http` trigger. Staff routes are
 * checked by a JWT authorizer against the Cognito pool (R-SEC-2); public routes have none and
 * rely on stage throttling plus validation in the handler (R-SEC-3); the approval links
 * (`/approvals/{id}`) and the customer feedback links (`/feedback/{token}`) are authorized by
 * their HMAC signature. `public-or-staff` routes have no authorizer either: the handler verifies
 * an optional bearer token itself.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpTrigger } from '#functions/manifest.ts';

/** Stage-wide limits for every route (R-SEC-3): requests per second and burst. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface OrderDeskApiProps {
  jwtIssuer: string;
  /** Accepted `aud` / `client_id` claims: the staff console's app client. */
  jwtAudience: string[];
}

export class OrderDeskApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly staffAuthorizer: HttpJwtAuthorizer;
  /**
   * One integration per function, shared by its routes, and one invoke permission per function
   * scoped to this API (not one of each per route): a function serving several routes would
   * otherwise cost two resources per route, and the stack stays under CloudFormation's 500.
   */
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: OrderDeskApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      description: 'Order desk HTTP API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No query strings or bodies: they can carry customer contact data (R-SEC-1).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    this.staffAuthorizer = new HttpJwtAuthorizer('StaffJwt', props.jwtIssuer, {
      jwtAudience: props.jwtAudience,
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** The API endpoint, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/`. */
  get url(): string {
    return this.stage.url;
  }

  private integrationOf(id: string, fn: IFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${id}-Integration`, fn, { scopePermissionToRoute: false });
      this.integrations.set(fn, integration);
    }
    return integration;
  }

  /** Routes `trigger` to `fn`; `id` names the route and its integration. */
  addRoute(id: string, trigger: HttpTrigger, fn: IFunction): HttpRoute {
    const staffOnly = trigger.access.kind === 'staff';
    const route = new HttpRoute(this, id, {
      httpApi: this.api,
      routeKey: HttpRouteKey.with(trigger.path, HttpMethod[trigger.method]),
      integration: this.integrationOf(id, fn),
      authorizer: staffOnly ? this.staffAuthorizer : new HttpNoneAuthorizer(),
    });
    if (!staffOnly) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: publicRouteReason(trigger) });
    }
    return route;
  }
}

/** Why a route has no authorizer (cdk-nag APIG4), by what guards it instead. */
function publicRouteReason(trigger: HttpTrigger): string {
  const route = `${trigger.method} ${trigger.path}`;
  if (trigger.access.kind === 'public-or-staff') {
    return `${route} takes anonymous and staff callers; the handler verifies an optional bearer token against the Cognito issuer (R-SEC-2, R-SEC-3).`;
  }
  if (trigger.path.startsWith('/approvals/')) {
    return `${route} is the emailed approval link, opened by an approver without signing in: the link's HMAC signature (sig) and its single-use approval request item are the authorization (R-SEC-3); throttled at the stage.`;
  }
  if (trigger.path.startsWith('/feedback/')) {
    return `${route} is the customer satisfaction link mailed after delivery, opened without an account: the link's HMAC-signed token is the authorization (R-SEC-3), and the handler records one answer per order; throttled at the stage.`;
  }
  return `${route} is public by design; throttled at the stage and validated in the handler (R-SEC-3).`;
}
