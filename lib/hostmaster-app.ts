import { type App, BootstraplessSynthesizer } from 'aws-cdk-lib';
import { HostMasterStack, type HubStackProps } from './hub-stack';
import { HostMasterMemberStack } from './member-stack';

export interface HostMasterStacks {
  readonly hub: HostMasterStack;
  readonly member: HostMasterMemberStack;
}

/**
 * The app's stacks under the names `cdk deploy` takes: one place, so bin/app.ts and the test that
 * checks the README's commands build the same app. The member stack has no asset and synthesizes
 * without the bootstrap roles, so `cdk deploy HostMasterMember` works in an account never bootstrapped.
 */
export function addHostMasterStacks(app: App, hub: HubStackProps = {}): HostMasterStacks {
  return {
    hub: new HostMasterStack(app, 'HostMaster', hub),
    member: new HostMasterMemberStack(app, 'HostMasterMember', {
      synthesizer: new BootstraplessSynthesizer(),
    }),
  };
}
