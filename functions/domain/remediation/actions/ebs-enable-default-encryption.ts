import { defineAction } from '../action';

/**
 * Turns on EBS encryption by default in one account and region. Not destructive: running volumes are
 * untouched and new ones are encrypted with the region's default EBS key. The setting has no ARN and no
 * tags, so only accounts opted in as a whole allow it (see ACCOUNT_WRITE_ACTIONS).
 */
export const ebsEnableDefaultEncryption = defineAction<'ec2:ebs-encryption-default'>({
  id: 'ebs-enable-default-encryption',
  title: 'Turn on EBS encryption by default in a region',
  fixes: ['ebs-default-encryption-disabled'],
  resourceType: 'ec2:ebs-encryption-default',
  destructive: false,
  backupDescription: 'None needed: the setting was off, which is recorded with the item.',
  verifyDescription: 'GetEbsEncryptionByDefault answers enabled.',
  undo: {
    undoable: true,
    description:
      'Turns encryption by default off again; volumes created meanwhile stay encrypted (the setting affects new volumes only).',
    plan: () => [{ service: 'ec2', action: 'DisableEbsEncryptionByDefault', dryRunnable: true, input: {} }],
  },
  plan(setting) {
    return {
      summary: `Turn on EBS encryption by default in ${setting.region} of ${setting.accountId} (new volumes only).`,
      backup: [],
      act: [{ service: 'ec2', action: 'EnableEbsEncryptionByDefault', dryRunnable: true, input: {} }],
      record: { previous: setting.attributes.enabled ? 'enabled' : 'disabled' },
    };
  },
  preflight(setting) {
    return [
      {
        id: 'setting-off',
        passed: !setting.attributes.enabled,
        detail: setting.attributes.enabled ? 'already enabled' : 'encryption by default is off',
      },
    ];
  },
  verify(after) {
    if (!after) return 'the setting could not be read';
    return after.attributes.enabled ? true : 'encryption by default is still off';
  },
});
