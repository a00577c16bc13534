import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { handler as ApiHandler } from '../../functions/handlers/api';
import { apiEvent, CALLER, SETTINGS_ENVIRONMENT } from './api/fixtures';

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:HostMasterScan';
const context = { functionName: 'api', awsRequestId: 'req-1' } as Context;
const sfn = mockClient(SFNClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);

describe('api handler (deployed wiring)', () => {
  let handler: typeof ApiHandler;

  beforeAll(async () => {
    process.env.TABLE_NAME = 'hostmaster-test';
    process.env.USER_POOL_ID = 'eu-west-1_test';
    process.env.SCAN_STATE_MACHINE_ARN = STATE_MACHINE_ARN;
    process.env.REMEDIATION_STATE_MACHINE_ARN = `${STATE_MACHINE_ARN}-remediation`;
    process.env.APPROVAL_LINK_KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/approval-links';
    process.env.OPTED_IN_ACCOUNTS = '';
    process.env.AWS_REGION = 'eu-west-1';
    Object.assign(process.env, SETTINGS_ENVIRONMENT);
    ({ handler } = await import('../../functions/handlers/api'));
  });

  beforeEach(() => {
    sfn.reset();
    cognito.reset();
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Username: CALLER.username, Enabled: true, UserStatus: 'CONFIRMED' });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'admin' }] });
    dynamo.reset();
    dynamo.on(PutCommand).resolves({});
  });

  it('starts the scan state machine with the scan id as execution name for an admin', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({
      executionArn: `${STATE_MACHINE_ARN}:x`,
      startDate: new Date('2026-11-23T10:00:00.000Z'),
    });

    // Act
    const response = await handler(
      apiEvent({ method: 'POST', resource: '/api/scans', groups: 'admin', email: 'root@example.com' }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(202);
    const body = JSON.parse(response.body) as { scanId: string; startedAt: string };
    expect(body.scanId).toMatch(/^scan-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(body.startedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINE_ARN,
      name: body.scanId,
      input: JSON.stringify({ scanId: body.scanId, trigger: 'api', requestedBy: 'root@example.com' }),
    });
    expect(cognito).toHaveReceivedCommandWith(AdminGetUserCommand, {
      UserPoolId: 'eu-west-1_test',
      Username: CALLER.username,
    });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: 'SCANCLAIM', scanId: body.scanId }),
      ConditionExpression: 'attribute_not_exists(#pk) OR #until < :now OR #scanId = :scanId',
    });
  });

  it('answers 409 without starting anything while another scan holds the claim', async () => {
    // Prepare
    dynamo
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    dynamo.on(GetCommand).resolves({ Item: { scanId: 'scan-running', until: '2026-11-23T12:00:00.000Z' } });

    // Act
    const response = await handler(
      apiEvent({ method: 'POST', resource: '/api/scans', groups: 'admin' }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body).message).toContain('scan-running');
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('does not start a scan for an admin the user pool has disabled since the token was issued', async () => {
    // Prepare
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Username: CALLER.username, Enabled: false, UserStatus: 'CONFIRMED' });

    // Act
    const response = await handler(
      apiEvent({ method: 'POST', resource: '/api/scans', groups: 'admin' }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).message).toContain('the user has been disabled');
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('does not start a scan for an operator', async () => {
    // Act
    const response = await handler(
      apiEvent({ method: 'POST', resource: '/api/scans', groups: 'operator' }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('answers a Step Functions failure with a 500 that names nothing of it', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .rejects(new Error(`AccessDeniedException: not authorized on ${STATE_MACHINE_ARN}`));

    // Act
    const response = await handler(
      apiEvent({ method: 'POST', resource: '/api/scans', groups: 'admin' }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('AccessDenied');
    expect(response.body).not.toContain(STATE_MACHINE_ARN);
    expect(response.headers).toMatchObject({ 'Cache-Control': 'no-store' });
  });
});
