import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { GROUPS, type Group } from '../../functions/shared/contract/routes';

export interface AuthProps {
  /**
   * Cognito threat protection (compromised-credential and adaptive-authentication checks, enforced).
   * It needs the Plus feature plan, which is billed per monthly active user.
   * @default false
   */
  readonly threatProtection?: boolean;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const GROUP_DESCRIPTIONS: Record<Group, string> = {
  viewer: 'Reads inventory, costs, findings and alerts',
  operator: 'Viewer, plus approves and runs remediations',
  admin: 'Operator, plus manages accounts, settings, users and alert subscriptions',
};

/**
 * Who may use HostMaster: a user pool where an administrator creates every user (no self sign-up), a
 * strong password policy, optional TOTP MFA, and the `viewer` / `operator` / `admin` groups the API
 * authorizes by. The dashboard signs in through a public SPA client (no secret).
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly groups: readonly CfnUserPoolGroup[];

  constructor(scope: Construct, id: string, props: AuthProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      ...(props.threatProtection
        ? {
            featurePlan: FeaturePlan.PLUS,
            standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
          }
        : { featurePlan: FeaturePlan.ESSENTIALS }),
      deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });

    this.userPoolClient = this.userPool.addClient('DashboardClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    // Precedence follows privilege, so a user in several groups gets the highest one's role claim.
    this.groups = [...GROUPS].reverse().map(
      (group, precedence) =>
        new CfnUserPoolGroup(this, `Group-${group}`, {
          userPoolId: this.userPool.userPoolId,
          groupName: group,
          description: GROUP_DESCRIPTIONS[group],
          precedence,
        }),
    );

    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional by product decision: administrators create every user, and TOTP is offered to all; making it mandatory is an org policy the pool supports.',
      },
      ...(props.threatProtection
        ? []
        : [
            {
              id: 'AwsSolutions-COG8',
              reason:
                'The Plus feature plan is billed per active user; it is enabled with the hostmaster:threatProtection context flag when an organization wants threat protection.',
            },
          ]),
    ]);
  }
}
