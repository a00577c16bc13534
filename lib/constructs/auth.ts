import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  CfnUserPoolUser,
  CfnUserPoolUserToGroupAttachment,
  ClientAttributes,
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
  /**
   * Email of the first administrator: the pool creates this user in the `admin` group and Cognito
   * emails them a temporary password, which they replace at first sign-in.
   * @default - no user is created
   */
  readonly adminEmail?: string;
}

/** Validity of the dashboard's id and access tokens. */
export const TOKEN_VALIDITY = Duration.minutes(15);

/** Validity of the dashboard's refresh token. */
export const REFRESH_TOKEN_VALIDITY = Duration.hours(12);

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
  /** The first administrator, when `adminEmail` was given. */
  readonly adminUser?: CfnUserPoolUser;

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
      // Issue 10: a token says what its user was when it was issued. The API asks the pool afresh
      // before every change, so these bound only how long a disabled or demoted user can still read.
      accessTokenValidity: TOKEN_VALIDITY,
      idTokenValidity: TOKEN_VALIDITY,
      // A working day: a disabled user cannot refresh, a demoted one gets their new groups.
      refreshTokenValidity: REFRESH_TOKEN_VALIDITY,
      // Users may not change who they are: email (the name the audit trail shows), phone and names
      // are set by administrators. Without a list, Cognito lets the client write every standard
      // attribute; these two are display preferences nothing identifies anyone by.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true, timezone: true }),
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

    if (props.adminEmail) this.adminUser = this.createAdmin(props.adminEmail);

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

  private createAdmin(email: string): CfnUserPoolUser {
    const admin = new CfnUserPoolUser(this, 'FirstAdmin', {
      userPoolId: this.userPool.userPoolId,
      // Email is the sign-in alias, so the email names the user; Cognito sends the invitation to it.
      username: email,
      userAttributes: [
        { name: 'email', value: email },
        { name: 'email_verified', value: 'true' },
      ],
      desiredDeliveryMediums: ['EMAIL'],
    });
    const adminGroup = this.groups.find((group) => group.groupName === 'admin');
    const membership = new CfnUserPoolUserToGroupAttachment(this, 'FirstAdminInAdminGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'admin',
      username: email,
    });
    // A person's account: a deploy that leaves out or changes adminEmail must not delete it.
    admin.applyRemovalPolicy(RemovalPolicy.RETAIN);
    membership.applyRemovalPolicy(RemovalPolicy.RETAIN);
    membership.node.addDependency(admin);
    if (adminGroup) membership.node.addDependency(adminGroup);
    return admin;
  }
}
