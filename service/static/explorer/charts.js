// @ts-check
// Small SVG bar charts of the measured figures, for the explorer's panel and the compare page. Every bar, label
// and number is made with DOM APIs (createElementNS, textContent), never markup; every number drawn is a value of
// the API's answer, written beside its bar and in the bar's <title> (data-value holds it as the API gave it).

import { h } from "./dom.js";
import { barScale } from "./scales.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 360; // the chart's own units; it is scaled to the width it is given
const LABEL = 112; // the column of names
const VALUE = 74; // room for the number after the longest bar
const ROW = 18;
const BAR = 12;
const HEAD = 18; // a group's heading (e.g. "512 connections")
export const SERIES = 4; // colours of the series of a grouped chart (explorer.css: .series-0 … .series-3)

// The metrics a chart offers, in order: what people ask first (throughput), then the median and the tail.
export const CHARTED = ["requests_per_second", "latency_p50", "latency_p99"];
const SHORT = { requests_per_second: "requests/s", latency_p50: "p50 latency", latency_p90: "p90 latency",
  latency_p99: "p99 latency" };

export const shortName = (metric) => SHORT[metric] || metric;
export const isLatency = (metric) => metric.startsWith("latency");

/** A value as people read it: requests/s to the unit, latencies (seconds in the API) in milliseconds. */
export function formatValue(metric, value) {
  if (isLatency(metric)) return `${(value * 1000).toFixed(2)} ms`;
  return `${Math.round(value).toLocaleString("en")} req/s`;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function clip(text, room) {
  return text.length > room ? `${text.slice(0, room - 1)}…` : text;
}

/**
 * @typedef {{ label: string, value: number, note?: string, series?: number }} BarRow
 * @typedef {{ label: string | null, rows: BarRow[] }} BarGroup
 */

/**
 * A horizontal bar chart. `groups`: [{ label (or null), rows: [{ label, value, note, series }] }]; `metric` says how
 * to write the values (formatValue). Bars of one chart share one scale, from 0 to the largest value.
 * @param {{ title: string, description?: string, metric: string, groups: BarGroup[], className?: string }} chart
 */
export function barChart({ title, description, metric, groups, className }) {
  const rows = groups.flatMap((group) => group.rows);
  const barLength = barScale(rows.map((row) => row.value), WIDTH - LABEL - VALUE);
  const height = groups.reduce((sum, group) => sum + (group.label ? HEAD : 0) + group.rows.length * ROW, 0) + 4;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", class: `chart ${className || ""}`.trim(),
    "aria-label": title, preserveAspectRatio: "xMinYMin meet" });
  // The numbers in words too: a screen reader reads the chart (role img) by its title and description.
  const listed = groups.map((group) => (group.label ? `${group.label}: ` : "")
    + group.rows.map((row) => `${row.label} ${formatValue(metric, row.value)}`).join(", ")).join("; ");
  chart.append(svg("title", {}, title), svg("desc", {}, `${description || title}. ${listed}.`));
  let y = 2;
  for (const group of groups) {
    if (group.label) {
      chart.append(svg("text", { x: 0, y: y + 13, class: "group-label" }, group.label));
      y += HEAD;
    }
    for (const row of group.rows) {
      const width = barLength(row.value);
      const said = `${row.label}: ${formatValue(metric, row.value)}${row.note ? ` (${row.note})` : ""}`;
      const bar = svg("g", { class: `bar series-${(row.series || 0) % SERIES}`, "data-label": row.label,
        "data-value": String(row.value) });
      bar.append(
        svg("title", {}, said),
        svg("text", { x: LABEL - 6, y: y + 12, class: "name", "text-anchor": "end" }, clip(row.label, 19)),
        svg("rect", { x: LABEL, y: y + (ROW - BAR) / 2, width: width.toFixed(1), height: BAR, rx: 2 }),
        svg("text", { x: LABEL + width + 4, y: y + 12, class: "value" }, formatValue(metric, row.value)),
      );
      chart.append(bar);
      y += ROW;
    }
  }
  return chart;
}

/** The run beside a chart, exactly as the API gives it: its label, date, hardware and caveat, and its source. */
export function runNote(runs) {
  return h("div", { class: "run-note" }, runs.map((run) => h("p", { class: "caveat" },
    h("strong", { text: run.label }), ` (${run.date}), on ${run.hardware}. `,
    h("span", { class: "caveat-text", text: run.caveat }),
    run.source && run.source.label ? h("span", { class: "muted", text: ` Source: ${run.source.label}.` }) : null)));
}

/** A row of toggle buttons (aria-pressed); `pick(value)` is called with the one pressed. */
export function toggles(label, options, chosen, pick) {
  const buttons = options.map(([value, text]) => h("button", {
    type: "button", class: "toggle", "aria-pressed": value === chosen ? "true" : "false", "data-value": String(value),
    text, onclick: () => {
      for (const other of buttons) {
        other.setAttribute("aria-pressed", other.dataset.value === String(value) ? "true" : "false");
      }
      pick(value);
    },
  }));
  return h("div", { class: "toggles", role: "group", "aria-label": label }, buttons);
}

/** The value of one metric at one level in a framework's entry of /api/figures (undefined when not measured). */
export function valueAt(framework, metric, level) {
  const atLevel = framework.levels.find((entry) => entry.concurrency === level);
  return atLevel ? atLevel[metric] : undefined;
}

/** Order frameworks by a metric, best first (higher requests/s, lower latency). */
export function bestFirst(rows, metric) {
  return [...rows].sort((a, b) => (isLatency(metric) ? a.value - b.value : b.value - a.value)
    || a.label.localeCompare(b.label));
}
