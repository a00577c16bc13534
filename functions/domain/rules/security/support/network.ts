/**
 * Security-group arithmetic shared by the network rules: which ingress permissions are open to the
 * whole internet and which ports they expose.
 */
import type { SecurityGroupRule } from '../../../model';

export const ANY_IPV4 = '0.0.0.0/0';
export const ANY_IPV6 = '::/0';

export type AddressFamily = 'ipv4' | 'ipv6';

/** A well-known port and the service people know it by. */
export interface NamedPort {
  readonly port: number;
  readonly service: string;
}

/** Remote server administration ports (CIS AWS Foundations 5.2 / 5.3). */
export const ADMIN_PORTS: readonly NamedPort[] = [
  { port: 22, service: 'SSH' },
  { port: 3389, service: 'RDP' },
];

/** Database and data-store ports that should never face the internet. */
export const DATABASE_PORTS: readonly NamedPort[] = [
  { port: 1433, service: 'SQL Server' },
  { port: 1434, service: 'SQL Server browser' },
  { port: 1521, service: 'Oracle' },
  { port: 3306, service: 'MySQL/MariaDB' },
  { port: 5432, service: 'PostgreSQL' },
  { port: 5984, service: 'CouchDB' },
  { port: 6379, service: 'Redis' },
  { port: 7000, service: 'Cassandra' },
  { port: 9042, service: 'Cassandra CQL' },
  { port: 9200, service: 'Elasticsearch/OpenSearch' },
  { port: 9300, service: 'Elasticsearch transport' },
  { port: 11211, service: 'Memcached' },
  { port: 27017, service: 'MongoDB' },
];

const TCP = new Set(['tcp', '6']);
const UDP = new Set(['udp', '17']);

/** An ingress permission together with the world-open source it admits. */
export interface OpenPermission {
  readonly rule: SecurityGroupRule;
  readonly source: string;
}

/** Ingress permissions open to every address of the family (`0.0.0.0/0` or `::/0`). */
export function openToInternet(
  ingress: readonly SecurityGroupRule[],
  families: readonly AddressFamily[] = ['ipv4', 'ipv6'],
): OpenPermission[] {
  const open: OpenPermission[] = [];
  for (const rule of ingress) {
    if (families.includes('ipv4') && rule.ipv4Ranges.includes(ANY_IPV4))
      open.push({ rule, source: ANY_IPV4 });
    if (families.includes('ipv6') && rule.ipv6Ranges.includes(ANY_IPV6))
      open.push({ rule, source: ANY_IPV6 });
  }
  return open;
}

/** Whether the permission admits TCP or UDP traffic to `port`. ICMP and other protocols have no ports. */
export function admitsPort(rule: SecurityGroupRule, port: number): boolean {
  const protocol = rule.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (!TCP.has(protocol) && !UDP.has(protocol)) return false;
  // EC2 omits the range only when every port is allowed.
  if (rule.fromPort === undefined || rule.toPort === undefined) return true;
  return rule.fromPort <= port && port <= rule.toPort;
}

/** Whether the permission admits every protocol, or every TCP port. */
export function admitsAllTraffic(rule: SecurityGroupRule): boolean {
  const protocol = rule.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (!TCP.has(protocol)) return false;
  return (rule.fromPort ?? 0) <= 1 && (rule.toPort ?? 65535) >= 65535;
}

/** A person-readable form of a permission: `tcp 22`, `tcp 1000-2000`, `all traffic`. */
export function describePermission(rule: SecurityGroupRule): string {
  const protocol = rule.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return 'all traffic';
  if (rule.fromPort === undefined || rule.toPort === undefined) return `${protocol} all ports`;
  if (rule.fromPort === rule.toPort) return `${protocol} ${rule.fromPort}`;
  return `${protocol} ${rule.fromPort}-${rule.toPort}`;
}

/** Every permission source as text (CIDRs, security groups, prefix lists), for evidence. */
export function describeSources(rule: SecurityGroupRule): string[] {
  return [...rule.ipv4Ranges, ...rule.ipv6Ranges, ...rule.sourceGroupIds, ...rule.prefixListIds];
}

/** The named ports of `ports` that world-open permissions admit, with the sources admitting each. */
export function exposedPorts(
  open: readonly OpenPermission[],
  ports: readonly NamedPort[],
): { port: number; service: string; sources: string[]; permissions: string[] }[] {
  const exposed: { port: number; service: string; sources: string[]; permissions: string[] }[] = [];
  for (const { port, service } of ports) {
    const admitting = open.filter((o) => admitsPort(o.rule, port));
    if (admitting.length === 0) continue;
    exposed.push({
      port,
      service,
      sources: [...new Set(admitting.map((o) => o.source))],
      permissions: [...new Set(admitting.map((o) => describePermission(o.rule)))],
    });
  }
  return exposed;
}
