/**
 * EC2 (ec2Query, 2016-11-15): the describe calls HostMaster's collectors use, with the real page-size
 * limits, and the instance state changes remediation uses. Fleet resources are rendered to the wire
 * shape (lowerCamel names, `<item>` lists, `tagSet`).
 *
 * Simplifications: state changes complete at once (the response shows `stopping`, the next describe
 * `stopped`); terminating an instance does not delete its volumes; snapshots and images are the
 * calling account's own (no other account's public ones).
 */
import type { SecurityGroupRule } from '../../../functions/domain/model';
import type { FleetResource, FleetResourceOf } from '../fleet';
import { authorizeRemediationWrite } from '../remediation-policy';
import {
  type PageOptions,
  type QueryParams,
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  type SandboxService,
  toXml,
  type XmlObject,
  type XmlValue,
  xmlList,
  xmlResult,
} from '../service';
import { EC2_LAUNCH_TEMPLATE_ACTIONS } from './ec2-launch-templates';
import { EC2_REMEDIATION_ACTIONS, snapshotStateMessages } from './ec2-remediation';
import { settleSnapshots } from './pending-snapshots';

const STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** Regions that must be opted in to (the rest are enabled by default in a real account). */
const OPT_IN_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

const tagSet = (tags: Record<string, string>) =>
  xmlList(
    'item',
    Object.entries(tags).map(([key, value]) => ({ key, value })),
  );

const items = (values: readonly XmlValue[]) => xmlList('item', values);

/** EC2's `Filter.N.Name`/`Filter.N.Value.M`: a resource passes when every filter has a matching value. */
type FilterGetter<R> = Record<string, (resource: R) => readonly (string | undefined)[] | string | undefined>;

function applyFilters<R extends { tags: Record<string, string> }>(
  list: readonly R[],
  params: QueryParams,
  getters: FilterGetter<R>,
): readonly R[] {
  const filters = params.filters();
  if (filters.length === 0) return list;
  const compiled = filters.map(({ name, values }) => {
    let get: (resource: R) => readonly (string | undefined)[];
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      get = (r) => [r.tags[key]];
    } else if (name === 'tag-key') {
      get = (r) => Object.keys(r.tags);
    } else {
      const getter = getters[name];
      if (!getter) throw new SandboxError(400, 'InvalidParameterValue', `The filter '${name}' is invalid`);
      get = (r) => {
        const value = getter(r);
        return typeof value === 'string' || value === undefined ? [value] : value;
      };
    }
    const patterns = values.map((v) =>
      v.includes('*') || v.includes('?')
        ? new RegExp(
            `^${v
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.')}$`,
          )
        : v,
    );
    return (r: R) =>
      get(r).some(
        (actual) =>
          actual !== undefined &&
          patterns.some((p) => (typeof p === 'string' ? p === actual : p.test(actual))),
      );
  });
  return list.filter((r) => compiled.every((test) => test(r)));
}

