/**
 * The planted fleet, end to end through the pure analyzer: every misconfiguration planted in
 * test/sandbox/fleets/security-planted.json is found by the right rule with the right framework
 * reference, and nothing compliant is flagged. No sandbox runs: fleet resources are already in
 * domain shape, so only the id (an ARN-like string) is composed here.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisResult, analyze } from '../../../../functions/domain/analyze';
import { type Resource, ResourceSchema } from '../../../../functions/domain/model';
import { CIS_AWS_FOUNDATIONS_BENCHMARK, FRAMEWORKS } from '../../../../functions/domain/posture/frameworks';
import { scorePosture } from '../../../../functions/domain/posture/score';
import { SECURITY_RULES } from '../../../../functions/domain/rules/security';
import type { Fleet } from '../../../sandbox/fleet';
import { loadFleet } from '../../../sandbox/load-fleet';
import { contextWith } from './builders';

const FLEET = fileURLToPath(new URL('../../../sandbox/fleets/security-planted.json', import.meta.url));
const PLANTED = '111122223333';
const SECURE = '444455556666';
const CIS = 'cis-aws-foundations-3.0.0';
const FSBP = 'aws-fsbp';

type Expectation = readonly [ruleId: string, reference?: string];

/** What each planted resource (`type|region|native id` in the planted account) must raise: exactly this. */
const EXPECTED: Record<string, readonly Expectation[]> = {
  'ec2:security-group|us-east-1|sg-0a1b2c3d4e5f6a101': [['sg-admin-port-open-ipv4', `${CIS}:5.2`]],
  'ec2:security-group|us-east-1|sg-0a1b2c3d4e5f6a102': [['sg-admin-port-open-ipv6', `${CIS}:5.3`]],
  'ec2:security-group|us-east-1|sg-0a1b2c3d4e5f6a103': [['sg-database-port-open', `${FSBP}:EC2.19`]],
  'ec2:security-group|us-east-1|sg-0a1b2c3d4e5f6a104': [
    ['sg-all-traffic-open', `${FSBP}:EC2.18`],
    // All traffic includes SSH, RDP and every database port.
    ['sg-admin-port-open-ipv4', `${CIS}:5.2`],
    ['sg-database-port-open', `${FSBP}:EC2.19`],
  ],
  'ec2:security-group|us-east-1|sg-0a1b2c3d4e5f6a105': [['sg-default-allows-traffic', `${CIS}:5.4`]],
  'ec2:instance|us-east-1|i-0a1b2c3d4e5f6a101': [['ec2-imdsv1-allowed', `${CIS}:5.6`]],
  'ec2:volume|us-east-1|vol-0a1b2c3d4e5f6a101': [['ebs-volume-unencrypted', `${FSBP}:EC2.3`]],
  'ec2:volume|us-east-1|vol-0a1b2c3d4e5f6a102': [['required-tags-missing']],
  'ec2:snapshot|us-east-1|snap-0a1b2c3d4e5f6a101': [['ebs-snapshot-unencrypted']],
  // AWS refuses to make an encrypted snapshot public, so a public one is unencrypted too.
  'ec2:snapshot|us-east-1|snap-0a1b2c3d4e5f6a102': [
    ['ebs-snapshot-public', `${FSBP}:EC2.1`],
    ['ebs-snapshot-unencrypted'],
  ],
  'ec2:ebs-encryption-default|us-east-1|ebs-encryption-default': [
    ['ebs-default-encryption-disabled', `${CIS}:2.2.1`],
  ],
  'rds:db-instance|us-east-1|planted-unencrypted': [['rds-storage-unencrypted', `${CIS}:2.3.1`]],
  'rds:db-instance|us-east-1|planted-public': [['rds-publicly-accessible', `${CIS}:2.3.3`]],
  'rds:db-instance|us-east-1|planted-no-backups': [['rds-backup-retention-low', `${FSBP}:RDS.11`]],
  'rds:db-instance|us-east-1|planted-short-backups': [['rds-backup-retention-low', `${FSBP}:RDS.11`]],
  'rds:db-instance|us-east-1|planted-prod-single-az': [['rds-production-single-az', `${FSBP}:RDS.5`]],
  'rds:db-snapshot|us-east-1|planted-unencrypted-snapshot': [['rds-snapshot-unencrypted', `${FSBP}:RDS.4`]],
  'rds:db-snapshot|us-east-1|planted-public-snapshot': [
    ['rds-snapshot-public', `${FSBP}:RDS.1`],
    ['rds-snapshot-unencrypted', `${FSBP}:RDS.4`],
  ],
  's3:bucket|us-east-1|planted-no-public-access-block': [
    ['s3-public-access-block-incomplete', `${CIS}:2.1.4`],
  ],
  // A public policy only takes effect with BlockPublicPolicy and RestrictPublicBuckets off.
  's3:bucket|us-east-1|planted-public-policy': [
    ['s3-bucket-policy-public', `${FSBP}:S3.2`],
    ['s3-public-access-block-incomplete', `${CIS}:2.1.4`],
  ],
  's3:bucket|us-east-1|planted-no-default-encryption': [['s3-default-encryption-missing']],
  's3:bucket|us-east-1|planted-critical-unversioned': [['s3-critical-bucket-unversioned']],
  'iam:user|global|planted-old-key': [['iam-access-key-not-rotated', `${CIS}:1.14`]],
  'iam:user|global|planted-unused-key': [['iam-credentials-unused', `${CIS}:1.12`]],
  'iam:user|global|planted-unused-password': [['iam-credentials-unused', `${CIS}:1.12`]],
  'iam:user|global|planted-no-mfa': [['iam-console-user-without-mfa', `${CIS}:1.10`]],
  'iam:account-summary|global|account-summary': [
    ['iam-root-access-keys-present', `${CIS}:1.4`],
    ['iam-root-mfa-disabled', `${CIS}:1.5`],
    ['cloudtrail-not-multi-region-logging', `${CIS}:3.1`],
  ],
};

