import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ScanStarter, StartedScan } from '../../domain/ports';

/**
 * Starts the scan state machine. The execution name is the scan id, so a scan's runs, its execution
 * in the console and its logs share one identifier.
 */
export class StepFunctionsScanStarter implements ScanStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(request: { readonly scanId: string; readonly requestedBy: string }): Promise<StartedScan> {
    const now = this.clock();
    const { scanId } = request;
    const output = await this.client.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: scanId,
        input: JSON.stringify({ scanId, trigger: 'api', requestedBy: request.requestedBy }),
      }),
    );
    return { scanId, startedAt: (output.startDate ?? now).toISOString() };
  }
}

/** The starter with its own client, configured from the environment like every SDK client. */
export function createStepFunctionsScanStarter(stateMachineArn: string): StepFunctionsScanStarter {
  return new StepFunctionsScanStarter(new SFNClient({}), stateMachineArn);
}
