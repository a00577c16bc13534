/**
 * The remediation state machine seen from the API: starting a request's execution, and releasing the
 * approval step that waits on a task token (SendTaskSuccess to run, SendTaskFailure to reject).
 */
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ApprovalSignal, RemediationWorkflowStarter } from '../../domain/remediation/ports';
import {
  REMEDIATION_REJECTED_ERROR,
  type RemediationExecutionInput,
} from '../../shared/contract/remediation';

export class StepFunctionsRemediationStarter implements RemediationWorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(input: RemediationExecutionInput): Promise<void> {
    await this.client.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        // The request id is the execution name: its history in the console is found by it.
        name: input.remediationId,
        input: JSON.stringify(input),
      }),
    );
  }
}

export class StepFunctionsApprovalSignal implements ApprovalSignal {
  constructor(private readonly client: SFNClient) {}

  async approve(token: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    await this.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  }

  async reject(token: string, reason: string): Promise<void> {
    await this.client.send(
      new SendTaskFailureCommand({
        taskToken: token,
        error: REMEDIATION_REJECTED_ERROR,
        cause: reason.slice(0, 32_000),
      }),
    );
  }
}

export function createStepFunctionsRemediation(stateMachineArn: string): {
  starter: StepFunctionsRemediationStarter;
  signal: StepFunctionsApprovalSignal;
} {
  const client = new SFNClient({});
  return {
    starter: new StepFunctionsRemediationStarter(client, stateMachineArn),
    signal: new StepFunctionsApprovalSignal(client),
  };
}
