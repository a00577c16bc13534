/**
 * Reliability checks run on a schedule by the health-check handler, one a file. Every rule file must
 * be listed here: test/domain/rules/registry.test.ts fails on a rule file that nothing registers.
 */
import type { Rule } from '../rule';
import { backupRpoExceeded } from './backup-rpo-exceeded';
import { ec2DiskFullRisk } from './ec2-disk-full-risk';
import { ec2StatusCheckImpaired } from './ec2-status-check-impaired';
import { elbNoHealthyTargets } from './elb-no-healthy-targets';
import { elbUnhealthyTargets } from './elb-unhealthy-targets';
import { rdsInstanceNotAvailable } from './rds-instance-not-available';

export const RELIABILITY_RULES: readonly Rule[] = [
  ec2StatusCheckImpaired,
  rdsInstanceNotAvailable,
  elbNoHealthyTargets,
  elbUnhealthyTargets,
  backupRpoExceeded,
  ec2DiskFullRisk,
];
