// @ts-check
// The compare page (/compare?ids=…): the frameworks' measured figures side by side, from /api/figures: a grouped
// chart per metric (a group of bars per concurrency level, a bar per framework), the same numbers in a table, the
// frameworks not measured named, and the run with its hardware and caveat. Text reaches the page as text only.

import { h } from "./dom.js";
import { enc, getJson } from "./http.js";
import { CHARTED, formatValue, runNote, SERIES, shortName, valueAt } from "./charts.js";
import { comparedCharts } from "./figures-panel.js";
import { caveatList, cycleTimeline, maintainedNote, surveyTrend } from "./lifecycle-charts.js";

function legend(table) {
  return h("ul", { class: "chart-legend" }, table.frameworks.map((framework, i) => h("li", {},
    h("span", { class: `swatch series-${i % SERIES}`, "aria-hidden": "true" }), framework.label)));
}

// The same figures as text: a row per level and metric, a column per framework.
function figureTable(table) {
  const rows = table.levels.flatMap((level) => CHARTED.map((metric) => h("tr", {},
    h("th", { scope: "row", text: `${shortName(metric)} at ${level} connections` }),
    table.frameworks.map((framework) => {
      const found = valueAt(framework, metric, level);
      return found
        ? h("td", { "data-value": String(found.value), title: `set-up ${found.setup.label}`,
          text: formatValue(metric, found.value) })
        : h("td", { class: "muted", text: "not measured" });
    }))));
  return h("div", { class: "table-scroll" }, h("table", { class: "figures-side" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, h("span", { class: "visually-hidden", text: "Figure" })),
      table.frameworks.map((framework) => h("th", { scope: "col", text: framework.label })))),
    h("tbody", {}, rows)));
}

async function start() {
  const box = document.getElementById("figures-body");
  if (!box) return;
  try {
    const table = await getJson("/api/figures?ids=" + box.dataset.ids.split(",").map(enc).join(","));
    const { charts, measured, missing } = comparedCharts(table);
    const parts = [];
    if (missing.length) {
      parts.push(h("p", { class: "not-measured" }, h("strong", { text: "Not measured: " }),
        missing.map((framework) => framework.label).join(", ")));
    }
    if (measured.length) {
      parts.push(legend(table), h("div", { class: "chart-grid" }, charts), figureTable(table));
    }
    parts.push(runNote(table.runs));
    box.replaceChildren(...parts);
  } catch (error) {
    box.replaceChildren(h("p", { class: "notice", text: `The figures could not be loaded (${error.message}).` }));
  }
  box.removeAttribute("aria-busy");
  box.dataset.state = "ready";
}

// Release cycles and survey trend of each framework side by side, from its record (/api/frameworks/<slug>).
async function startLifecycle() {
  const box = document.getElementById("lifecycle-body");
  if (!box) return;
  try {
    const records = await Promise.all(box.dataset.ids.split(",").map((id) => getJson(`/api/frameworks/${enc(id)}`)));
    const caveats = [...new Set(records.flatMap((record) => (record.popularity ? record.popularity.caveats : [])))];
    box.replaceChildren(h("div", { class: "chart-grid" }, records.map((record) =>
      h("section", { class: "framework-lifecycle", "data-id": record.id },
        h("h3", { text: record.label }),
        h("h4", { text: "Release cycles" }), cycleTimeline(record.release_cycles, record.label),
        maintainedNote(record.maintained),
        h("h4", { text: "Survey: worked with it" }),
        surveyTrend(record.popularity, record.label, { caveats: false })))),
    // One table, so its caveats once, under all the charts.
    caveats.length ? h("div", { class: "survey-caveats" }, h("h4", { text: "What the survey shares mean" }),
      caveatList(caveats)) : null);
  } catch (error) {
    box.replaceChildren(h("p", { class: "notice", text: `The release cycles could not be loaded (${error.message}).` }));
  }
  box.removeAttribute("aria-busy");
  box.dataset.state = "ready";
}

start();
startLifecycle();
