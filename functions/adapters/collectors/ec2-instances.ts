import {
  EC2Client,
  type Instance,
  type InstanceStatus,
  paginateDescribeInstanceStatus,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { EC2_PAGE_SIZES, ec2Arn, isoDate, nameOf, nonEmpty, required, tagRecord } from './ec2-shared';

type StatusCheck = 'ok' | 'impaired' | 'initializing' | 'insufficient-data' | 'not-applicable';
const STATUS_CHECKS = new Set<string>([
  'ok',
  'impaired',
  'initializing',
  'insufficient-data',
  'not-applicable',
]);

function statusCheck(value: string | undefined): StatusCheck {
  return value !== undefined && STATUS_CHECKS.has(value) ? (value as StatusCheck) : 'insufficient-data';
}

export function normalizeInstance(
  instance: Instance,
  status: InstanceStatus | undefined,
  accountId: string,
  region: string,
): ResourceData {
  const id = required(instance.InstanceId, 'DescribeInstances', 'InstanceId');
  const tags = tagRecord(instance.Tags);
  return {
    id: ec2Arn(region, accountId, `instance/${id}`),
    accountId,
    region,
    type: 'ec2:instance',
    name: nameOf(tags, id),
    state: required(instance.State?.Name, 'DescribeInstances', 'State.Name', id),
    tags,
    attributes: {
      instanceType: required(instance.InstanceType, 'DescribeInstances', 'InstanceType', id),
      launchTime: isoDate(instance.LaunchTime, 'DescribeInstances', 'LaunchTime', id),
      availabilityZone: required(instance.Placement?.AvailabilityZone, 'DescribeInstances', 'Placement', id),
      imageId: required(instance.ImageId, 'DescribeInstances', 'ImageId', id),
      platform: nonEmpty(instance.Platform),
      architecture: nonEmpty(instance.Architecture),
      vpcId: nonEmpty(instance.VpcId),
      subnetId: nonEmpty(instance.SubnetId),
      privateIpAddress: nonEmpty(instance.PrivateIpAddress),
      publicIpAddress: nonEmpty(instance.PublicIpAddress),
      securityGroupIds: (instance.SecurityGroups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
      volumeIds: (instance.BlockDeviceMappings ?? []).flatMap((m) =>
        m.Ebs?.VolumeId ? [m.Ebs.VolumeId] : [],
      ),
      imdsV2Required: instance.MetadataOptions?.HttpTokens === 'required',
      iamInstanceProfileArn: nonEmpty(instance.IamInstanceProfile?.Arn),
      stateReason: nonEmpty(instance.StateTransitionReason),
      statusChecks: status
        ? {
            system: statusCheck(status.SystemStatus?.Status),
            instance: statusCheck(status.InstanceStatus?.Status),
          }
        : undefined,
    },
  };
}

/**
 * EC2 instances with their status checks. Terminated instances are kept while EC2 still lists them
 * (about an hour), with their state, as EC2 reports them; then they are marked gone. DescribeInstanceStatus (running instances only, paged)
 * is called only when some instance is running, so an idle region costs one call.
 */
export const ec2Instances: Collector = {
  name: 'ec2-instances',
  resourceTypes: ['ec2:instance'],
  scope: 'regional',
  async collect(clients) {
    const ec2 = clients.get(EC2Client);
    const instances: Instance[] = [];
    for await (const page of paginateDescribeInstances(
      { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeInstances },
      {},
    )) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          instances.push(instance);
        }
      }
    }
    const statuses = new Map<string, InstanceStatus>();
    if (instances.some((i) => i.State?.Name === 'running')) {
      for await (const page of paginateDescribeInstanceStatus(
        { client: ec2, pageSize: EC2_PAGE_SIZES.DescribeInstanceStatus },
        {},
      )) {
        for (const status of page.InstanceStatuses ?? []) {
          if (status.InstanceId) statuses.set(status.InstanceId, status);
        }
      }
    }
    return instances.map((instance) =>
      normalizeInstance(
        instance,
        instance.InstanceId ? statuses.get(instance.InstanceId) : undefined,
        clients.accountId,
        clients.region,
      ),
    );
  },
};
