import { describe, expect, it } from 'vitest';
import { classifyValue, inlineText } from '../../../frontend/src/resource/attribute-value';

describe('attribute values', () => {
  it('renders a list of records, such as security group rules, as a table with every column', () => {
    // Prepare
    const ingress = [
      { protocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: ['0.0.0.0/0'] },
      { protocol: '-1', sourceGroupIds: ['sg-0aa'] },
    ];

    // Act
    const value = classifyValue(ingress);

    // Assess
    expect(value).toEqual({
      kind: 'table',
      columns: ['protocol', 'fromPort', 'toPort', 'ipv4Ranges', 'sourceGroupIds'],
      rows: ingress,
    });
    expect(inlineText('protocol', '-1')).toBe('All');
    expect(inlineText('fromPort', undefined)).toBe('—');
    expect(inlineText('ipv4Ranges', ['10.0.0.0/8', '0.0.0.0/0'])).toBe('10.0.0.0/8, 0.0.0.0/0');
  });

  it('classifies scalars by what they are', () => {
    // Assess
    expect(classifyValue(null)).toEqual({ kind: 'empty', text: 'None' });
    expect(classifyValue([])).toEqual({ kind: 'empty', text: 'None' });
    expect(classifyValue(true)).toEqual({ kind: 'boolean', value: true });
    expect(classifyValue(1024)).toEqual({ kind: 'number', text: '1,024' });
    expect(classifyValue('2026-11-23T00:00:00.000Z')).toEqual({
      kind: 'date',
      iso: '2026-11-23T00:00:00.000Z',
    });
    expect(classifyValue('arn:aws:iam::111111111111:instance-profile/web')).toMatchObject({ kind: 'code' });
    expect(classifyValue('i-0abc123def')).toMatchObject({ kind: 'code' });
    expect(classifyValue('10.0.0.0/16')).toMatchObject({ kind: 'code' });
    expect(classifyValue('vpc-0aa11')).toMatchObject({ kind: 'code' });
    expect(classifyValue('eu-west-1a')).toMatchObject({ kind: 'text' });
    expect(classifyValue('gp3')).toEqual({ kind: 'text', text: 'gp3' });
    expect(classifyValue(['sg-0aa', 'sg-0bb'])).toEqual({ kind: 'list', items: ['sg-0aa', 'sg-0bb'] });
  });

  it('keeps nested records as records, in their order', () => {
    // Act
    const value = classifyValue({ system: 'ok', instance: 'impaired' });

    // Assess
    expect(value).toEqual({
      kind: 'record',
      entries: [
        ['system', 'ok'],
        ['instance', 'impaired'],
      ],
    });
  });
});
