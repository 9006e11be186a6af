/**
 * The pages of `web/` on S3 behind CloudFront, with the HTTP API under `/api/*`, and the emailed
 * approval links (`/approvals/*`) and customer feedback links (`/feedback/*`) on the same origin, so the pages call the API without CORS
 * and links carry one base URL.
 * The buckets live here, not in the stateful stack: their content is rebuilt from `web/` on
 * every deploy, and the origin access control policy must name this stack's distribution.
 */
import { Duration, Fn, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

export interface StaticSiteProps {
  /** Absolute path of the folder to publish (`web/`). */
  webDir: string;
  /** `https://{id}.execute-api.{region}.amazonaws.com`, routed under `/api/*`, `/approvals/*` and `/feedback/*`. */
  apiEndpoint: string;
  /**
   * Published as `/config.json` next to the pages: what they need to know about this
   * deployment (the Cognito pool to sign staff in). The local runtime serves its own, naming
   * the local sign-in (local/local-endpoints.ts).
   */
  runtimeConfig: Record<string, unknown>;
  /** The pages' Content-Security-Policy (shared/http/content-security-policy.ts). */
  contentSecurityPolicy: string;
  /** The WAF web ACL (us-east-1, infra/edge-stack.ts) that rate-limits the API per client. */
  webAclArn: string;
}

export class StaticSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** What `/config.json` publishes (props.runtimeConfig). */
  readonly runtimeConfig: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    this.runtimeConfig = props.runtimeConfig;

    const logBucket = new Bucket(this, 'LogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging still writes through an ACL grant.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const apiBehavior: BehaviorOptions = {
      origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Never cache API answers; with caching off, this policy also forwards Authorization.
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Query strings, bodies and headers reach the API, except Host, which API Gateway rejects.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    // The managed SECURITY_HEADERS policy's headers, plus the pages' Content-Security-Policy.
    const pageHeaders = new ResponseHeadersPolicy(this, 'PageHeaders', {
      comment: 'Order desk pages: Content-Security-Policy and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Order desk pages, /api, /approvals and /feedback',
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageHeaders,
      },
      additionalBehaviors: {
        '/api/*': apiBehavior,
        // The emailed approval links: GET renders a page, POST takes the form; the query string
        // (`sig`) and the body reach the function. As for the pages, security headers: no framing
        // of the decision form, and Referer carries only the origin, never `sig`, to other sites.
        '/approvals/*': { ...apiBehavior, responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS },
        // The customer satisfaction link (R-AFTER-2): the same, a signed token in the path and a
        // form POST; no framing of the form, no token in a Referer to other sites.
        '/feedback/*': { ...apiBehavior, responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS },
      },
    });
    const acknowledge = (id: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'Customers order from anywhere; no country is to be blocked. The API is rate-limited per client by the WAF web ACL (R-SEC-3).',
    );
    acknowledge(
      'AwsSolutions-CFR4',
      'No custom domain yet, so the distribution uses the default *.cloudfront.net certificate, whose minimum ' +
        'protocol CloudFront fixes at TLSv1 (browsers negotiate TLS 1.2/1.3 anyway). Set a certificate with ' +
        'minimumProtocolVersion TLS_V1_2_2021 when a domain is added.',
    );

    this.deploy(props.webDir, props.runtimeConfig);
  }

  /** Copies `web/` and `config.json` to the bucket and invalidates the cache on every deploy. */
  private deploy(webDir: string, runtimeConfig: Record<string, unknown>): void {
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: logs of this one group only.
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies web/ into the site bucket and invalidates the distribution',
    });
    logGroup.grantWrite(role);
    new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(webDir), Source.jsonData('config.json', runtimeConfig)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role,
      logGroup,
      memoryLimit: 512,
    });

    // What CDK's deployment handler needs and cannot narrow further.
    const stack = Stack.of(this);
    // The handler is a singleton at stack level, named after its memory size.
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'The BucketDeployment handler (Python, with the AWS CLI layer) is defined by aws-cdk-lib; its runtime ' +
          'moves with aws-cdk-lib upgrades and runs only during deployments.',
      });
    }
    // As cdk-nag prints it: literal where the stack's environment is known, `<AWS::…>` where not.
    const known = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const assetBucket = `arn:${known(stack.partition, 'Partition')}:s3:::cdk-${stack.synthesizer.bootstrapQualifier ?? 'hnb659fds'}-assets-${known(stack.account, 'AccountId')}-${known(stack.region, 'Region')}`;
    const siteBucketArn = `<${stack.getLogicalId(this.bucket.node.defaultChild as never)}.Arn>`;
    // Granted by aws-s3-deployment itself; the handler copies web/ and invalidates, nothing else.
    const wildcards: Record<string, string> = {
      'Action::s3:GetObject*': 'reads the web/ zip from the CDK asset bucket and objects of the site bucket',
      'Action::s3:GetBucket*': 'reads bucket metadata of the asset bucket and the site bucket',
      'Action::s3:List*': 'lists the site bucket to prune files removed from web/',
      'Action::s3:DeleteObject*': 'deletes files removed from web/ from the site bucket',
      'Action::s3:Abort*': 'aborts its failed multipart uploads to the site bucket',
      [`Resource::${assetBucket}/*`]: 'reads objects of the CDK asset bucket (the web/ zip) only',
      [`Resource::${siteBucketArn}/*`]: 'writes objects of the site bucket it publishes to only',
      'Resource::*':
        'calls cloudfront:CreateInvalidation/GetInvalidation, which aws-s3-deployment grants on "*"; it only ' +
        'invalidates this distribution after each deploy',
    };
    for (const [finding, why] of Object.entries(wildcards)) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `The CDK BucketDeployment handler ${why}; the statement is generated by aws-cdk-lib.`,
      });
    }
  }
}
