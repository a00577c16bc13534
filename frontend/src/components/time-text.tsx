import { formatDateTime, formatRelative } from '../format';

/** A relative time (`5 min ago`) with the exact time on hover and for assistive technology. */
export function TimeText({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}

/** An absolute time followed by the relative one. */
export function FullTime({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso}>
      {formatDateTime(iso)} <span className="muted">({formatRelative(iso, now)})</span>
    </time>
  );
}