/** Where each composed id came from: its account and its `type|region|native id` key. */
const origin = new Map<string, { accountId: string; key: string }>();

/** Fleet resources in domain shape, with an ARN-like id composed from account, region, type and native id. */
function toResources(fleet: Fleet): Resource[] {
  return fleet.accounts.flatMap((account) =>
    account.resources.map(({ usage: _usage, ...resource }) => {
      const id = `arn:hostmaster:${resource.type}:${resource.region}:${account.id}:${resource.id}`;
      origin.set(id, { accountId: account.id, key: `${resource.type}|${resource.region}|${resource.id}` });
      return ResourceSchema.parse({
        ...resource,
        id,
        accountId: account.id,
        firstSeen: '2026-11-01T00:00:00.000Z',
        lastSeen: '2026-11-23T12:00:00.000Z',
        contentHash: 'planted',
      });
    }),
  );
}

const keyOf = (resourceId: string) => origin.get(resourceId) ?? { accountId: 'unknown', key: resourceId };

describe('security-planted fleet', () => {
  let resources: Resource[];
  let result: AnalysisResult;

  beforeAll(async () => {
    // Prepare: loadFleet validates the file exactly as the sandbox does.
    resources = toResources(await loadFleet(FLEET));
    // Act
    result = analyze(resources, SECURITY_RULES, contextWith(resources));
  });

  it('plants a misconfiguration for every security rule', () => {
    const planted = new Set(Object.values(EXPECTED).flatMap((list) => list.map(([ruleId]) => ruleId)));
    expect([...planted].sort()).toEqual(SECURITY_RULES.map((r) => r.id).sort());
  });

  it('finds every planted misconfiguration with its rule id and framework reference', () => {
    for (const [key, expectations] of Object.entries(EXPECTED)) {
      for (const [ruleId, reference] of expectations) {
        const finding = result.findings.find((f) => f.ruleId === ruleId && keyOf(f.resourceId).key === key);
        expect(finding, `${ruleId} on ${key}`).toBeDefined();
        expect(finding?.accountId).toBe(PLANTED);
        if (reference) {
          expect(
            finding?.references.map((r) => `${r.framework}:${r.control}`),
            `${ruleId} on ${key}`,
          ).toContain(reference);
        }
      }
    }
  });

  it('flags nothing else: no compliant twin and nothing in the secure account', () => {
    const unexpected = result.findings
      .filter((f) => {
        const { accountId, key } = keyOf(f.resourceId);
        return accountId !== PLANTED || !EXPECTED[key]?.some(([ruleId]) => ruleId === f.ruleId);
      })
      .map((f) => `${f.ruleId} on ${f.resourceId}`);
    expect(unexpected).toEqual([]);
    expect(result.findings).toHaveLength(Object.values(EXPECTED).flat().length);
    expect(result.insufficientData).toEqual([]);
  });

  it('judges the compliant twins: every rule saw at least one compliant resource', () => {
    for (const rule of SECURITY_RULES)
      expect(result.verdicts[rule.id]?.compliant, rule.id).toBeGreaterThan(0);
  });

  it('fails every CIS control in the planted account and passes all of them in the secure one', () => {
    const input = {
      rules: SECURITY_RULES,
      verdictsByAccount: result.verdictsByAccount!,
      findings: result.findings,
    };
    const [planted] = scorePosture(input, [CIS_AWS_FOUNDATIONS_BENCHMARK], PLANTED);
    expect(planted).toMatchObject({ failed: CIS_AWS_FOUNDATIONS_BENCHMARK.controls.length, score: 0 });
    const secure = scorePosture(input, FRAMEWORKS, SECURE);
    for (const framework of secure) {
      expect(framework.failed, framework.framework).toBe(0);
      expect(framework.score, framework.framework).toBe(1);
    }
  });
});
