/** Chart arithmetic, kept apart from the SVG so it can be tested without a DOM. */

/**
 * Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten, about `count`
 * of them. A zero or negative `max` gives a single axis step of 1, so an empty chart still has a scale.
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = 0; value < max + step / 2; value += step) {
    ticks.push(Number(value.toPrecision(12)));
    if (value >= max) break;
  }
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

/** Maps `[d0, d1]` onto `[r0, r1]` linearly; a zero-width domain maps everything to `r0`. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** Indices of at most `count` evenly spaced labels over `length` points, the last always included. */
export function labelIndices(length: number, count: number): number[] {
  if (length <= 0) return [];
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const step = Math.ceil((length - 1) / (count - 1));
  const indices: number[] = [];
  for (let i = 0; i < length - 1; i += step) indices.push(i);
  // Drop a label that would crowd the last one.
  if (indices.length > 0 && length - 1 - (indices.at(-1) ?? 0) < step / 2) indices.pop();
  indices.push(length - 1);
  return indices;
}
