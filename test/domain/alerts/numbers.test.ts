import { describe, expect, it } from 'vitest';
import {
  countOf,
  formatCount,
  formatPercent,
  formatPercentChange,
  formatUsd,
  formatUsdChange,
} from '../../../functions/domain/alerts/numbers';

describe('message numbers', () => {
  it('writes money as $1,234.56 with a sign only below zero, or always for a change', () => {
    // Assess
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.004)).toBe('$0.00');
    expect(formatUsd(-0.001)).toBe('$0.00');
    expect(formatUsd(-1234567.891)).toBe('-$1,234,567.89');
    expect(formatUsdChange(12.3)).toBe('+$12.30');
    expect(formatUsdChange(-12.3)).toBe('-$12.30');
  });

  it('groups counts and writes percentages with one decimal', () => {
    // Assess
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(countOf(1, 'alert')).toBe('1 alert');
    expect(countOf(2400, 'alert')).toBe('2,400 alerts');
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(5)).toBe('5.0%');
    expect(formatPercentChange(4.56)).toBe('+4.6%');
    expect(formatPercentChange(-1.23)).toBe('-1.2%');
  });
});
