import { describe, expect, it } from 'vitest';
import { labelIndices, linearScale, niceTicks } from '../../../frontend/src/charts/scale';

describe('chart scales', () => {
  it('picks round ticks from zero that cover the maximum', () => {
    // Assess
    expect(niceTicks(95)).toEqual([0, 50, 100]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(400)).toEqual([0, 100, 200, 300, 400]);
  });

  it('still draws an axis when there is nothing to show', () => {
    // Assess
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });

  it('maps a domain onto a range, inverted for SVG y', () => {
    // Act
    const y = linearScale([0, 100], [200, 0]);

    // Assess
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
    expect(linearScale([5, 5], [10, 20])(5)).toBe(10);
  });

  it('spaces day labels evenly and always labels the last day', () => {
    // Assess
    expect(labelIndices(5, 8)).toEqual([0, 1, 2, 3, 4]);
    const indices = labelIndices(90, 8);
    expect(indices[0]).toBe(0);
    expect(indices.at(-1)).toBe(89);
    expect(indices.length).toBeLessThanOrEqual(8);
    expect(labelIndices(0, 8)).toEqual([]);
  });
});
