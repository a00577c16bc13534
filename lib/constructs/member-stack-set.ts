import { Aws, CfnCondition, CfnStackSet, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { MemberDeploymentConfig } from '../config';
import { MEMBER_PARAMETERS } from '../member-stack';

/** Name of the StackSet, so operators find it in the CloudFormation console and CLI. */
export const MEMBER_STACK_SET_NAME = 'HostMasterMember';

export interface MemberStackSetProps {
  /** Organizational units and regions the member stack goes to. */
  readonly deployment: MemberDeploymentConfig;
  /** The member template, synthesized without assets (see `synthesizeMemberTemplate`). */
  readonly templateBody: string;
  /**
   * The organization's management account. A hub deployed there creates the StackSet as `SELF`;
   * anywhere else the hub must be a delegated administrator for StackSets and calls as one.
   * @default - the hub calls as a delegated administrator
   */
  readonly managementAccountId?: string;
}

/**
 * The member stack as a service-managed StackSet over the chosen organizational units: CloudFormation
 * deploys it, with its own service-linked roles, into every account of those OUs in every listed
 * region, and into accounts that join them later (automatic deployment), and removes it from accounts
 * that leave. Member accounts need neither CDK bootstrap nor a StackSet execution role.
 *
 * The first region creates the account-wide resources (the IAM scan role); every region forwards its
 * events to the hub bus, because EventBridge rules are regional and events never cross regions alone.
 * Service-managed StackSets never deploy to the management account itself: deploy the member stack
 * there by hand when HostMaster should scan it.
 */
export class MemberStackSet extends Construct {
  readonly stackSet: CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberStackSetProps) {
    super(scope, id);
    const { organizationalUnits, regions } = props.deployment;
    const [accountWideRegion] = regions;
    if (organizationalUnits.length === 0 || !accountWideRegion) {
      throw new Error('MemberStackSet needs at least one organizational unit and one region');
    }
    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: MEMBER_STACK_SET_NAME,
      description: 'HostMaster member: read-only scan role and event forwarding to the hub',
      permissionModel: 'SERVICE_MANAGED',
      callAs: this.callAs(props.managementAccountId),
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      // The scan role has a fixed name, which the hub's AssumeRole calls build.
      capabilities: ['CAPABILITY_NAMED_IAM'],
      // Lets CloudFormation queue an OU change behind a running operation instead of failing it.
      managedExecution: { Active: true },
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        maxConcurrentPercentage: 100,
        // An account where a listed region is not enabled fails that one instance, not the rollout.
        failureTolerancePercentage: 100,
      },
      parameters: [
        { parameterKey: MEMBER_PARAMETERS.hubAccountId, parameterValue: Aws.ACCOUNT_ID },
        { parameterKey: MEMBER_PARAMETERS.hubRegion, parameterValue: Aws.REGION },
        { parameterKey: MEMBER_PARAMETERS.accountWideRegion, parameterValue: accountWideRegion },
      ],
      stackInstancesGroup: [
        { deploymentTargets: { organizationalUnitIds: [...organizationalUnits] }, regions: [...regions] },
      ],
      templateBody: props.templateBody,
    });
  }

  private callAs(managementAccountId: string | undefined): string {
    if (!managementAccountId) return 'DELEGATED_ADMIN';
    const inManagementAccount = new CfnCondition(this, 'HubIsManagementAccount', {
      expression: Fn.conditionEquals(Aws.ACCOUNT_ID, managementAccountId),
    });
    return Fn.conditionIf(inManagementAccount.logicalId, 'SELF', 'DELEGATED_ADMIN').toString();
  }
}
