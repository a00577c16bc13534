import { describe, expect, it } from 'vitest';
import { ec2Imdsv1Allowed } from '../../../../functions/domain/rules/security/ec2-imdsv1-allowed';
import { sgAdminPortOpenIpv4 } from '../../../../functions/domain/rules/security/sg-admin-port-open-ipv4';
import { sgAdminPortOpenIpv6 } from '../../../../functions/domain/rules/security/sg-admin-port-open-ipv6';
import { sgAllTrafficOpen } from '../../../../functions/domain/rules/security/sg-all-traffic-open';
import { sgDatabasePortOpen } from '../../../../functions/domain/rules/security/sg-database-port-open';
import { sgDefaultAllowsTraffic } from '../../../../functions/domain/rules/security/sg-default-allows-traffic';
import { instance, judge, permission, securityGroup, volume } from './builders';

describe('sg-admin-port-open-ipv4', () => {
  it('flags SSH open to 0.0.0.0/0 and names the port in the title and evidence', () => {
    // Prepare
    const group = securityGroup({ ingress: [permission('tcp', 22, 22, { ipv4: ['0.0.0.0/0'] })] });
    // Act
    const verdict = judge(sgAdminPortOpenIpv4, group);
    // Assess
    expect(verdict).toMatchObject({
      kind: 'non-compliant',
      title: 'SSH (22) open to 0.0.0.0/0',
      evidence: {
        groupId: 'sg-0001',
        source: '0.0.0.0/0',
        ports: [{ port: 22, service: 'SSH', permissions: ['tcp 22'] }],
      },
    });
  });

  it('flags RDP admitted by a wide TCP range and by an all-protocols rule', () => {
    const range = securityGroup({ ingress: [permission('tcp', 3000, 4000, { ipv4: ['0.0.0.0/0'] })] });
    const all = securityGroup({ ingress: [permission('-1', undefined, undefined, { ipv4: ['0.0.0.0/0'] })] });
    expect(judge(sgAdminPortOpenIpv4, range)).toMatchObject({ title: 'RDP (3389) open to 0.0.0.0/0' });
    expect(judge(sgAdminPortOpenIpv4, all)).toMatchObject({
      title: 'SSH (22), RDP (3389) open to 0.0.0.0/0',
    });
  });

  it('accepts SSH restricted to a private CIDR, a security group, or open only over IPv6', () => {
    const group = securityGroup({
      ingress: [
        permission('tcp', 22, 22, { ipv4: ['10.0.0.0/8'], groups: ['sg-bastion'] }),
        permission('tcp', 22, 22, { ipv6: ['::/0'] }),
        permission('icmp', -1, -1, { ipv4: ['0.0.0.0/0'] }),
      ],
    });
    expect(judge(sgAdminPortOpenIpv4, group)).toEqual({ kind: 'compliant' });
  });

  it('does not apply to resources other than security groups', () => {
    expect(judge(sgAdminPortOpenIpv4, instance())).toEqual({ kind: 'not-applicable' });
  });
});

describe('sg-admin-port-open-ipv6', () => {
  it('flags SSH open to ::/0', () => {
    const group = securityGroup({ ingress: [permission('6', 22, 22, { ipv6: ['::/0'] })] });
    expect(judge(sgAdminPortOpenIpv6, group)).toMatchObject({
      kind: 'non-compliant',
      title: 'SSH (22) open to ::/0',
      evidence: { source: '::/0' },
    });
  });

  it('accepts admin ports open only over IPv4 or to an IPv6 prefix', () => {
    const group = securityGroup({
      ingress: [
        permission('tcp', 22, 22, { ipv4: ['0.0.0.0/0'] }),
        permission('tcp', 3389, 3389, { ipv6: ['2001:db8::/32'] }),
      ],
    });
    expect(judge(sgAdminPortOpenIpv6, group)).toEqual({ kind: 'compliant' });
  });

  it('does not apply to volumes', () => {
    expect(judge(sgAdminPortOpenIpv6, volume())).toEqual({ kind: 'not-applicable' });
  });
});

