import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_WRITE_ACTIONS,
  BACKUP_DEADLINE_HOURS,
  CREATE_WRITE_ACTIONS,
  REMEDIATION_BACKUP_WAIT_STATE,
  REMEDIATION_READ_ACTIONS,
  REMEDIATION_STATES,
  TAGGED_WRITE_ACTIONS,
} from '../../functions/shared/contract/remediation';
import { SCHEDULE_PERMISSIONS } from '../../functions/shared/contract/schedule-permissions';
import { ConfigurationError } from '../../lib/config';
import { flatten, hubStack, memberStack, onlyResource, roleStatements, runNag } from './helpers';

const HUB = { 'hostmaster:hubAccountId': '999999999999' };

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

function remediationRole(template: Template) {
  return onlyResource(template, 'AWS::IAM::Role', { Properties: { RoleName: 'HostMasterRemediationRole' } });
}

describe('member remediation role', () => {
  const template = Template.fromStack(memberStack(HUB));

  it('trusts only the hub remediation role, and only with its own ExternalId', () => {
    // Prepare / Act
    const { resource } = remediationRole(template);

    // Assess
    expect(resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: {
          AWS: [
            {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::999999999999:role/HostMasterHubRemediationRole'],
              ],
            },
            {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::999999999999:role/HostMasterHubScheduleRole'],
              ],
            },
          ],
        },
        Condition: { StringEquals: { 'sts:ExternalId': 'test-external-id:remediation' } },
      },
    ]);
  });

  it('allows every write only on resources tagged hostmaster:remediation=allow, or created with that tag', () => {
    // Prepare
    const { id } = remediationRole(template);

    // Act
    const statements = roleStatements(template, id) as unknown as Statement[];
    const actionsOf = (statement: Statement) => [statement.Action].flat();
    const writes = statements.filter((s) => s.Sid !== 'DescribeForPreflightAndVerify');

    // Assess: no write without a tag condition, and reads carry no write.
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    for (const statement of writes) {
      const conditions = JSON.stringify(statement.Condition ?? {});
      expect(conditions, `${statement.Sid} must be tag-conditioned`).toMatch(
        /aws:ResourceTag\/hostmaster:remediation":"allow"|aws:RequestTag\/hostmaster:remediation":"allow"|ec2:CreateAction|kms:ViaService|aws:PrincipalAccount/,
      );
    }
    const tagged = statements.find((s) => s.Sid === 'WriteOnlyOptedInResources');
    const scheduleWrites = SCHEDULE_PERMISSIONS.filter((p) => p.optInTagCondition).flatMap((p) => p.actions);
    expect(scheduleWrites).toEqual(
      expect.arrayContaining(['rds:StopDBCluster', 'autoscaling:UpdateAutoScalingGroup']),
    );
    expect(actionsOf(tagged!).sort()).toEqual(
      [...new Set([...TAGGED_WRITE_ACTIONS, ...scheduleWrites])].sort(),
    );
    expect(tagged!.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/hostmaster:remediation': 'allow' },
    });
    const creates = statements.find((s) => s.Sid === 'CreateOnlyOptedInResources');
    expect(actionsOf(creates!).sort()).toEqual([...CREATE_WRITE_ACTIONS].sort());
    expect(creates!.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/hostmaster:remediation': 'allow' },
    });
    const tags = statements.find((s) => s.Sid === 'TagOnlyWhatItCreates');
    expect(tags!.Condition).toEqual({
      StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateVolume'] },
    });
    const reads = statements.find((s) => s.Sid === 'DescribeForPreflightAndVerify');
    expect(actionsOf(reads!).every((a) => /:(Describe|List|Get)/.test(a))).toBe(true);
    expect(actionsOf(reads!)).toEqual(expect.arrayContaining([...REMEDIATION_READ_ACTIONS]));
    expect(statements.map((s) => s.Sid).sort()).toEqual(
      [
        'KmsGrantForScheduledStartsViaEc2',
        'CreateOnlyOptedInResources',
        'DescribeForPreflightAndVerify',
        'TagOnlyWhatItCreates',
        'TagOnlyOptedInDbSnapshots',
        'WriteOnlyOptedInResources',
      ].sort(),
    );
  });

  it('lets the accounts opted in as a whole change anything, tagged or not, and none without a list', () => {
    // Prepare
    const optedIn = Template.fromStack(
      memberStack({ ...HUB, 'hostmaster:remediationAccounts': ['111111111111', '222222222222'] }),
    );

    // Act
    const statements = roleStatements(optedIn, remediationRole(optedIn).id) as unknown as Statement[];
    const accountLevel = statements.find((s) => s.Sid === 'WriteAnythingInOptedInAccounts');
    const withoutList = (
      roleStatements(template, remediationRole(template).id) as unknown as Statement[]
    ).map((s) => s.Sid);

    // Assess: the tagged statement's writes (remediation and scheduler) without the tag, plus the
    // account-level ones that have no tag at all.
    const tagged = statements.find((s) => s.Sid === 'WriteOnlyOptedInResources');
    expect([accountLevel!.Action].flat().sort()).toEqual(
      [...new Set([...[tagged!.Action].flat(), ...ACCOUNT_WRITE_ACTIONS])].sort(),
    );
    expect(accountLevel!.Resource).toBe('*');
    expect(accountLevel!.Condition).toEqual({
      StringEquals: { 'aws:PrincipalAccount': ['111111111111', '222222222222'] },
    });
    expect(withoutList).not.toContain('WriteAnythingInOptedInAccounts');
    for (const action of ACCOUNT_WRITE_ACTIONS) expect([tagged!.Action].flat()).not.toContain(action);
  });

  it('is not the scan role: the scan role gains no write action', () => {
    // Prepare
    const { id } = onlyResource(template, 'AWS::IAM::Role', {
      Properties: { RoleName: 'HostMasterScanRole' },
    });

    // Act
    const actions = (roleStatements(template, id) as unknown as Statement[])
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => [s.Action].flat());

    // Assess
    expect(actions.filter((a) => (TAGGED_WRITE_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });

  it('refuses the scan role ExternalId as the remediation ExternalId, naming the key', () => {
    // Prepare / Act / Assess
    expect(() => memberStack({ ...HUB, 'hostmaster:remediationExternalId': 'test-external-id' })).toThrow(
      ConfigurationError,
    );
    expect(() => memberStack({ ...HUB, 'hostmaster:remediationExternalId': 'test-external-id' })).toThrow(
      /hostmaster:remediationExternalId.*must differ/,
    );
  });

  it('passes cdk-nag with every suppression scoped, with and without accounts opted in as a whole', () => {
    // Prepare
    const stacks = [
      memberStack(HUB),
      memberStack({ ...HUB, 'hostmaster:remediationAccounts': ['111111111111'] }),
    ];

    // Act
    const results = stacks.map((stack) => runNag(stack));

    // Assess
    for (const { errors, warnings } of results) {
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);
    }
  });
});

