import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbResourceStore } from '../../functions/adapters/dynamodb/resource-store';
import { DynamoDbScanRunStore } from '../../functions/adapters/dynamodb/scan-run-store';
import {
  type AlertRig,
  instanceArn,
  instanceId,
  MEMBER_ACCOUNT,
  RIG_REGION,
  startAlertRig,
} from '../bench/alerts';
import { type LambdaHandler, lambdaContext } from '../local/lambda-context';

describe('health-check and digest handlers', () => {
  let rig: AlertRig;
  let healthCheck: LambdaHandler;
  let digest: LambdaHandler;

  beforeAll(async () => {
    rig = await startAlertRig({ instances: 1 });
    healthCheck = (await import('../../functions/handlers/health-check')).handler as LambdaHandler;
    digest = (await import('../../functions/handlers/digest')).handler as LambdaHandler;
    const now = new Date().toISOString();
    await new DynamoDbScanRunStore(rig.documentClient, rig.tableName).put({
      scanId: 'scan-1',
      accountId: MEMBER_ACCOUNT,
      region: RIG_REGION,
      startedAt: now,
      finishedAt: now,
      durationMs: 1000,
      status: 'succeeded',
      counts: {},
      changes: { added: 1, updated: 0, gone: 0, unchanged: 0 },
      apiCalls: 3,
      retries: 0,
      errors: [],
    });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('alerts on a failing status check found in the stored inventory', async () => {
    // Prepare: the last scan saw the instance's system status check failing
    const resources = new DynamoDbResourceStore(rig.documentClient, rig.tableName);
    const stored = await resources.get(instanceArn(instanceId(0)));
    if (stored?.type !== 'ec2:instance') throw new Error('rig instance missing');
    await resources.putMany([
      {
        ...stored,
        attributes: { ...stored.attributes, statusChecks: { system: 'impaired', instance: 'ok' } },
      },
    ]);
    // Act
    const result = (await healthCheck({}, lambdaContext('health-check'))) as { alerts: { opened: number } };
    const again = (await healthCheck({}, lambdaContext('health-check'))) as {
      alerts: { opened: number; repeated: number };
    };
    // Assess
    expect(result.alerts.opened).toBe(1);
    expect(again.alerts).toMatchObject({ opened: 0, repeated: 0 });
    expect(rig.sms()).toHaveLength(1);
    expect(rig.emails()[0]?.subject).toBe('[HostMaster] CRITICAL: EC2 system status check failing - web-0');
  });

  it('emails a daily digest of what changed, then nothing until something changes', async () => {
    // Act
    const first = (await digest({ kind: 'daily' }, lambdaContext('digest'))) as {
      sent: boolean;
      openAlerts: number;
    };
    const second = (await digest({ kind: 'daily' }, lambdaContext('digest'))) as { sent: boolean };
    // Assess
    expect(first).toMatchObject({ sent: true, openAlerts: 1, newFindings: 1 });
    expect(second.sent).toBe(false);
    const digests = rig.emails().filter((m) => m.subject?.includes('digest'));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.message).toContain('EC2 system status check failing - web-0');
  });
});
