/**
 * Schedule executors for each (account, region), built on the member remediation role's clients and
 * kept for the life of the pool (a warm Lambda reuses them; credentials refresh themselves).
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import type { ScheduleExecutor } from '../../domain/schedules/ports';
import type { AwsClientPool } from '../aws/client-pool';
import { AwsScheduleExecutor } from './aws-schedule-executor';

export function scheduleExecutorFactory(pool: AwsClientPool) {
  const executors = new Map<string, Promise<ScheduleExecutor>>();
  return (accountId: string, region: string): Promise<ScheduleExecutor> => {
    const key = `${accountId}|${region}`;
    let executor = executors.get(key);
    if (!executor) {
      executor = pool.openScope(accountId, region).then(
        ({ clients }) =>
          new AwsScheduleExecutor({
            ec2: clients.get(EC2Client),
            rds: clients.get(RDSClient),
            kms: clients.get(KMSClient),
            autoscaling: clients.get(AutoScalingClient),
          }),
      );
      // A refused AssumeRole is not kept: the next tick tries again.
      executor.catch(() => executors.delete(key));
      executors.set(key, executor);
    }
    return executor;
  };
}
