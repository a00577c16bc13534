import { formatDay, formatUsd, formatUsdShort } from '../format';
import type { DailyBar } from './daily-bar';
import { labelIndices, linearScale, niceTicks } from './scale';

export type { DailyBar } from './daily-bar';

const WIDTH = 960;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 8, bottom: 26, left: 56 };

/** Daily spend as bars, with forecast days (to month end) drawn distinctly. Hand-written SVG. */
export function DailyCostChart({ days, label }: { days: readonly DailyBar[]; label: string }) {
  const max = Math.max(0, ...days.map((d) => d.usd));
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? 1;
  const y = linearScale([0, top], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const slot = days.length > 0 ? plotWidth / days.length : plotWidth;
  const barWidth = Math.max(1, slot * 0.72);
  const labels = new Set(labelIndices(days.length, 8));

  return (
    <svg className="chart daily-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <defs>
        <pattern
          id="forecast-hatch"
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="6" height="6" className="forecast-fill" />
          <line x1="0" y1="0" x2="0" y2="6" className="forecast-hatch" />
        </pattern>
      </defs>
      {ticks.map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
            {formatUsdShort(tick)}
          </text>
        </g>
      ))}
      {days.map((day, index) => {
        const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
        const barTop = y(day.usd);
        return (
          <g key={day.date}>
            <rect
              className={day.forecast ? 'bar bar-forecast' : 'bar'}
              x={x}
              y={barTop}
              width={barWidth}
              height={Math.max(0, HEIGHT - MARGIN.bottom - barTop)}
              fill={day.forecast ? 'url(#forecast-hatch)' : undefined}
            >
              <title>{`${formatDay(day.date, { long: true })}: ${formatUsd(day.usd)}${day.forecast ? ' (forecast)' : ''}`}</title>
            </rect>
            {labels.has(index) && (
              <text
                className="chart-label"
                x={index === days.length - 1 ? x + barWidth : x + barWidth / 2}
                y={HEIGHT - 8}
                textAnchor={index === days.length - 1 ? 'end' : 'middle'}
              >
                {formatDay(day.date)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars for a breakdown: each part's share of the largest. */
export function ShareBar({
  value,
  max,
  tone,
}: {
  value: number;
  max: number;
  tone?: 'accent' | 'good' | 'bad';
}) {
  const width = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <span className="share-bar" aria-hidden="true">
      <span className={`share-bar-fill share-${tone ?? 'accent'}`} style={{ width: `${width}%` }} />
    </span>
  );
}