describe('remediation workflow', () => {
  const stack = hubStack({ 'hostmaster:memberAccounts': ['111111111111'] });
  const template = Template.fromStack(stack);
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const [, machine] = Object.entries(machines).find(([, m]) =>
    JSON.stringify(m.Properties.DefinitionString).includes(REMEDIATION_STATES.approval),
  )!;
  const definition = JSON.parse(flatten(machine.Properties.DefinitionString)) as {
    States: Record<string, Record<string, unknown>>;
  };
  const states = definition.States;

  it('waits for a person with a task token, expiring after the configured timeout', () => {
    // Prepare / Act
    const approval = states[REMEDIATION_STATES.approval]!;

    // Assess
    expect(approval.Resource).toBe('arn:<AWS::Partition>:states:::lambda:invoke.waitForTaskToken');
    expect(approval.TimeoutSeconds).toBe(86_400);
    expect(JSON.stringify(approval.Parameters)).toContain('"taskToken.$":"$$.Task.Token"');
    const catches = approval.Catch as { ErrorEquals: string[]; Next: string }[];
    expect(catches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: ['States.Timeout'], Next: REMEDIATION_STATES.expire }),
        expect.objectContaining({ ErrorEquals: ['RemediationRejected'], Next: REMEDIATION_STATES.finish }),
      ]),
    );
  });

  it('runs items with bounded concurrency, each failure caught per item', () => {
    // Prepare / Act
    const run = states.RunEachItem as {
      MaxConcurrency: number;
      ItemProcessor: { States: Record<string, { Catch?: { Next: string }[] }> };
    };

    // Assess
    expect(run.MaxConcurrency).toBe(10);
    for (const name of [
      REMEDIATION_STATES.backup,
      REMEDIATION_STATES.backupStatus,
      REMEDIATION_STATES.act,
      REMEDIATION_STATES.verify,
    ]) {
      expect(run.ItemProcessor.States[name]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: REMEDIATION_STATES.itemFailed },
      ]);
    }
    expect((states.CheckEachItem as { MaxConcurrency: number }).MaxConcurrency).toBe(10);
  });

  it('waits for a pending backup in Step Functions, checking it once per loop, before it acts', () => {
    // Prepare
    const processor = (
      states.RunEachItem as {
        ItemProcessor: { StartAt: string; States: Record<string, Record<string, unknown>> };
      }
    ).ItemProcessor;
    const at = (name: string) => processor.States[name]!;
    const payloadOf = (name: string) => (at(name).Parameters as { Payload: Record<string, unknown> }).Payload;

    // Act
    const choice = at('BackupPending') as {
      Type: string;
      Choices: { Variable: string; BooleanEquals: boolean; Next: string }[];
      Default: string;
    };

    // Assess: BackupItem → BackupPending? → WaitForBackup → CheckBackup → BackupPending? … → ActOnItem → VerifyItem.
    expect(processor.StartAt).toBe(REMEDIATION_STATES.backup);
    expect(at(REMEDIATION_STATES.backup).Next).toBe('BackupPending');
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([
      { Variable: '$.backup.pending', BooleanEquals: true, Next: REMEDIATION_BACKUP_WAIT_STATE },
    ]);
    expect(choice.Default).toBe(REMEDIATION_STATES.act);
    expect(at(REMEDIATION_BACKUP_WAIT_STATE)).toEqual({
      Type: 'Wait',
      SecondsPath: '$.backup.waitSeconds',
      Next: REMEDIATION_STATES.backupStatus,
    });
    expect(at(REMEDIATION_STATES.backupStatus).Next).toBe('BackupPending');
    expect(at(REMEDIATION_STATES.act).Next).toBe(REMEDIATION_STATES.verify);
    for (const name of [REMEDIATION_STATES.backup, REMEDIATION_STATES.backupStatus]) {
      expect(at(name).ResultSelector).toEqual({
        'pending.$': '$.Payload.pending',
        'waitSeconds.$': '$.Payload.waitSeconds',
      });
      expect(at(name).ResultPath).toBe('$.backup');
    }
    expect(payloadOf(REMEDIATION_STATES.backupStatus)).toMatchObject({
      step: 'backup-status',
      backupDeadlineSeconds: BACKUP_DEADLINE_HOURS * 3600,
    });
    // The act is never retried by Step Functions; the backup check is only a read.
    expect(at(REMEDIATION_STATES.act).Retry).toBeUndefined();
    expect(at(REMEDIATION_STATES.backupStatus).Retry).toBeDefined();
  });

  it('gives a run time for the approval, the backup deadline and the rest, and no step a long Lambda', () => {
    // Prepare / Act
    const timeout = definition as unknown as { TimeoutSeconds: number };
    const stepFunction = onlyResource(template, 'AWS::Lambda::Function', {
      Properties: { Description: 'Runs one step of a remediation request (check, backup, act, verify, ...)' },
    }).resource;

    // Assess
    expect(timeout.TimeoutSeconds).toBe((24 + BACKUP_DEADLINE_HOURS + 24) * 3600);
    expect(stepFunction.Properties.Timeout).toBe(120);
  });

  it('runs each item as its own Standard child execution, so a 1,000-item request fits any history', () => {
    // Prepare / Act
    const processorOf = (name: string) =>
      (states[name] as { ItemProcessor: { ProcessorConfig?: { Mode?: string; ExecutionType?: string } } })
        .ItemProcessor.ProcessorConfig;

    // Assess: Distributed Maps; Standard children run an item's act at most once.
    for (const name of ['CheckEachItem', 'RunEachItem']) {
      expect(processorOf(name)).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    }
  });

  it('logs every execution with its data and traces it', () => {
    // Prepare / Act
    const props = machine.Properties;

    // Assess
    expect(props.LoggingConfiguration.Level).toBe('ALL');
    expect(props.LoggingConfiguration.IncludeExecutionData).toBe(true);
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('runs its steps as a role that may assume only the member remediation role', () => {
    // Prepare
    const { id } = onlyResource(template, 'AWS::IAM::Role', {
      Properties: { RoleName: 'HostMasterHubRemediationRole' },
    });

    // Act
    const assumes = (roleStatements(template, id) as unknown as Statement[]).filter((s) =>
      [s.Action].flat().includes('sts:AssumeRole'),
    );

    // Assess
    expect(assumes).toHaveLength(1);
    expect(JSON.stringify(assumes[0]!.Resource)).toContain(':iam::*:role/HostMasterRemediationRole');
    expect(JSON.stringify(assumes[0]!.Resource)).not.toContain('HostMasterScanRole');
  });

  it('lets the API start requests and release approvals', () => {
    // Prepare
    const apiRole = Object.entries(template.findResources('AWS::IAM::Role')).find(([key]) =>
      key.startsWith('ApiHandler'),
    )![0];

    // Act
    const actions = roleStatements(template, apiRole).flatMap((s) => [s.Action as string | string[]].flat());

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure']),
    );
  });
});
