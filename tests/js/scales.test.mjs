// The explorer's chart scales (service/static/explorer/scales.js) and what the charts choose to show
// (charts.js, lifecycle-charts.js): where bars, dates and shares fall, as drawn in the panel.
import assert from "node:assert/strict";
import { test } from "node:test";

import { bestFirst, formatValue } from "../../service/static/explorer/charts.js";
import { shownCycles } from "../../service/static/explorer/lifecycle-charts.js";
import { barScale, DAY, timeScale, trendScale, yearTicks } from "../../service/static/explorer/scales.js";

const at = (date) => Date.parse(`${date}T00:00:00Z`);

test("bars share one scale: the largest value fills the room, the others in proportion", () => {
  const length = barScale([120_000, 60_000, 30_000], 174);
  assert.deepEqual([120_000, 60_000, 30_000].map(length), [174, 87, 43.5]);
});

test("a zero is still drawn, one unit long, and a chart of zeros does not divide by zero", () => {
  assert.equal(barScale([0, 50], 100)(0), 1);
  assert.equal(barScale([0, 0], 100)(0), 1);
  assert.equal(barScale([], 100)(0.5), 50); // no values: the scale runs from 0 to 1
});

test("a timeline runs from the earliest release to 180 days past the latest end", () => {
  const today = at("2026-12-07");
  const { first, last, x } = timeScale([at("2022-01-01"), at("2024-06-01")], [at("2027-06-01"), NaN], today, 76, 280);
  assert.equal(first, at("2022-01-01"));
  assert.equal(last, at("2027-06-01") + 180 * DAY);
  assert.equal(x(first), 76); // the left edge, after the names
  assert.equal(x(last), 76 + 280); // the right edge
  assert.ok(x(today) > x(at("2024-06-01")) && x(today) < x(at("2027-06-01")));
});

test("an open-ended cycle does not stretch the timeline; with no end at all it reaches past today", () => {
  const today = at("2026-12-07");
  const { last } = timeScale([at("2025-01-01")], [NaN], today, 0, 100);
  assert.equal(last, today + 180 * DAY);
});

test("a cycle released long ago starts clipped at the timeline's left edge, eight years back", () => {
  const today = at("2026-12-07");
  const { first, x } = timeScale([at("2005-01-01")], [at("2026-01-01")], today, 76, 280);
  assert.equal(first, today - 8 * 365 * DAY);
  assert.equal(x(at("2005-01-01")), 76);
});

test("a timeline marks 1 January of each year after its start, thinned to about six", () => {
  assert.deepEqual(yearTicks(at("2022-03-01"), at("2025-06-01")), [2023, 2024, 2025]);
  assert.deepEqual(yearTicks(at("2014-03-01"), at("2027-06-01")), [2015, 2018, 2021, 2024, 2027]);
});

test("a survey trend's axis tops at the next 5 % above the highest share", () => {
  const frame = { left: 52, right: 336, top: 18, bottom: 98, pad: 22 };
  const { scale, x, y } = trendScale([2021, 2022, 2023, 2024], [0.152, 0.212, 0.18, 0.17], frame);
  assert.equal(scale, 0.25); // the axis says 25 %
  assert.equal(y(0), 98);
  assert.equal(y(0.25), 18);
  assert.equal(x(2021), 52 + 22);
  assert.equal(x(2024), 336 - 22);
});

test("a survey of one year draws its point in the middle; shares of zero keep a 5 % axis", () => {
  const frame = { left: 52, right: 336, top: 18, bottom: 98, pad: 22 };
  const { scale, x } = trendScale([2024], [0], frame);
  assert.equal(scale, 0.05);
  assert.equal(x(2024), (52 + 336) / 2);
});

test("values are written as people read them: requests/s to the unit, latencies in milliseconds", () => {
  assert.equal(formatValue("requests_per_second", 123456.7), "123,457 req/s");
  assert.equal(formatValue("latency_p50", 0.00123), "1.23 ms");
});

test("best first: most requests/s, least latency, ties by name", () => {
  const rows = [{ label: "Flask", value: 2 }, { label: "Django", value: 2 }, { label: "FastAPI", value: 9 }];
  assert.deepEqual(bestFirst(rows, "requests_per_second").map((row) => row.label), ["FastAPI", "Django", "Flask"]);
  assert.deepEqual(bestFirst(rows, "latency_p99").map((row) => row.label), ["Django", "Flask", "FastAPI"]);
});

test("a timeline shows the supported cycles and the three most recent that ended within eight years", () => {
  const cycle = (name, release, supported, end) => ({ cycle: name, release_date: release, supported,
    security_support_until: end });
  const cycles = [
    cycle("5.2", "2025-04-02", true, "2028-04-30"), cycle("5.1", "2024-08-07", true, "2025-12-31"),
    cycle("5.0", "2023-12-04", false, "2025-04-30"), cycle("4.2", "2023-04-03", false, "2026-04-30"),
    cycle("4.1", "2022-08-03", false, "2023-12-31"), cycle("4.0", "2021-12-07", false, "2023-04-30"),
    cycle("1.0", "2008-09-03", false, "2010-05-17"), // ended long before the timeline's reach
  ];
  assert.deepEqual(shownCycles(cycles, "2026-12-07").map((c) => c.cycle), ["5.2", "5.1", "5.0", "4.2", "4.1"]);
  assert.deepEqual(shownCycles([cycle("x", "not a date", true, null)], "2026-12-07"), []); // no release date
});