function pageOptions(request: SandboxRequest, action: string, min: number, max: number): PageOptions {
  return {
    action,
    maxResults: request.params.int('MaxResults'),
    nextToken: request.params.get('NextToken'),
    min,
    max,
    rangeError: (value) =>
      new SandboxError(
        400,
        'InvalidParameterValue',
        `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
      ),
    tokenError: () =>
      new SandboxError(
        400,
        'InvalidPaginationToken',
        'The specified pagination token is not valid or is expired.',
      ),
  };
}

/** Resources named by `IdParam.N`, or `notFound` for the first missing one. */
function byIds<R extends FleetResource>(
  list: readonly R[],
  ids: readonly string[],
  notFound: (id: string) => SandboxError,
): readonly R[] {
  if (ids.length === 0) return list;
  const index = new Map(list.map((r) => [r.id, r]));
  return [...new Set(ids)].sort().map((id) => {
    const found = index.get(id);
    if (!found) throw notFound(id);
    return found;
  });
}

function rejectIdsWithMaxResults(request: SandboxRequest, idParam: string): void {
  if (request.params.list(idParam).length > 0 && request.params.has('MaxResults')) {
    throw new SandboxError(
      400,
      'InvalidParameterCombination',
      `The parameter ${idParam}s cannot be used with the parameter maxResults`,
    );
  }
}

function describePaged<R extends FleetResource>(
  request: SandboxRequest,
  context: SandboxContext,
  list: readonly R[],
  limits: { min: number; max: number },
  setName: string,
  render: (resource: R) => XmlObject,
): ReturnType<typeof xmlResult> {
  const page = context.page(list, pageOptions(request, request.action, limits.min, limits.max));
  return xmlResult(toXml({ [setName]: items(page.items.map(render)), nextToken: page.nextToken }));
}

const notFound = (code: string, noun: string) => (id: string) =>
  new SandboxError(400, code, `The ${noun} '${id}' does not exist`);

/** What EC2 reports of a start that failed because a volume's KMS key cannot be used. */
export const LAUNCH_FAILURE_MESSAGE = 'Client.InternalError: Client error on launch';

const launchFailed = (instance: FleetResourceOf<'ec2:instance'>) =>
  instance.attributes.stateReason?.startsWith('Client.InternalError') ?? false;

/**
 * The first encrypted volume of the instance whose KMS key the account's `kmsKeys` marks unusable
 * (disabled, pending deletion, or a key policy that refuses the caller): EC2 accepts the start, and the
 * instance goes from pending back to stopped.
 */
function unusableKey(instance: FleetResourceOf<'ec2:instance'>, context: SandboxContext): string | undefined {
  const keys = context.account.kmsKeys ?? {};
  for (const volume of context.resources('ec2:volume')) {
    const key = volume.attributes.kmsKeyId;
    if (!volume.attributes.encrypted || key === undefined) continue;
    if (!volume.attributes.attachments.some((a) => a.instanceId === instance.id)) continue;
    if ((keys[key] ?? 'Enabled') !== 'Enabled') return key;
  }
  return undefined;
}

function renderInstance(
  instance: FleetResourceOf<'ec2:instance'>,
  context: SandboxContext,
  securityGroupNames: ReadonlyMap<string, string>,
): XmlObject {
  const a = instance.attributes;
  const devices = a.volumeIds.map((volumeId, i) => {
    const volume = context.find('ec2:volume', volumeId, { region: instance.region });
    const attachment = volume?.attributes.attachments.find((x) => x.instanceId === instance.id);
    return {
      deviceName: attachment?.device ?? (i === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(102 + i)}`),
      ebs: {
        volumeId,
        status: 'attached',
        attachTime: a.launchTime,
        deleteOnTermination: attachment?.deleteOnTermination ?? i === 0,
      },
    };
  });
  const stopped = instance.state === 'stopped' || instance.state === 'stopping';
  return {
    instanceId: instance.id,
    imageId: a.imageId,
    instanceState: { code: STATE_CODES[instance.state] ?? 16, name: instance.state },
    privateDnsName: a.privateIpAddress ? `ip-${a.privateIpAddress.replaceAll('.', '-')}.ec2.internal` : '',
    dnsName: a.publicIpAddress ? `ec2-${a.publicIpAddress.replaceAll('.', '-')}.compute-1.amazonaws.com` : '',
    reason: a.stateReason ?? '',
    amiLaunchIndex: 0,
    productCodes: '',
    instanceType: a.instanceType,
    launchTime: a.launchTime,
    placement: { availabilityZone: a.availabilityZone, groupName: '', tenancy: 'default' },
    platform: a.platform,
    monitoring: { state: 'disabled' },
    subnetId: a.subnetId,
    vpcId: a.vpcId,
    privateIpAddress: a.privateIpAddress,
    ipAddress: a.publicIpAddress,
    groupSet: items(
      a.securityGroupIds.map((groupId) => ({
        groupId,
        groupName: securityGroupNames.get(groupId) ?? groupId,
      })),
    ),
    stateReason: launchFailed(instance)
      ? { code: 'Client.InternalError', message: LAUNCH_FAILURE_MESSAGE }
      : stopped
        ? {
            code: 'Client.UserInitiatedShutdown',
            message: 'Client.UserInitiatedShutdown: User initiated shutdown',
          }
        : undefined,
    architecture: a.architecture ?? 'x86_64',
    rootDeviceType: a.rootDeviceType ?? 'ebs',
    hibernationOptions: { configured: a.hibernationEnabled ?? false },
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: items(devices),
    iamInstanceProfile: a.iamInstanceProfileArn
      ? { arn: a.iamInstanceProfileArn, id: `AIPA${instance.id.slice(2, 19).toUpperCase()}` }
      : undefined,
    virtualizationType: 'hvm',
    tagSet: tagSet(instance.tags),
    hypervisor: 'xen',
    ebsOptimized: false,
    metadataOptions: {
      state: 'applied',
      httpTokens: a.imdsV2Required ? 'required' : 'optional',
      httpPutResponseHopLimit: a.imdsV2Required ? 2 : 1,
      httpEndpoint: 'enabled',
      httpProtocolIpv6: 'disabled',
      instanceMetadataTags: 'disabled',
    },
  };
}

