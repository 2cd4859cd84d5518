// @ts-check
// The measured figures in the side panel, as charts: a framework's own figures at each concurrency level, and the
// frameworks of a set in view (a question's answers, an open language group) at the run's level, the frameworks
// not measured listed as such. Each chart has the run, its hardware and the minimal-workload caveat beside it.

import { h, linkButton } from "./dom.js";
import { enc, getJson } from "./http.js";
import { barChart, bestFirst, CHARTED, runNote, SERIES, shortName, toggles, valueAt } from "./charts.js";

const MAX_CHARTED = 300; // as GET /api/figures allows
const FIRST = 15; // bars shown before "Show all"

/** A framework's own figures (its record's `figures`): one bar per concurrency level (and set-up), per metric. */
export function frameworkChart(record) {
  const figures = record.figures || { measurements: [], runs: [] };
  if (!figures.measurements.length) {
    return h("p", { class: "muted not-measured", text: "Not measured: no benchmark run in the graph measured "
      + `${record.label}.` });
  }
  const setups = new Set(figures.measurements.map((m) => m.setup.label));
  const holder = h("div", { class: "chart-box" });
  const draw = (metric) => {
    const rows = figures.measurements.filter((m) => m[metric] !== undefined).map((m) => ({
      label: setups.size > 1 ? `${m.setup.label} · ${m.concurrency}` : `${m.concurrency} connections`,
      value: m[metric], note: `set-up ${m.setup.label}`,
    }));
    holder.replaceChildren(barChart({
      title: `${record.label}: ${shortName(metric)} at each concurrency level`,
      description: `${figures.runs.map((run) => run.label).join(", ")}`,
      metric, groups: [{ label: null, rows }],
    }));
  };
  draw(CHARTED[0]);
  return h("figure", { class: "figures-chart", "data-for": record.id },
    toggles("Metric", CHARTED.map((m) => [m, shortName(m)]), CHARTED[0], draw), holder,
    h("figcaption", {}, runNote(figures.runs)));
}

/**
 * The figures of a set of frameworks ([{id, label}]), fetched from /api/figures and drawn when they come: bars at
 * the run's concurrency level (the highest measured, the level the ranking uses by default), a toggle for the metric
 * and the level, and the frameworks not measured listed by name.
 */
export function setChart(items, title) {
  if (!items.length) return null;
  const box = h("figure", { class: "figures-chart set", "aria-busy": "true" },
    h("p", { class: "muted", text: "Loading the measured figures…" }));
  fetchFigures(items.map((item) => item.id))
    .then((table) => {
      box.replaceChildren(...setContent(table, title));
      box.removeAttribute("aria-busy");
    })
    .catch((error) => {
      box.replaceChildren(h("p", { class: "notice", text: `The figures could not be loaded (${error.message}).` }));
      box.removeAttribute("aria-busy");
    });
  return box;
}

/** GET /api/figures for any number of frameworks: in requests of at most MAX_CHARTED, the answers joined. */
export async function fetchFigures(ids) {
  const parts = [];
  for (let start = 0; start < ids.length; start += MAX_CHARTED) parts.push(ids.slice(start, start + MAX_CHARTED));
  const tables = await Promise.all(parts.map((part) => getJson("/api/figures?ids=" + part.map(enc).join(","))));
  const runs = new Map(tables.flatMap((table) => table.runs).map((run) => [run.id, run]));
  return { ...tables[0], frameworks: tables.flatMap((table) => table.frameworks), runs: [...runs.values()] };
}

