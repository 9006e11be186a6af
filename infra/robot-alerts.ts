/**
 * The group robots on AWS (docs/robots.md): the robot queue that functions put staff alerts on,
 * its dead-letter queue, and — when the context value `robots` names robots — the robot
 * webhooks secret, which holds each robot's webhook address and signing secret (credentials
 * both) as `{"<robot>": {"url": "…", "secret": "…"}}`, set by an operator after deploy.
 * The routing (platform, alert kinds) is the context value itself, checked at synth.
 */
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueTrigger } from '#functions/manifest.ts';
import { joinRobotSecrets, type ROBOT_PLATFORMS } from '#shared/robots/config.ts';

/** Placeholder addresses, to check the routing of context `robots` as the functions will. */
const PLACEHOLDER_URLS: Record<(typeof ROBOT_PLATFORMS)[number], string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=t',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/t',
};

/** Context `robots`: robot name → `{platform?, events, mention?}` (no addresses, no secrets), as JSON. */
export function readRobotsContext(raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const routing = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const placeholders = Object.fromEntries(
    Object.entries(routing as Record<string, { platform?: string; url?: unknown; secret?: unknown }>).map(
      ([name, r]) => {
        if (r && (r.url !== undefined || r.secret !== undefined)) {
          throw new Error(
            `context robots.${name}: url and secret go in the robot webhooks secret, not the context`,
          );
        }
        const platform = (r?.platform ?? name) as keyof typeof PLACEHOLDER_URLS;
        return [name, { url: PLACEHOLDER_URLS[platform] ?? 'https://example.com/' }];
      },
    ),
  );
  joinRobotSecrets(routing, placeholders, 'context robots');
  return JSON.stringify(routing);
}

export class RobotAlerts extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly webhooks?: Secret;

  constructor(scope: Construct, id: string, props: { robots?: string; consumerTimeout: Duration }) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the consumer's timeout, as Lambda advises for SQS event sources.
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      // One consumer at a time: throttled receives count too, so allow plenty before dead-lettering.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 10 },
    });
    new CfnOutput(scope, 'RobotAlertsDlqUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Dead-letter queue: staff alerts no robot took after every retry',
    });
    if (props.robots) {
      this.webhooks = new Secret(this, 'Webhooks', {
        description:
          'Order desk group robots: {"<robot>": {"url": "<webhook address>", "secret": "<signing secret>"}} (docs/robots.md)',
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(this.webhooks).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Webhook addresses and signing secrets are issued by WeCom, DingTalk and Feishu; they are rotated by ' +
          'resetting the robot on the platform and putting the new values here, which no rotation Lambda can do.',
      });
      new CfnOutput(scope, 'RobotWebhooksSecretArn', {
        value: this.webhooks.secretArn,
        description: 'Put each robot’s webhook address and signing secret here (docs/robots.md)',
      });
    }
  }

  /** The robot queue's consumer: batches, one invocation at a time, failures reported per item. */
  subscribe(fn: IFunction, trigger: QueueTrigger): void {
    if (fn instanceof LambdaFunction) {
      // One at a time, so each robot's send log is read and written by one invocation only.
      (fn.node.defaultChild as { reservedConcurrentExecutions?: number }).reservedConcurrentExecutions = 1;
    }
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: trigger.batchSize,
        maxBatchingWindow: Duration.seconds(trigger.batchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
  }
}
