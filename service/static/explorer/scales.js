// @ts-check
// The scales of the explorer's charts, as numbers only (charts.js and lifecycle-charts.js draw with them): where a
// value, a date or a share falls in a chart's own units. No DOM.

export const DAY = 86_400_000; // milliseconds
export const WINDOW_YEARS = 8; // how far back a timeline of release cycles reaches

/**
 * The length of a bar for each value, on one scale for the whole chart: 0 to the largest value fills `room`; every
 * bar is at least 1 unit long, so that a zero is still seen.
 * @param {number[]} values
 * @param {number} room
 * @returns {(value: number) => number}
 */
export function barScale(values, room) {
  const most = Math.max(...values, 0) || 1;
  return (value) => Math.max(1, (value / most) * room);
}

/**
 * A timeline's span and scale: from the earliest start (no earlier than WINDOW_YEARS before `today`: older bars start
 * clipped) to 180 days past the latest end or `today`; `x` maps a time (ms) to `left` … `left + room`. An end that
 * is NaN (none announced) does not stretch the span.
 * @param {number[]} starts
 * @param {number[]} ends
 * @param {number} today
 * @param {number} left
 * @param {number} room
 */
export function timeScale(starts, ends, today, left, room) {
  const first = Math.max(Math.min(...starts, today), today - WINDOW_YEARS * 365 * DAY);
  const last = Math.max(...ends.filter((end) => !Number.isNaN(end)), today) + 180 * DAY;
  /** @param {number} t */
  const x = (t) => left + ((Math.max(t, first) - first) / (last - first)) * room;
  return { first, last, x };
}

/**
 * The years whose 1 January a timeline marks: each one after `first`'s year up to `last`, thinned to about six.
 * @param {number} first
 * @param {number} last
 * @returns {number[]}
 */
export function yearTicks(first, last) {
  const years = [];
  for (let year = new Date(first).getUTCFullYear() + 1; Date.UTC(year, 0, 1) < last; year += 1) years.push(year);
  const step = Math.ceil(years.length / 6);
  return years.filter((_, i) => i % step === 0);
}

/**
 * A survey trend's scales: the top of the share axis (the highest share rounded up to the next 5 %), `x` from a
 * year to `left + pad` … `right - pad` (one year alone in the middle), `y` from a share to `bottom` … `top`.
 * @param {number[]} years
 * @param {number[]} shares
 * @param {{ left: number, right: number, top: number, bottom: number, pad: number }} frame
 */
export function trendScale(years, shares, { left, right, top, bottom, pad }) {
  const most = Math.max(...shares, 0.01);
  const scale = Math.ceil(most * 20) / 20; // the next 5 %
  const lo = Math.min(...years);
  const hi = Math.max(...years);
  /** @param {number} year */
  const x = (year) => (hi === lo ? (left + right) / 2 : left + pad + ((year - lo) / (hi - lo)) * (right - left - 2 * pad));
  /** @param {number} share */
  const y = (share) => bottom - (share / scale) * (bottom - top);
  return { scale, x, y };
}
