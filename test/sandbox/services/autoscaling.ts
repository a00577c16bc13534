/**
 * EC2 Auto Scaling (awsQuery, 2011-01-01): the describe call of the `autoscaling-groups` collector and
 * the scheduler's calls (UpdateAutoScalingGroup, CreateOrUpdateTags, DeleteTags). Groups are the
 * fleet's `autoscaling:group` resources, whose native id is the group name.
 *
 * Simplification: a group keeps its own instances (`attributes.instances`) instead of terminating and
 * launching new ones, like a warm pool. When the desired capacity changes, the first `desired` of them
 * are `InService` and their EC2 instances `running`; the others are `Warmed:Stopped`, their EC2
 * instances `stopped`, and they are not listed in the group's `Instances`. A desired capacity above
 * the group's instance count is accepted and the missing instances are simply not simulated.
 */
import { createHash } from 'node:crypto';
import type { FleetResourceOf } from '../fleet';
import {
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  type SandboxService,
  toXml,
  type XmlObject,
  xmlList,
  xmlResult,
} from '../service';

type Group = FleetResourceOf<'autoscaling:group'>;

const WARMED = 'Warmed:Stopped';
const MAX_RECORDS = 100;

/** The ARN Auto Scaling gives a group (the UUID is derived from the name, so it is stable). */
export function autoScalingGroupArn(accountId: string, region: string, name: string): string {
  const hex = createHash('sha256').update(`${accountId}|${region}|${name}`).digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:${uuid}:autoScalingGroupName/${name}`;
}

const validation = (message: string) => new SandboxError(400, 'ValidationError', message);

function named(context: SandboxContext, name: string | undefined): Group {
  if (!name) throw validation('AutoScalingGroupName is required');
  const group = context.find('autoscaling:group', name);
  if (!group) throw validation(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  return group;
}

function render(group: Group, context: SandboxContext): XmlObject {
  const a = group.attributes;
  return {
    AutoScalingGroupName: group.id,
    AutoScalingGroupARN: autoScalingGroupArn(context.account.id, group.region, group.id),
    MinSize: a.minSize,
    MaxSize: a.maxSize,
    DesiredCapacity: a.desiredCapacity,
    AvailabilityZones: xmlList('member', a.availabilityZones),
    Instances: xmlList(
      'member',
      a.instances
        .filter((i) => i.lifecycleState !== WARMED)
        .map((i) => ({
          InstanceId: i.instanceId,
          LifecycleState: i.lifecycleState,
          HealthStatus: 'Healthy',
        })),
    ),
    CreatedTime: a.createTime,
    Status: group.state === 'active' ? undefined : group.state,
    Tags: xmlList(
      'member',
      Object.entries(group.tags).map(([Key, Value]) => ({
        ResourceId: group.id,
        ResourceType: 'auto-scaling-group',
        Key,
        Value,
        PropagateAtLaunch: false,
      })),
    ),
  };
}

/** Sets the group's sizes and brings its instances in line with the desired capacity. */
function resize(group: Group, sizes: { min: number; max: number; desired: number }, context: SandboxContext) {
  const instances = group.attributes.instances.map((instance, index) => {
    const inService = index < sizes.desired;
    const ec2 = context.find('ec2:instance', instance.instanceId);
    const want = inService ? 'running' : 'stopped';
    if (ec2 && ec2.state !== want) context.update({ ...ec2, state: want });
    return { ...instance, lifecycleState: inService ? 'InService' : WARMED };
  });
  context.update({
    ...group,
    attributes: {
      ...group.attributes,
      minSize: sizes.min,
      maxSize: sizes.max,
      desiredCapacity: sizes.desired,
      instances,
    },
  });
}

function tagsByGroup(request: SandboxRequest) {
  const byGroup = new Map<string, { key: string; value: string }[]>();
  for (const tag of request.params.structs('Tags')) {
    const id = tag.get('ResourceId');
    const key = tag.get('Key');
    if (!id || !key) throw validation('A tag needs a ResourceId and a Key');
    if (tag.get('ResourceType') !== 'auto-scaling-group')
      throw validation('ResourceType must be auto-scaling-group');
    const list = byGroup.get(id) ?? [];
    list.push({ key, value: tag.get('Value') ?? '' });
    byGroup.set(id, list);
  }
  return byGroup;
}

export const autoScalingService: SandboxService = {
  name: 'autoscaling',
  signingName: 'autoscaling',
  protocol: 'awsQuery',
  apiVersion: '2011-01-01',
  xmlNamespace: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
  actions: {
    DescribeAutoScalingGroups: (request, context) => {
      const names = request.params.list('AutoScalingGroupNames');
      if (names.length > MAX_RECORDS)
        throw validation(`The number of group names cannot exceed ${MAX_RECORDS}`);
      const list =
        names.length > 0
          ? names.flatMap((n) => {
              // Unknown names are left out, as AWS does.
              const group = context.find('autoscaling:group', n);
              return group ? [group] : [];
            })
          : context.resources('autoscaling:group');
      const page = context.page(list, {
        action: 'DescribeAutoScalingGroups',
        maxResults: request.params.int('MaxRecords'),
        nextToken: request.params.get('NextToken'),
        min: 1,
        max: MAX_RECORDS,
        rangeError: (value) =>
          validation(
            `1 validation error detected: Value '${value}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100`,
          ),
        tokenError: () => new SandboxError(400, 'InvalidNextToken', 'The token is invalid'),
      });
      return xmlResult(
        toXml({
          AutoScalingGroups: xmlList(
            'member',
            page.items.map((g) => render(g, context)),
          ),
          NextToken: page.nextToken,
        }),
      );
    },
    UpdateAutoScalingGroup: (request, context) => {
      const group = named(context, request.params.get('AutoScalingGroupName'));
      const a = group.attributes;
      const min = request.params.int('MinSize') ?? a.minSize;
      const max = request.params.int('MaxSize') ?? a.maxSize;
      const desired =
        request.params.int('DesiredCapacity') ?? Math.min(Math.max(a.desiredCapacity, min), max);
      if (min > max)
        throw validation(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
      if (desired < min || desired > max) {
        throw validation(
          `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`,
        );
      }
      resize(group, { min, max, desired }, context);
      return xmlResult('');
    },
    CreateOrUpdateTags: (request, context) => {
      for (const [name, tags] of tagsByGroup(request)) {
        const group = named(context, name);
        const next = { ...group.tags };
        for (const { key, value } of tags) next[key] = value;
        context.update({ ...group, tags: next });
      }
      return xmlResult('');
    },
    DeleteTags: (request, context) => {
      for (const [name, tags] of tagsByGroup(request)) {
        const group = named(context, name);
        const next = { ...group.tags };
        for (const { key } of tags) delete next[key];
        context.update({ ...group, tags: next });
      }
      return xmlResult('');
    },
  },
};
