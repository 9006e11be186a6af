/**
 * Staff sign-in (R-SEC-2): a Cognito user pool whose groups are the roles of
 * `shared/domain/roles.ts`, and the app client of the staff console. It lives in the stateful
 * stack because it holds the staff accounts: replacing it would lose every user and password.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_PASSWORD_POLICY } from '#shared/domain/password-policy.ts';
import { STAFF_ROLES } from '#shared/domain/roles.ts';

export class StaffDirectory extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Staff accounts are created by an administrator, never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // One policy for the pool, the local issuer and the console (shared/domain/password-policy.ts).
      passwordPolicy: {
        minLength: STAFF_PASSWORD_POLICY.minLength,
        requireLowercase: STAFF_PASSWORD_POLICY.requireLowercase,
        requireUppercase: STAFF_PASSWORD_POLICY.requireUppercase,
        requireDigits: STAFF_PASSWORD_POLICY.requireDigits,
        requireSymbols: STAFF_PASSWORD_POLICY.requireSymbols,
        tempPasswordValidity: Duration.days(STAFF_PASSWORD_POLICY.temporaryPasswordValidityDays),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Threat protection (COG3): compromised-credential checks and adaptive authentication,
      // which asks for the second factor on a risky sign-in.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What threat protection does on a risky sign-in; Cognito's default is only to log it.
    new CfnUserPoolRiskConfigurationAttachment(this, 'RiskResponse', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'MFA_REQUIRED', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          lowAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
      compromisedCredentialsRiskConfiguration: {
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'],
        actions: { eventAction: 'BLOCK' },
      },
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP only, no SMS): staff who enrol an authenticator are always asked for it, and ' +
        'threat protection asks for it on medium-risk sign-ins and blocks high-risk ones without it ' +
        '(RiskResponse). Set Mfa.REQUIRED once the staff console handles the MFA_SETUP challenge.',
    });

    for (const role of STAFF_ROLES) {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `Staff role "${role}" (docs/rules.md "Who uses it"); arrives in the cognito:groups claim`,
      });
    }

    this.consoleClient = this.userPool.addClient('StaffConsole', {
      userPoolClientName: 'staff-console',
      // A browser app cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      enableTokenRevocation: true,
    });
  }

  /** The `iss` claim of this pool's tokens, which the JWT authorizer and handlers verify. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