describe('sg-database-port-open', () => {
  it('flags MySQL and PostgreSQL open to the internet with both sources', () => {
    const group = securityGroup({
      ingress: [
        permission('tcp', 3306, 3306, { ipv4: ['0.0.0.0/0'] }),
        permission('tcp', 5432, 5432, { ipv6: ['::/0'] }),
      ],
    });
    const verdict = judge(sgDatabasePortOpen, group);
    expect(verdict).toMatchObject({
      kind: 'non-compliant',
      title: 'Database ports open to the internet: MySQL/MariaDB (3306), PostgreSQL (5432)',
    });
    expect(verdict.kind === 'non-compliant' && verdict.evidence.ports).toEqual([
      { port: 3306, service: 'MySQL/MariaDB', sources: ['0.0.0.0/0'], permissions: ['tcp 3306'] },
      { port: 5432, service: 'PostgreSQL', sources: ['::/0'], permissions: ['tcp 5432'] },
    ]);
  });

  it('accepts database ports open only to the application security group', () => {
    const group = securityGroup({ ingress: [permission('tcp', 5432, 5432, { groups: ['sg-app'] })] });
    expect(judge(sgDatabasePortOpen, group)).toEqual({ kind: 'compliant' });
  });

  it('does not apply to instances', () => {
    expect(judge(sgDatabasePortOpen, instance())).toEqual({ kind: 'not-applicable' });
  });
});

describe('sg-all-traffic-open', () => {
  it('flags an all-protocols rule from 0.0.0.0/0 and a full TCP range from ::/0', () => {
    const group = securityGroup({
      ingress: [
        permission('-1', undefined, undefined, { ipv4: ['0.0.0.0/0'] }),
        permission('tcp', 0, 65535, { ipv6: ['::/0'] }),
      ],
    });
    expect(judge(sgAllTrafficOpen, group)).toMatchObject({
      kind: 'non-compliant',
      title: 'All traffic open to 0.0.0.0/0 and ::/0',
      evidence: {
        permissions: [
          { permission: 'all traffic', source: '0.0.0.0/0' },
          { permission: 'tcp 0-65535', source: '::/0' },
        ],
      },
    });
  });

  it('accepts HTTPS from anywhere and all traffic from inside the VPC', () => {
    const group = securityGroup({
      ingress: [
        permission('tcp', 443, 443, { ipv4: ['0.0.0.0/0'] }),
        permission('-1', undefined, undefined, { ipv4: ['10.0.0.0/16'] }),
      ],
    });
    expect(judge(sgAllTrafficOpen, group)).toEqual({ kind: 'compliant' });
  });

  it('does not apply to volumes', () => {
    expect(judge(sgAllTrafficOpen, volume())).toEqual({ kind: 'not-applicable' });
  });
});

describe('sg-default-allows-traffic', () => {
  it('flags a default group that keeps its self-referencing ingress and open egress', () => {
    const group = securityGroup({
      isDefault: true,
      ingress: [permission('-1', undefined, undefined, { groups: ['sg-0001'] })],
      egress: [permission('-1', undefined, undefined, { ipv4: ['0.0.0.0/0'] })],
    });
    expect(judge(sgDefaultAllowsTraffic, group)).toMatchObject({
      kind: 'non-compliant',
      evidence: {
        inboundRules: [{ permission: 'all traffic', sources: ['sg-0001'] }],
        outboundRules: [{ permission: 'all traffic', sources: ['0.0.0.0/0'] }],
      },
    });
  });

  it('accepts a default group with no rules at all', () => {
    const group = securityGroup({ isDefault: true, ingress: [], egress: [] });
    expect(judge(sgDefaultAllowsTraffic, group)).toEqual({ kind: 'compliant' });
  });

  it('does not apply to non-default groups, whatever they allow', () => {
    expect(judge(sgDefaultAllowsTraffic, securityGroup())).toEqual({ kind: 'not-applicable' });
  });
});

describe('ec2-imdsv1-allowed', () => {
  it('flags a running instance that still answers IMDSv1', () => {
    expect(judge(ec2Imdsv1Allowed, instance({ imdsV2Required: false }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { httpTokens: 'optional' },
    });
  });

  it('accepts an instance that requires IMDSv2 tokens', () => {
    expect(judge(ec2Imdsv1Allowed, instance({ imdsV2Required: true }))).toEqual({ kind: 'compliant' });
  });

  it('does not apply to terminated instances', () => {
    const terminated = instance({ imdsV2Required: false }, { state: 'terminated' });
    expect(judge(ec2Imdsv1Allowed, terminated)).toEqual({ kind: 'not-applicable' });
  });
});
