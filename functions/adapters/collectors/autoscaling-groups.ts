import {
  AutoScalingClient,
  type AutoScalingGroup,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { isoDate, nameOf, required, tagRecord } from './sdk-shared';

/** DescribeAutoScalingGroups returns up to 100 groups a page. */
const PAGE_SIZE = 100;
const OPERATION = 'DescribeAutoScalingGroups';

type GroupResource = Extract<ResourceData, { type: 'autoscaling:group' }>;

/**
 * EC2 Auto Scaling groups of one region: one DescribeAutoScalingGroups call per 100 groups, with
 * sizes, instances and tags in the same response.
 */
export const autoScalingGroupsCollector: Collector = {
  name: 'autoscaling-groups',
  resourceTypes: ['autoscaling:group'],
  scope: 'regional',
  async collect(clients) {
    const autoscaling = clients.get(AutoScalingClient);
    const out: ResourceData[] = [];
    for await (const page of paginateDescribeAutoScalingGroups(
      { client: autoscaling },
      { MaxRecords: PAGE_SIZE },
    )) {
      for (const group of page.AutoScalingGroups ?? [])
        out.push(toResource(group, clients.accountId, clients.region));
    }
    return out;
  },
};

function toResource(group: AutoScalingGroup, accountId: string, region: string): GroupResource {
  const name = required(group.AutoScalingGroupName, OPERATION, 'AutoScalingGroupName');
  const tags = tagRecord(group.Tags);
  return {
    id: required(group.AutoScalingGroupARN, OPERATION, 'AutoScalingGroupARN'),
    accountId,
    region,
    type: 'autoscaling:group',
    name: nameOf(tags, name),
    // AWS reports a Status only while the group is being deleted.
    state: group.Status ?? 'active',
    tags,
    attributes: {
      minSize: required(group.MinSize, OPERATION, 'MinSize'),
      maxSize: required(group.MaxSize, OPERATION, 'MaxSize'),
      desiredCapacity: required(group.DesiredCapacity, OPERATION, 'DesiredCapacity'),
      instances: (group.Instances ?? []).flatMap((i) =>
        i.InstanceId ? [{ instanceId: i.InstanceId, lifecycleState: i.LifecycleState ?? 'unknown' }] : [],
      ),
      availabilityZones: group.AvailabilityZones ?? [],
      createTime: isoDate(group.CreatedTime),
    },
  };
}
