import { describe, expect, it } from 'vitest';
import { runOrder } from '../../../functions/domain/remediation/lifecycle';

const item = (itemId: string, accountId: string, region: string) => ({ itemId, accountId, region });

describe('runOrder', () => {
  it('takes one item of each (account, region) in turn, each scope in request order', () => {
    // Prepare: three items in one scope, two in another, one in a third.
    const items = [
      item('0', '111111111111', 'us-east-1'),
      item('1', '111111111111', 'us-east-1'),
      item('2', '111111111111', 'us-east-1'),
      item('3', '111111111111', 'eu-west-1'),
      item('4', '222222222222', 'us-east-1'),
      item('5', '111111111111', 'eu-west-1'),
    ];

    // Act
    const order = runOrder(items);

    // Assess
    expect(order).toEqual(['0', '3', '4', '1', '5', '2']);
  });

  it('keeps the request order of a single scope and of an empty request', () => {
    expect(runOrder([item('0', '1', 'r'), item('1', '1', 'r')])).toEqual(['0', '1']);
    expect(runOrder([])).toEqual([]);
  });
});
