import type { Resource } from '../model';

/** The id AWS APIs take (`vol-...`, `i-...`, `snap-...`): the last segment of the resource's ARN. */
export function nativeId(resource: Pick<Resource, 'id'>): string {
  const slash = resource.id.lastIndexOf('/');
  return slash < 0 ? resource.id.slice(resource.id.lastIndexOf(':') + 1) : resource.id.slice(slash + 1);
}

/** Tags HostMaster puts on what it creates: opted in to remediation (so undo may act on it) and traceable. */
export function createdTags(remediationId: string, name: string): { Key: string; Value: string }[] {
  return [
    { Key: 'Name', Value: name },
    { Key: 'hostmaster:remediation', Value: 'allow' },
    { Key: 'hostmaster:remediation-id', Value: remediationId },
  ];
}