function setContent(table, title) {
  const measured = table.frameworks.filter((f) => f.measured);
  const missing = table.frameworks.filter((f) => !f.measured);
  const parts = [];
  if (measured.length) {
    const choice = { metric: CHARTED[0], level: table.default_level, all: false };
    const holder = h("div", { class: "chart-box" });
    const draw = () => {
      const rows = bestFirst(measured.flatMap((framework) => {
        const found = valueAt(framework, choice.metric, choice.level);
        return found ? [{ label: framework.label, value: found.value, note: `set-up ${found.setup.label}` }] : [];
      }), choice.metric);
      const shown = choice.all ? rows : rows.slice(0, FIRST);
      const chart = barChart({
        title: `${title}: ${shortName(choice.metric)} at ${choice.level} connections`,
        description: `${rows.length} frameworks measured at ${choice.level} connections, best first.`,
        metric: choice.metric, groups: [{ label: null, rows: shown }],
      });
      const more = rows.length > shown.length
        ? h("p", {}, linkButton(`Show all ${rows.length}`, () => { choice.all = true; draw(); }))
        : null;
      holder.replaceChildren(chart, ...(more ? [more] : []));
    };
    draw();
    parts.push(
      toggles("Metric", CHARTED.map((m) => [m, shortName(m)]), choice.metric, (m) => { choice.metric = m; draw(); }),
      toggles("Connections", table.levels.map((level) => [level, `${level} conn.`]), choice.level,
        (level) => { choice.level = level; draw(); }),
      holder,
    );
  }
  parts.push(missing.length
    ? h("p", { class: "not-measured" }, h("strong", { text: `Not measured (${missing.length}): ` }),
      missing.map((f) => f.label).join(", "))
    : null);
  if (!measured.length) parts.unshift(h("p", { class: "muted", text: "None of these frameworks was measured." }));
  parts.push(h("figcaption", {}, runNote(table.runs)));
  return parts;
}

/** Side by side (the compare page): per metric, a grouped chart, one group per level, one bar per framework. */
export function comparedCharts(table) {
  const measured = table.frameworks.filter((f) => f.measured);
  const names = table.frameworks.map((f) => f.label).join(", ");
  const charts = CHARTED.map((metric) => {
    const groups = table.levels.map((level) => ({
      label: `${level} connections`,
      rows: table.frameworks.flatMap((framework, i) => {
        const found = valueAt(framework, metric, level);
        return found ? [{ label: framework.label, value: found.value, note: `set-up ${found.setup.label}`,
          series: i % SERIES }] : [];
      }),
    })).filter((group) => group.rows.length);
    const better = metric === "requests_per_second" ? "higher is better" : "lower is better";
    return h("figure", { class: "compare-chart", "data-metric": metric },
      h("h3", { text: `${shortName(metric)} (${better})` }),
      barChart({ title: `${shortName(metric)} of ${names} at each concurrency level`,
        description: `${better}; one group of bars per concurrency level`, metric, groups }));
  });
  return { charts: measured.length ? charts : [], measured, missing: table.frameworks.filter((f) => !f.measured) };
}

/** The panel for an open language group (an overview group, /api/overview): what it holds and its figures. */
export function groupPanel(group, back) {
  const count = group.size === 1 ? "1 framework" : `${group.size} frameworks`;
  return [
    back ? h("p", { class: "nav" }, linkButton("← Back to the answers", back)) : null,
    h("p", { class: "kind" }, h("span", { class: "type group", text: "Language group" })),
    h("h2", { text: group.label }),
    h("p", { text: `${count}, drawn around ${group.label} on the graph, the most connected nearest the middle. `
      + "Click the group again to close it." }),
    h("h3", { text: "Measured" }),
    setChart(group.members, group.label),
  ];
}

/** The panel for a cluster of similar frameworks (/api/clusters, from the legend while clusters are on). */
export function clusterPanel(cluster, back) {
  const count = cluster.members.length === 1 ? "1 framework" : `${cluster.members.length} frameworks`;
  return [
    back ? h("p", { class: "nav" }, linkButton("← Back to the answers", back)) : null,
    h("p", { class: "kind" }, h("span", { class: "type group", text: "Cluster" })),
    h("h2", { text: cluster.label }),
    h("p", { text: `${count} more like each other than like the rest (weighted Jaccard similarity).` }),
    h("h3", { text: "Measured" }),
    setChart(cluster.members.map((id) => ({ id })), `Cluster ${cluster.label}`),
  ];
}
