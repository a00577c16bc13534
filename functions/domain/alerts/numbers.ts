/**
 * Numbers as people read them in emails and SMS: `$1,234.56`, `12,345`, `4.5%`. en-US grouping
 * everywhere, so a digest reads the same whatever the Lambda's locale.
 */

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** `$1,234.56`; `-$12.00` below zero. */
export function formatUsd(amount: number): string {
  const text = `$${money.format(Math.abs(amount))}`;
  return amount < 0 && text !== '$0.00' ? `-${text}` : text;
}

/** `+$12.30` or `-$12.30`: a change, always signed. */
export function formatUsdChange(amount: number): string {
  return amount < 0 ? formatUsd(amount) : `+${formatUsd(amount)}`;
}

/** `12,345`. */
export function formatCount(count: number): string {
  return integer.format(count);
}

/** `1 alert`, `2,400 alerts`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** `12.3%` from a percentage (not a ratio). */
export function formatPercent(percent: number): string {
  return `${oneDecimal.format(percent)}%`;
}

/** `+4.5%` or `-4.5%`: a change, always signed. */
export function formatPercentChange(percent: number): string {
  return percent < 0 ? formatPercent(percent) : `+${formatPercent(percent)}`;
}
