import { AwsClientPool } from '../../adapters/aws/client-pool';
import { DynamoDbExpectedChangeStore } from '../../adapters/dynamodb/alert-store';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbResourceStore } from '../../adapters/dynamodb/resource-store';
import { DynamoDbScheduleRecordStore, DynamoDbScheduleStore } from '../../adapters/dynamodb/schedule-store';
import { scheduleExecutorFactory } from '../../adapters/schedules/executor-factory';
import type { ScheduleTickDependencies } from '../../app/schedules/run-tick';
import { parseList } from '../../domain/scan/regions';
import type { ScheduleEnvironment } from '../../shared/contract/environment';

/** The names the schedule functions read with `readEnvironment`. */
export const SCHEDULE_ENVIRONMENT_NAMES = [
  'TABLE_NAME',
  'REMEDIATION_ROLE_NAME',
  'REMEDIATION_EXTERNAL_ID',
  'OPTED_IN_ACCOUNTS',
] as const satisfies readonly (keyof ScheduleEnvironment)[];

/** Everything a tick needs, built once per container. */
export function scheduleDependencies(environment: ScheduleEnvironment): ScheduleTickDependencies {
  const documentClient = createDocumentClient();
  const pool = new AwsClientPool({
    memberRoleName: environment.REMEDIATION_ROLE_NAME,
    externalId: environment.REMEDIATION_EXTERNAL_ID,
    sessionName: 'hostmaster-schedule',
  });
  return {
    resources: new DynamoDbResourceStore(documentClient, environment.TABLE_NAME),
    schedules: new DynamoDbScheduleStore(documentClient, environment.TABLE_NAME),
    records: new DynamoDbScheduleRecordStore(documentClient, environment.TABLE_NAME),
    expected: new DynamoDbExpectedChangeStore(documentClient, environment.TABLE_NAME),
    executorFor: scheduleExecutorFactory(pool),
    optedInAccounts: new Set(parseList(environment.OPTED_IN_ACCOUNTS)),
  };
}