function renderRule(rule: SecurityGroupRule, ownerId: string): XmlObject {
  return {
    ipProtocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    groups: items(rule.sourceGroupIds.map((groupId) => ({ userId: ownerId, groupId }))),
    ipRanges: items(rule.ipv4Ranges.map((cidrIp) => ({ cidrIp }))),
    ipv6Ranges: items(rule.ipv6Ranges.map((cidrIpv6) => ({ cidrIpv6 }))),
    prefixListIds: items(rule.prefixListIds.map((prefixListId) => ({ prefixListId }))),
  };
}

const checkStatus = (status: string) =>
  status === 'ok'
    ? 'passed'
    : status === 'impaired'
      ? 'failed'
      : status === 'not-applicable'
        ? 'not-applicable'
        : status === 'initializing'
          ? 'initializing'
          : 'insufficient-data';

function instancesForChange(request: SandboxRequest, context: SandboxContext) {
  const ids = request.params.list('InstanceId');
  if (ids.length === 0) {
    throw new SandboxError(400, 'MissingParameter', 'The request must contain the parameter InstanceId');
  }
  const found = ids.map((id) => {
    const instance = context.find('ec2:instance', id);
    if (!instance) throw notFound('InvalidInstanceID.NotFound', 'instance ID')(id);
    return instance;
  });
  authorizeRemediationWrite(request, `ec2:${request.action}`, {
    existing: found.map((instance) => ({
      arn: `arn:aws:ec2:${instance.region}:${context.account.id}:instance/${instance.id}`,
      tags: instance.tags,
    })),
  });
  if (request.params.bool('DryRun')) {
    throw new SandboxError(412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
  }
  return found;
}

type Transition = {
  /** States the change is refused from, with EC2's IncorrectInstanceState. */
  refuse: readonly string[];
  /** State shown in the response (`currentState`). */
  transient: string;
  /** State the instance settles in. */
  final: string;
  reason: (now: Date) => string | undefined;
};

const gmt = (now: Date) => `${now.toISOString().slice(0, 19).replace('T', ' ')} GMT`;

function changeState(transition: Transition) {
  return (request: SandboxRequest, context: SandboxContext) => {
    const instances = instancesForChange(request, context);
    for (const instance of instances) {
      if (transition.refuse.includes(instance.state)) {
        throw new SandboxError(
          400,
          'IncorrectInstanceState',
          `The instance '${instance.id}' is not in a state from which it can be ${request.action === 'StartInstances' ? 'started' : 'stopped'}.`,
        );
      }
    }
    const guarded =
      request.action === 'StopInstances'
        ? 'disableApiStop'
        : request.action === 'TerminateInstances'
          ? 'disableApiTermination'
          : undefined;
    const protectedInstance = guarded && instances.find((i) => i[guarded] === true);
    if (guarded && protectedInstance) {
      throw new SandboxError(
        400,
        'OperationNotPermitted',
        `The instance '${protectedInstance.id}' may not be ${guarded === 'disableApiStop' ? 'stopped' : 'terminated'}. Modify its '${guarded}' instance attribute and try again.`,
      );
    }
    if (request.action === 'StopInstances' && request.params.bool('Hibernate')) {
      const unconfigured = instances.find((i) => i.attributes.hibernationEnabled !== true);
      if (unconfigured) {
        throw new SandboxError(
          400,
          'UnsupportedHibernationConfiguration',
          `The instance ${unconfigured.id} does not have hibernation enabled.`,
        );
      }
    }
    const now = context.now();
    const changes = instances.map((instance) => {
      const previous = instance.state;
      const unchanged = previous === transition.final;
      if (!unchanged) {
        const { statusChecks: _drop, ...rest } = instance.attributes;
        const reason = transition.reason(now);
        const failed = transition.final === 'running' && unusableKey(instance, context) !== undefined;
        context.update({
          ...instance,
          state: failed ? 'stopped' : transition.final,
          attributes: failed
            ? { ...rest, stateReason: LAUNCH_FAILURE_MESSAGE }
            : {
                ...rest,
                ...(reason ? { stateReason: reason } : { stateReason: undefined }),
                ...(transition.final === 'running'
                  ? { statusChecks: { system: 'initializing', instance: 'initializing' } }
                  : {}),
              },
        });
      }
      const current = unchanged ? previous : transition.transient;
      return {
        instanceId: instance.id,
        currentState: { code: STATE_CODES[current] ?? 0, name: current },
        previousState: { code: STATE_CODES[previous] ?? 0, name: previous },
      };
    });
    return xmlResult(toXml({ instancesSet: items(changes) }));
  };
}

export const ec2Service: SandboxService = {
  name: 'ec2',
  signingName: 'ec2',
  protocol: 'ec2Query',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  actions: {
    DescribeRegions: (request, context) => {
      const all = request.params.bool('AllRegions') ?? false;
      const names = request.params.list('RegionName');
      const enabled = new Set(context.account.regions);
      const regions = context.partitionRegions
        .filter((region) => all || enabled.has(region))
        .filter((region) => names.length === 0 || names.includes(region));
      const rendered = regions.map((region) => ({
        regionName: region,
        regionEndpoint: `ec2.${region}.amazonaws.com`,
        optInStatus: enabled.has(region)
          ? OPT_IN_REGIONS.has(region)
            ? 'opted-in'
            : 'opt-in-not-required'
          : 'not-opted-in',
      }));
      const filtered = applyFilters(
        rendered.map((r) => ({ ...r, tags: {} as Record<string, string> })),
        request.params,
        {
          'region-name': (r) => r.regionName,
          endpoint: (r) => r.regionEndpoint,
          'opt-in-status': (r) => r.optInStatus,
        },
      );
      return xmlResult(toXml({ regionInfo: items(filtered.map(({ tags: _t, ...r }) => r)) }));
    },

    DescribeInstances: (request, context) => {
      rejectIdsWithMaxResults(request, 'InstanceId');
      const all = context.resources('ec2:instance');
      const selected = byIds(
        all,
        request.params.list('InstanceId'),
        notFound('InvalidInstanceID.NotFound', 'instance ID'),
      );
      const filtered = applyFilters(selected, request.params, {
        'instance-state-name': (r) => r.state,
        'instance-state-code': (r) => String(STATE_CODES[r.state] ?? ''),
        'instance-id': (r) => r.id,
        'instance-type': (r) => r.attributes.instanceType,
        'vpc-id': (r) => r.attributes.vpcId,
        'subnet-id': (r) => r.attributes.subnetId,
        'availability-zone': (r) => r.attributes.availabilityZone,
        'image-id': (r) => r.attributes.imageId,
        'instance.group-id': (r) => r.attributes.securityGroupIds,
        'metadata-options.http-tokens': (r) => (r.attributes.imdsV2Required ? 'required' : 'optional'),
      });
      const groupNames = new Map(context.resources('ec2:security-group').map((g) => [g.id, g.name]));
      const page = context.page(filtered, pageOptions(request, 'DescribeInstances', 5, 1000));
      const reservations = page.items.map((instance) => ({
        reservationId: `r-${instance.id.slice(2)}`,
        ownerId: context.account.id,
        groupSet: '',
        instancesSet: items([renderInstance(instance, context, groupNames)]),
      }));
      return xmlResult(toXml({ reservationSet: items(reservations), nextToken: page.nextToken }));
    },

    DescribeInstanceStatus: (request, context) => {
      rejectIdsWithMaxResults(request, 'InstanceId');
      const includeAll = request.params.bool('IncludeAllInstances') ?? false;
      const ids = request.params.list('InstanceId');
      const selected = byIds(
        context.resources('ec2:instance'),
        ids,
        notFound('InvalidInstanceID.NotFound', 'instance ID'),
      ).filter((i) => includeAll || i.state === 'running');
      const filtered = applyFilters(selected, request.params, {
        'instance-state-name': (r) => r.state,
        'availability-zone': (r) => r.attributes.availabilityZone,
        'system-status.status': (r) => r.attributes.statusChecks?.system ?? 'not-applicable',
        'instance-status.status': (r) => r.attributes.statusChecks?.instance ?? 'not-applicable',
      });
      return describePaged(request, context, filtered, { min: 5, max: 1000 }, 'instanceStatusSet', (i) => {
        const running = i.state === 'running';
        const system = running ? (i.attributes.statusChecks?.system ?? 'ok') : 'not-applicable';
        const instance = running ? (i.attributes.statusChecks?.instance ?? 'ok') : 'not-applicable';
        return {
          instanceId: i.id,
          availabilityZone: i.attributes.availabilityZone,
          instanceState: { code: STATE_CODES[i.state] ?? 16, name: i.state },
          systemStatus: {
            status: system,
            details: items([{ name: 'reachability', status: checkStatus(system) }]),
          },
          instanceStatus: {
            status: instance,
            details: items([{ name: 'reachability', status: checkStatus(instance) }]),
          },
          eventsSet: '',
        };
      });
    },

    DescribeVolumes: (request, context) => {
      rejectIdsWithMaxResults(request, 'VolumeId');
      const selected = byIds(
        context.resources('ec2:volume'),
        request.params.list('VolumeId'),
        notFound('InvalidVolume.NotFound', 'volume'),
      );
      const filtered = applyFilters(selected, request.params, {
        status: (r) => r.state,
        'volume-id': (r) => r.id,
        'volume-type': (r) => r.attributes.volumeType,
        encrypted: (r) => String(r.attributes.encrypted),
        'attachment.instance-id': (r) => r.attributes.attachments.map((x) => x.instanceId),
        'availability-zone': (r) => r.attributes.availabilityZone,
      });
      return describePaged(request, context, filtered, { min: 5, max: 500 }, 'volumeSet', (v) => ({
        volumeId: v.id,
        size: v.attributes.sizeGiB,
        snapshotId: v.attributes.snapshotId ?? '',
        availabilityZone: v.attributes.availabilityZone,
        status: v.state,
        createTime: v.attributes.createTime,
        attachmentSet: items(
          v.attributes.attachments.map((x) => ({
            volumeId: v.id,
            instanceId: x.instanceId,
            device: x.device,
            status: 'attached',
            attachTime: v.attributes.createTime,
            deleteOnTermination: x.deleteOnTermination,
          })),
        ),
        volumeType: v.attributes.volumeType,
        iops: v.attributes.iops,
        throughput: v.attributes.throughputMiBps,
        encrypted: v.attributes.encrypted,
        kmsKeyId: v.attributes.kmsKeyId,
        multiAttachEnabled: false,
        tagSet: tagSet(v.tags),
      }));
    },

    DescribeSnapshots: (request, context) => {
      rejectIdsWithMaxResults(request, 'SnapshotId');
      const owners = request.params.list('Owner');
      const restorableBy = request.params.list('RestorableBy');
      const ownerOk = owners.length === 0 || owners.some((o) => o === 'self' || o === context.account.id);
      const selected = settleSnapshots(
        context,
        byIds(
          ownerOk ? context.resources('ec2:snapshot') : [],
          request.params.list('SnapshotId'),
          notFound('InvalidSnapshot.NotFound', 'snapshot'),
        ),
        'completed',
      ).filter(
        (s) =>
          restorableBy.length === 0 ||
          restorableBy.some((who) => (who === 'all' ? s.attributes.public : who === context.account.id)),
      );
      const filtered = applyFilters(selected, request.params, {
        status: (r) => r.state,
        'snapshot-id': (r) => r.id,
        'volume-id': (r) => r.attributes.volumeId,
        encrypted: (r) => String(r.attributes.encrypted),
        'owner-id': () => context.account.id,
      });
      return describePaged(request, context, filtered, { min: 5, max: 1000 }, 'snapshotSet', (s) => ({
        snapshotId: s.id,
        volumeId: s.attributes.volumeId ?? 'vol-ffffffff',
        status: s.state,
        startTime: s.attributes.startTime,
        progress: s.state === 'completed' ? '100%' : '50%',
        ownerId: context.account.id,
        volumeSize: s.attributes.volumeSizeGiB,
        description: s.attributes.description ?? '',
        encrypted: s.attributes.encrypted,
        kmsKeyId: s.attributes.kmsKeyId,
        // The wire name of StateMessage for snapshots.
        statusMessage: s.state === 'error' ? snapshotStateMessages(context).get(s.id) : undefined,
        storageTier: s.attributes.storageTier ?? 'standard',
        tagSet: tagSet(s.tags),
      }));
    },

    DescribeAddresses: (request, context) => {
      const ips = request.params.list('PublicIp');
      const allocations = request.params.list('AllocationId');
      const selected = context
        .resources('ec2:elastic-ip')
        .filter((e) => ips.length === 0 || ips.includes(e.attributes.publicIp))
        .filter((e) => allocations.length === 0 || allocations.includes(e.attributes.allocationId));
      const filtered = applyFilters(selected, request.params, {
        'allocation-id': (r) => r.attributes.allocationId,
        'association-id': (r) => r.attributes.associationId,
        'instance-id': (r) => r.attributes.instanceId,
        'public-ip': (r) => r.attributes.publicIp,
        domain: (r) => r.attributes.domain,
      });
      return xmlResult(
        toXml({
          addressesSet: items(
            filtered.map((e) => ({
              publicIp: e.attributes.publicIp,
              allocationId: e.attributes.allocationId,
              domain: e.attributes.domain,
              instanceId: e.attributes.instanceId,
              associationId: e.attributes.associationId,
              networkInterfaceId: e.attributes.networkInterfaceId,
              networkInterfaceOwnerId: e.attributes.networkInterfaceId ? context.account.id : undefined,
              tagSet: tagSet(e.tags),
              publicIpv4Pool: 'amazon',
              networkBorderGroup: e.region,
            })),
          ),
        }),
      );
    },

    DescribeImages: (request, context) => {
      rejectIdsWithMaxResults(request, 'ImageId');
      const owners = request.params.list('Owner');
      const ownerOk = owners.length === 0 || owners.some((o) => o === 'self' || o === context.account.id);
      const selected = byIds(
        ownerOk ? context.resources('ec2:image') : [],
        request.params.list('ImageId'),
        notFound('InvalidAMIID.NotFound', 'image id'),
      );
      const filtered = applyFilters(selected, request.params, {
        state: (r) => r.state,
        'image-id': (r) => r.id,
        'is-public': (r) => String(r.attributes.public),
        name: (r) => r.name,
        'block-device-mapping.snapshot-id': (r) => r.attributes.snapshotIds,
      });
      return describePaged(request, context, filtered, { min: 5, max: 1000 }, 'imagesSet', (i) => ({
        imageId: i.id,
        imageLocation: `${context.account.id}/${i.name}`,
        imageState: i.state,
        imageOwnerId: context.account.id,
        creationDate: i.attributes.creationDate,
        isPublic: i.attributes.public,
        architecture: i.attributes.architecture ?? 'x86_64',
        imageType: 'machine',
        name: i.name,
        rootDeviceType: 'ebs',
        rootDeviceName: '/dev/xvda',
        blockDeviceMapping: items(
          i.attributes.snapshotIds.map((snapshotId, n) => ({
            deviceName: n === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(102 + n)}`,
            ebs: { snapshotId, deleteOnTermination: true, volumeType: 'gp3', encrypted: false },
          })),
        ),
        virtualizationType: 'hvm',
        hypervisor: 'xen',
        tagSet: tagSet(i.tags),
      }));
    },

    DescribeVpcs: (request, context) => {
      rejectIdsWithMaxResults(request, 'VpcId');
      const selected = byIds(
        context.resources('ec2:vpc'),
        request.params.list('VpcId'),
        notFound('InvalidVpcID.NotFound', 'vpc ID'),
      );
      const filtered = applyFilters(selected, request.params, {
        'vpc-id': (r) => r.id,
        'is-default': (r) => String(r.attributes.isDefault),
        state: (r) => r.state,
        'cidr-block': (r) => r.attributes.cidrBlock,
      });
      return describePaged(request, context, filtered, { min: 5, max: 1000 }, 'vpcSet', (v) => ({
        vpcId: v.id,
        state: v.state,
        cidrBlock: v.attributes.cidrBlock,
        dhcpOptionsId: `dopt-${v.id.slice(4, 12)}`,
        instanceTenancy: 'default',
        isDefault: v.attributes.isDefault,
        ownerId: context.account.id,
        tagSet: tagSet(v.tags),
      }));
    },

    DescribeSubnets: (request, context) => {
      rejectIdsWithMaxResults(request, 'SubnetId');
      const selected = byIds(
        context.resources('ec2:subnet'),
        request.params.list('SubnetId'),
        notFound('InvalidSubnetID.NotFound', 'subnet ID'),
      );
      const filtered = applyFilters(selected, request.params, {
        'subnet-id': (r) => r.id,
        'vpc-id': (r) => r.attributes.vpcId,
        'availability-zone': (r) => r.attributes.availabilityZone,
        state: (r) => r.state,
      });
      return describePaged(request, context, filtered, { min: 5, max: 1000 }, 'subnetSet', (s) => ({
        subnetId: s.id,
        subnetArn: `arn:aws:ec2:${s.region}:${context.account.id}:subnet/${s.id}`,
        state: s.state,
        vpcId: s.attributes.vpcId,
        cidrBlock: s.attributes.cidrBlock,
        availableIpAddressCount: s.attributes.availableIpAddressCount,
        availabilityZone: s.attributes.availabilityZone,
        defaultForAz: false,
        mapPublicIpOnLaunch: s.attributes.mapPublicIpOnLaunch,
        ownerId: context.account.id,
        tagSet: tagSet(s.tags),
      }));
    },

    DescribeSecurityGroups: (request, context) => {
      rejectIdsWithMaxResults(request, 'GroupId');
      const names = request.params.list('GroupName');
      const selected = byIds(
        context.resources('ec2:security-group'),
        request.params.list('GroupId'),
        notFound('InvalidGroup.NotFound', 'security group'),
      ).filter((g) => names.length === 0 || names.includes(g.name));
      const filtered = applyFilters(selected, request.params, {
        'group-id': (r) => r.id,
        'group-name': (r) => r.name,
        'vpc-id': (r) => r.attributes.vpcId,
        'ip-permission.cidr': (r) => r.attributes.ingress.flatMap((x) => x.ipv4Ranges),
      });
      return describePaged(request, context, filtered, { min: 5, max: 1000 }, 'securityGroupInfo', (g) => ({
        ownerId: context.account.id,
        groupId: g.id,
        groupName: g.name,
        groupDescription: g.attributes.description,
        vpcId: g.attributes.vpcId,
        securityGroupArn: `arn:aws:ec2:${g.region}:${context.account.id}:security-group/${g.id}`,
        ipPermissions: items(g.attributes.ingress.map((r) => renderRule(r, context.account.id))),
        ipPermissionsEgress: items(g.attributes.egress.map((r) => renderRule(r, context.account.id))),
        tagSet: tagSet(g.tags),
      }));
    },

    DescribeNatGateways: (request, context) => {
      rejectIdsWithMaxResults(request, 'NatGatewayId');
      const selected = byIds(
        context.resources('ec2:nat-gateway'),
        request.params.list('NatGatewayId'),
        notFound('NatGatewayNotFound', 'NAT gateway'),
      );
      const filtered = applyFilters(selected, request.params, {
        'nat-gateway-id': (r) => r.id,
        state: (r) => r.state,
        'subnet-id': (r) => r.attributes.subnetId,
        'vpc-id': (r) => r.attributes.vpcId,
      });
      return describePaged(request, context, filtered, { min: 5, max: 1000 }, 'natGatewaySet', (n) => ({
        natGatewayId: n.id,
        subnetId: n.attributes.subnetId,
        vpcId: n.attributes.vpcId,
        state: n.state,
        connectivityType: n.attributes.connectivityType,
        createTime: n.attributes.createTime,
        natGatewayAddressSet: items(
          n.attributes.publicIps.map((publicIp, i) => ({
            allocationId: `eipalloc-${n.id.slice(4, 12)}${i}`,
            publicIp,
            isPrimary: i === 0,
            status: 'succeeded',
          })),
        ),
        tagSet: tagSet(n.tags),
      }));
    },

    GetEbsEncryptionByDefault: (_request, context) => {
      const setting = context.resources('ec2:ebs-encryption-default')[0];
      return xmlResult(
        toXml({ ebsEncryptionByDefault: setting?.attributes.enabled ?? false, sseType: 'sse-ebs' }),
      );
    },

    StopInstances: changeState({
      refuse: ['terminated', 'shutting-down'],
      transient: 'stopping',
      final: 'stopped',
      reason: (now) => `User initiated (${gmt(now)})`,
    }),
    StartInstances: changeState({
      refuse: ['terminated', 'shutting-down', 'stopping'],
      transient: 'pending',
      final: 'running',
      reason: () => undefined,
    }),
    TerminateInstances: changeState({
      refuse: [],
      transient: 'shutting-down',
      final: 'terminated',
      reason: (now) => `User initiated (${gmt(now)})`,
    }),
    DescribeInstanceAttribute: (request, context) => {
      const id = request.params.get('InstanceId') ?? '';
      const instance = context.find('ec2:instance', id);
      if (!instance) throw notFound('InvalidInstanceID.NotFound', 'instance ID')(id);
      const attribute = request.params.get('Attribute');
      // Only the attributes pre-flight reads; EC2 knows more, the sandbox refuses the rest by name.
      if (attribute !== 'disableApiStop' && attribute !== 'disableApiTermination') {
        throw new SandboxError(
          400,
          'InvalidParameterValue',
          `Value (${attribute ?? ''}) for parameter attribute is invalid. The sandbox answers disableApiStop and disableApiTermination.`,
        );
      }
      return xmlResult(toXml({ instanceId: id, [attribute]: { value: instance[attribute] === true } }));
    },
    ...EC2_LAUNCH_TEMPLATE_ACTIONS,
    ...EC2_REMEDIATION_ACTIONS,
  },
};
