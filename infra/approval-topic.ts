/**
 * The "approvals" SNS topic: request-approval publishes every approval request to it (order,
 * role, deadline; again after an escalation) for whoever subscribes (R-APPR-1, R-APPR-2).
 * Encrypted with the AWS-managed SNS key, TLS only, and only the functions whose manifest entry
 * has `topic:publish` may publish — even a role that may `sns:Publish` on "*" (SMS) is refused.
 */
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export class ApprovalTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Order desk approvals',
      // The AWS-managed key: publishers need no KMS grant, and SNS decrypts for every protocol.
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
  }

  /** Denies `sns:Publish` on this topic to every principal but these roles. */
  restrictPublishersTo(roles: readonly IRole[]): void {
    if (roles.length === 0) throw new Error('The approvals topic needs at least one publisher');
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTopicPublishPermission',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': roles.map((role) => role.roleArn) } },
      }),
    );
  }
}
