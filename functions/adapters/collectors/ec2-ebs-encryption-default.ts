import { EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import type { Collector } from './collector';
import { ec2Arn } from './ec2-shared';

/**
 * The region's EBS encryption-by-default setting, as one resource per (account, region). It has no
 * ARN in AWS; its id follows the ARN pattern so it is unique and readable.
 */
export const ec2EbsEncryptionDefault: Collector = {
  name: 'ec2-ebs-encryption-default',
  resourceTypes: ['ec2:ebs-encryption-default'],
  scope: 'regional',
  async collect(clients) {
    const output = await clients.get(EC2Client).send(new GetEbsEncryptionByDefaultCommand({}));
    const enabled = output.EbsEncryptionByDefault ?? false;
    return [
      {
        id: ec2Arn(clients.region, clients.accountId, 'ebs-encryption-default'),
        accountId: clients.accountId,
        region: clients.region,
        type: 'ec2:ebs-encryption-default',
        name: 'ebs-encryption-default',
        state: 'active',
        tags: {},
        attributes: { enabled },
      },
    ];
  },
};
