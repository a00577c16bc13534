/**
 * EC2 launch templates from the account's `launchTemplates` (fleet.ts): DescribeLaunchTemplates and
 * DescribeLaunchTemplateVersions, which remediation's pre-flight reads to find the templates that still
 * launch volumes from a snapshot it would delete.
 *
 * Simplifications: only the block device mappings of a version's data are kept; the account-wide
 * `$Latest`/`$Default` form of DescribeLaunchTemplateVersions (no template named) is not served.
 */
import type { FleetLaunchTemplate } from '../fleet';
import {
  type ActionHandler,
  type PageOptions,
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  toXml,
  xmlList,
  xmlResult,
} from '../service';

const items = (values: Parameters<typeof xmlList>[1]) => xmlList('item', values);

function pageOptions(request: SandboxRequest, min: number, max: number): PageOptions {
  return {
    action: request.action,
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

function templatesOf(request: SandboxRequest, context: SandboxContext): FleetLaunchTemplate[] {
  return (context.account.launchTemplates ?? [])
    .filter((template) => template.region === request.region)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const notFound = (what: string) =>
  new SandboxError(
    400,
    'InvalidLaunchTemplateId.NotFound',
    `At least one of the launch templates specified in the request does not exist (${what}).`,
  );

const latest = (template: FleetLaunchTemplate) => Math.max(...template.versions.map((v) => v.versionNumber));

export const EC2_LAUNCH_TEMPLATE_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  DescribeLaunchTemplates: (request, context) => {
    const ids = request.params.list('LaunchTemplateId');
    const names = request.params.list('LaunchTemplateName');
    const all = templatesOf(request, context);
    for (const id of ids) if (!all.some((t) => t.id === id)) throw notFound(id);
    for (const name of names) {
      if (!all.some((t) => t.name === name)) {
        throw new SandboxError(
          400,
          'InvalidLaunchTemplateName.NotFoundException',
          `At least one of the launch templates specified in the request does not exist (${name}).`,
        );
      }
    }
    const selected = all.filter(
      (t) => (ids.length === 0 || ids.includes(t.id)) && (names.length === 0 || names.includes(t.name)),
    );
    const page = context.page(selected, pageOptions(request, 1, 200));
    return xmlResult(
      toXml({
        launchTemplates: items(
          page.items.map((t) => ({
            launchTemplateId: t.id,
            launchTemplateName: t.name,
            createTime: '2026-01-01T00:00:00.000Z',
            createdBy: `arn:aws:iam::${context.account.id}:root`,
            defaultVersionNumber: t.defaultVersion ?? 1,
            latestVersionNumber: latest(t),
          })),
        ),
        nextToken: page.nextToken,
      }),
    );
  },

  DescribeLaunchTemplateVersions: (request, context) => {
    const id = request.params.get('LaunchTemplateId');
    const name = request.params.get('LaunchTemplateName');
    if ((id === undefined) === (name === undefined)) {
      throw new SandboxError(
        400,
        'InvalidParameterCombination',
        'The sandbox needs exactly one of LaunchTemplateId and LaunchTemplateName.',
      );
    }
    const template = templatesOf(request, context).find((t) => t.id === id || t.name === name);
    if (!template) throw notFound(id ?? name ?? '');
    const wanted = request.params.list('LaunchTemplateVersion');
    const defaultVersion = template.defaultVersion ?? 1;
    const versions = [...template.versions]
      .sort((a, b) => a.versionNumber - b.versionNumber)
      .filter(
        (v) =>
          wanted.length === 0 ||
          wanted.some(
            (w) =>
              w === String(v.versionNumber) ||
              (w === '$Latest' && v.versionNumber === latest(template)) ||
              (w === '$Default' && v.versionNumber === defaultVersion),
          ),
      );
    const page = context.page(versions, pageOptions(request, 1, 200));
    return xmlResult(
      toXml({
        launchTemplateVersionSet: items(
          page.items.map((v) => ({
            launchTemplateId: template.id,
            launchTemplateName: template.name,
            versionNumber: v.versionNumber,
            createTime: '2026-01-01T00:00:00.000Z',
            createdBy: `arn:aws:iam::${context.account.id}:root`,
            defaultVersion: v.versionNumber === defaultVersion,
            launchTemplateData: {
              blockDeviceMappingSet: items(
                v.snapshotIds.map((snapshotId, n) => ({
                  deviceName: n === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(102 + n)}`,
                  ebs: { snapshotId, deleteOnTermination: true },
                })),
              ),
            },
          })),
        ),
        nextToken: page.nextToken,
      }),
    );
  },
};
