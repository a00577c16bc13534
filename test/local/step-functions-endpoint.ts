/**
 * A loopback endpoint speaking the Step Functions actions the API uses (`StartExecution`, and
 * `SendTaskSuccess`/`SendTaskFailure` for remediation approvals; awsJson1_0),
 * so the API handler's real SFN client starts local scans exactly as it starts executions deployed:
 * only `AWS_ENDPOINT_URL_SFN` differs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface StartExecutionRequest {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
}

export interface LocalStepFunctionsEndpoint {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Releases a task waiting on a token; false when no task waits on it. */
export interface TaskResponder {
  success(token: string, output: unknown): boolean;
  failure(token: string, error: string, cause: string): boolean;
}

/** Starts the endpoint; `onStart` must return quickly (start the work, do not await it). */
export async function startStepFunctionsEndpoint(
  onStart: (request: StartExecutionRequest) => void,
  tasks?: TaskResponder,
): Promise<LocalStepFunctionsEndpoint> {
  const server = createServer((req, res) => {
    handle(req, res, onStart, tasks).catch((error: unknown) => {
      sendJson(res, 500, { __type: 'InternalFailure', message: String(error) });
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  onStart: (request: StartExecutionRequest) => void,
  tasks: TaskResponder | undefined,
): Promise<void> {
  const target = req.headers['x-amz-target'];
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (
    tasks &&
    (target === 'AWSStepFunctions.SendTaskSuccess' || target === 'AWSStepFunctions.SendTaskFailure')
  ) {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const token = typeof body.taskToken === 'string' ? body.taskToken : '';
    const released =
      target === 'AWSStepFunctions.SendTaskSuccess'
        ? tasks.success(token, typeof body.output === 'string' ? JSON.parse(body.output) : {})
        : tasks.failure(token, String(body.error ?? 'States.TaskFailed'), String(body.cause ?? ''));
    if (!released) {
      sendJson(res, 400, { __type: 'TaskDoesNotExist', message: 'Task does not exist anymore' });
      return;
    }
    sendJson(res, 200, {});
    return;
  }
  if (target !== 'AWSStepFunctions.StartExecution') {
    sendJson(res, 400, {
      __type: 'UnknownOperationException',
      message: `Unsupported target ${String(target)}`,
    });
    return;
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  const stateMachineArn = typeof body.stateMachineArn === 'string' ? body.stateMachineArn : '';
  const name = typeof body.name === 'string' ? body.name : `local-${Date.now()}`;
  if (!stateMachineArn) {
    sendJson(res, 400, { __type: 'InvalidArn', message: 'stateMachineArn is required' });
    return;
  }
  const input = typeof body.input === 'string' ? (JSON.parse(body.input) as unknown) : {};
  onStart({ stateMachineArn, name, input });
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  sendJson(res, 200, { executionArn, startDate: Date.now() / 1000 });
}

function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  res.writeHead(statusCode, { 'Content-Type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(body));
}
