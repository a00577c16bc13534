import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EC2_COMMANDS,
  RDS_COMMANDS,
  S3_COMMANDS,
} from '../../../functions/adapters/remediation/aws-remediation-executor';
import { ALL_ACTIONS } from '../../../functions/domain/remediation/registry';
import { ALL_RULES } from '../../../functions/domain/rules';
import {
  ACCOUNT_WRITE_ACTIONS,
  CREATE_WRITE_ACTIONS,
  TAGGED_WRITE_ACTIONS,
} from '../../../functions/shared/contract/remediation';

/** S3 API operations whose IAM action has another name (the Service Authorization Reference's). */
const S3_IAM_ACTIONS: Record<string, string> = {
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
};

const ACTIONS_DIR = path.resolve(import.meta.dirname, '../../../functions/domain/remediation/actions');

describe('remediation action registry', () => {
  it('registers every action file, once', async () => {
    // Prepare
    const files = readdirSync(ACTIONS_DIR).filter((file) => file.endsWith('.ts'));

    // Act
    const exported = [];
    for (const file of files) {
      const module = (await import(path.join(ACTIONS_DIR, file))) as Record<string, unknown>;
      exported.push(...Object.values(module));
    }

    // Assess
    expect(exported).toHaveLength(files.length);
    for (const action of exported) expect(ALL_ACTIONS).toContain(action);
    expect(new Set(ALL_ACTIONS.map((a) => a.id)).size).toBe(ALL_ACTIONS.length);
    expect(ALL_ACTIONS.map((a) => `${a.id}.ts`).sort()).toEqual(files.sort());
  });

  it('fixes only rules that exist, declares an undo or why not, and plans only calls the role allows', () => {
    // Prepare
    const ruleIds = new Set(ALL_RULES.map((rule) => rule.id));
    const allowed = new Set<string>([
      ...TAGGED_WRITE_ACTIONS,
      ...CREATE_WRITE_ACTIONS,
      ...ACCOUNT_WRITE_ACTIONS,
    ]);

    // Act / Assess
    for (const action of ALL_ACTIONS) {
      expect(action.fixes.length).toBeGreaterThan(0);
      for (const ruleId of action.fixes)
        expect(ruleIds.has(ruleId), `${action.id} fixes ${ruleId}`).toBe(true);
      if (!action.undo.undoable) expect(action.undo.why.length).toBeGreaterThan(20);
      expect(action.backupDescription.length).toBeGreaterThan(10);
    }
    for (const name of Object.keys(EC2_COMMANDS)) expect(allowed.has(`ec2:${name}`), name).toBe(true);
    for (const name of Object.keys(RDS_COMMANDS)) expect(allowed.has(`rds:${name}`), name).toBe(true);
    for (const name of Object.keys(S3_COMMANDS))
      expect(allowed.has(S3_IAM_ACTIONS[name] ?? ''), name).toBe(true);
  });
});
