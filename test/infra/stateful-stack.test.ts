import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '#shared/domain/roles.ts';
import { AWS_INDEXES, INDEXES, TABLE_KEYS } from '#shared/entities/table.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

let desk: BuiltOrderDesk;
beforeAll(() => {
  desk = buildForTest();
});
afterAll(removeBuilds);

describe('the order table', () => {
  it('is keyed by the string pk/sk of shared/entities/table.ts', () => {
    desk.statefulTemplate().hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has one GSI per AWS index definition, with its projection, and none of the local-only ones', () => {
    const tables = desk.statefulTemplate().findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(1);
    const gsis = Object.values(tables)[0]!.Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: string }[];
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }[];
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(AWS_INDEXES.map((i) => i.name).sort());
    expect(gsis.map((g) => g.IndexName)).not.toContain(INDEXES.pendingNotifications.name);
    for (const index of AWS_INDEXES) {
      const { projection } = index;
      expect(gsis.find((g) => g.IndexName === index.name)).toEqual({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection:
          projection.type === 'INCLUDE'
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] }
            : { ProjectionType: projection.type },
      });
    }
  });

  it('keeps point-in-time recovery and survives stack deletion', () => {
    const template = desk.statefulTemplate();
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('is encrypted with the customer-managed key, which rotates and is retained (R-SEC-1)', () => {
    const template = desk.statefulTemplate();
    const keyId = desk.stateful.getLogicalId(desk.stateful.dataKey.node.defaultChild as never);
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
    });
  });

  it('streams new images for order-received', () => {
    desk.statefulTemplate().hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });
});

describe('the stateful stack', () => {
  it('is protected against termination', () => {
    expect(desk.stateful.terminationProtection).toBe(true);
    expect(desk.stateless.terminationProtection).toBe(false);
  });
});

describe('the tracking secret', () => {
  it('is generated, encrypted with the data key and retained', () => {
    const keyId = desk.stateful.getLogicalId(desk.stateful.dataKey.node.defaultChild as never);
    desk.statefulTemplate().hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      }),
    });
  });
});

describe('the staff user pool', () => {
  it('has one group per staff role and no others', () => {
    const groups = desk.statefulTemplate().findResources('AWS::Cognito::UserPoolGroup');
    const names = Object.values(groups).map((g) => g.Properties.GroupName as string);
    expect(names.sort()).toEqual([...STAFF_ROLES].sort());
  });

  it('admits no self sign-up and demands strong passwords', () => {
    desk.statefulTemplate().hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        MfaConfiguration: 'OPTIONAL',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      }),
    });
  });

  it('asks risky sign-ins for a second factor and blocks compromised passwords', () => {
    desk.statefulTemplate().hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      AccountTakeoverRiskConfiguration: {
        Actions: Match.objectLike({
          HighAction: { EventAction: 'MFA_REQUIRED', Notify: false },
          MediumAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: false },
        }),
      },
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
    });
  });

  it('gives the staff console a public client that signs in with SRP or password', () => {
    const clients = Object.values(desk.statefulTemplate().findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    expect(clients[0]!.Properties.GenerateSecret).toBe(false);
    expect(clients[0]!.Properties.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH']),
    );
  });
});
