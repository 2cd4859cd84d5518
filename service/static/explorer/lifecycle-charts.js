// @ts-check
// A framework's release cycles on a timeline and its survey trend as a small chart, for the explorer's panel and
// the compare page. Every date, share and label drawn is a value of the API's answer (/api/frameworks/<slug>:
// release_cycles, popularity), kept on its element as data-* as the API gave it; text goes in as text only.

import { h } from "./dom.js";
import { DAY, timeScale, trendScale, WINDOW_YEARS, yearTicks } from "./scales.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 360;
const NAME = 76; // the column of cycle names
const ROW = 16;
const BAR = 10;
const AXIS = 16;
const MAX_CYCLES = 8; // the supported cycles, then the most recent ended ones, up to this many
const MAX_ENDED = 3; // of the ended cycles, the most recent few
const TOP = 14; // room for the date line's label above the bars

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const isDate = (text) => typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text);
const time = (text) => Date.parse(`${text}T00:00:00Z`);

/** The source of claims, linked where the API gives an address (only http(s)), else named. */
export function sourceLink(source) {
  if (!source) return null;
  const label = source.label || source.id;
  return /^https?:\/\//.test(source.url || "")
    ? h("a", { href: source.url, rel: "noopener noreferrer", class: "source-link", text: label })
    : h("span", { class: "source-link", text: label });
}

/**
 * The cycles a timeline shows: supported ones first chosen, then the most recent others that ended within the
 * timeline's reach of `asOf` (an end not dated counts from the cycle's latest release), newest on top.
 */
export function shownCycles(cycles, asOf) {
  const reach = time(asOf) - WINDOW_YEARS * 365 * DAY;
  const ended = (cycle) => [cycle.security_support_until, cycle.latest_release_date, cycle.release_date]
    .find(isDate);
  const supported = cycles.filter((cycle) => cycle.supported !== false);
  const others = cycles.filter((cycle) => cycle.supported === false && ended(cycle) && time(ended(cycle)) >= reach)
    .slice(0, MAX_ENDED);
  const kept = new Set([...supported, ...others].slice(0, MAX_CYCLES));
  return cycles.filter((cycle) => kept.has(cycle) && isDate(cycle.release_date));
}

/**
 * A timeline of release cycles (`releaseCycles` as the API gives it): a bar per cycle from its release to the end
 * of security support (open-ended, dashed, when no end is announced), the part under active support darker, LTS
 * marked, the date of the answer (as_of) drawn as a line, and each cycle's file as the source.
 */
export function cycleTimeline(releaseCycles, label) {
  const own = releaseCycles.cycles || [];
  const runtime = !own.length && releaseCycles.runtime && releaseCycles.runtime.length ? releaseCycles.runtime[0] : null;
  const cycles = shownCycles(runtime ? runtime.cycles : own, releaseCycles.as_of);
  if (!cycles.length) {
    return h("p", { class: "muted no-cycles", text: `No release cycles of ${label} in the graph.` });
  }
  const today = time(releaseCycles.as_of);
  const starts = cycles.map((cycle) => time(cycle.release_date));
  // Where a bar ends: its end of security support; ended on a date not given, its latest release (or its release).
  const ends = cycles.map((cycle) => {
    if (isDate(cycle.security_support_until)) return time(cycle.security_support_until);
    if (cycle.supported === false) return time(isDate(cycle.latest_release_date) ? cycle.latest_release_date : cycle.release_date);
    return NaN; // no end announced: open-ended
  });
  const room = WIDTH - NAME - 4;
  const { first, last, x } = timeScale(starts, ends, today, NAME, room); // older bars start clipped
  const height = TOP + cycles.length * ROW + AXIS + 4;
  const owner = runtime ? runtime.runtime.label : label;
  const title = `${owner}: release cycles, from release to the end of security support`;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", class: "timeline",
    "aria-label": title, preserveAspectRatio: "xMinYMin meet" });
  const said = cycles.map((cycle) => `${cycle.label}: ${cycle.release_date} to ${cycle.end_of_life}`
    + `${cycle.lts ? ", LTS" : ""}${cycle.supported ? ", supported" : ""}`).join("; ");
  chart.append(svg("title", {}, title), svg("desc", {}, `As of ${releaseCycles.as_of}. ${said}.`));
  cycles.forEach((cycle, i) => {
    const y = TOP + i * ROW + 2;
    const start = x(starts[i]);
    const open = Number.isNaN(ends[i]);
    const end = open ? NAME + room : x(ends[i]);
    const group = svg("g", {
      class: `cycle${cycle.supported ? " is-supported" : ""}${cycle.lts ? " is-lts" : ""}`,
      "data-cycle": cycle.cycle, "data-release": cycle.release_date, "data-end": cycle.end_of_life,
      "data-supported": String(cycle.supported), "data-lts": String(cycle.lts),
    });
    group.append(
      svg("title", {}, `${cycle.label}: released ${cycle.release_date}, security support until `
        + `${cycle.end_of_life}${cycle.lts ? " (LTS)" : ""}; latest ${cycle.latest_version || "?"}`),
      svg("text", { x: NAME - 6, y: y + 10, class: "name", "text-anchor": "end" },
        `${cycle.cycle}${cycle.lts ? " LTS" : ""}`),
      svg("rect", { x: start.toFixed(1), y: y + (ROW - BAR) / 2, width: Math.max(1, end - start).toFixed(1),
        height: BAR, rx: 2, class: open ? "security open" : "security" }),
    );
    if (isDate(cycle.active_support_until)) {
      const active = Math.min(x(time(cycle.active_support_until)), end);
      if (active > start) {
        group.append(svg("rect", { x: start.toFixed(1), y: y + (ROW - BAR) / 2, width: (active - start).toFixed(1),
          height: BAR, rx: 2, class: "active" }));
      }
    }
    chart.append(group);
  });
  const axis = TOP + cycles.length * ROW + 2;
  yearTicks(first, last).forEach((year) => {
    const at = x(Date.UTC(year, 0, 1));
    chart.append(svg("line", { x1: at, x2: at, y1: TOP, y2: axis, class: "tick" }),
      svg("text", { x: at, y: axis + 12, class: "axis", "text-anchor": "middle" }, String(year)));
  });
  const late = x(today) > WIDTH - 60; // near the right edge, the label ends at the line
  chart.append(svg("line", { x1: x(today), x2: x(today), y1: TOP - 2, y2: axis, class: "today",
    "data-date": releaseCycles.as_of }), svg("text", { x: x(today) + (late ? -2 : 2), y: TOP - 4,
    class: "today-label", "text-anchor": late ? "end" : "start" }, releaseCycles.as_of));
  const sources = [...new Map(cycles.map((cycle) => [cycle.source.id, cycle.source])).values()];
  return h("figure", { class: "lifecycle-chart", "data-for": label },
    runtime ? h("p", { class: "muted runtime-note",
      text: `${label} has no release cycles of its own in the graph; these are ${runtime.runtime.label}'s, `
        + "the runtime it runs on." }) : null,
    chart,
    h("figcaption", {},
      h("span", { class: "legend-note", text: `Darker: active support; lighter: security fixes only; the line: `
        + `${releaseCycles.as_of}, the date supported is judged on. ` }),
      "Source: ", ...sources.flatMap((source, i) => [i ? ", " : "", sourceLink(source)])));
}

/**
 * The survey trend (`popularity` as the API gives it): the share of respondents who worked with the framework, by
 * year, a point per year it was offered (a year it was not offered is said, not drawn as zero); the caveats and the
 * table's source beside it.
 */
export function surveyTrend(popularity, label, { caveats = true } = {}) {
  if (!popularity) return h("p", { class: "muted no-survey", text: `The survey table does not list ${label}.` });
  const years = popularity.by_year;
  const points = years.filter((entry) => typeof entry.worked_with === "number");
  const missing = years.filter((entry) => typeof entry.worked_with !== "number").map((entry) => entry.year);
  const height = 116;
  const top = 18; // room for a value above the highest point
  const bottom = height - 18;
  const left = 52;
  const right = WIDTH - 24;
  const allYears = years.map((entry) => entry.year);
  const pad = 22; // the first and last points keep their values clear of the axis labels
  const { scale, x, y } = trendScale(allYears, points.map((point) => point.worked_with), { left, right, top, bottom, pad });
  const title = `${label}: share of survey respondents who worked with it, by year`;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", class: "trend", "aria-label": title,
    preserveAspectRatio: "xMinYMin meet" });
  const said = points.map((point) => `${point.year}: ${(point.worked_with * 100).toFixed(1)} %`).join(", ");
  chart.append(svg("title", {}, title), svg("desc", {}, `${said}${missing.length ? `; not offered in ${missing.join(", ")}` : ""}.`));
  chart.append(svg("line", { x1: left, x2: right, y1: bottom, y2: bottom, class: "tick" }),
    svg("text", { x: left - 4, y: top + 4, class: "axis", "text-anchor": "end" }, `${Math.round(scale * 100)} %`),
    svg("text", { x: left - 4, y: bottom, class: "axis", "text-anchor": "end" }, "0"));
  for (const year of allYears) {
    chart.append(svg("text", { x: x(year), y: height - 4, class: "axis", "text-anchor": "middle" }, String(year)));
  }
  if (points.length > 1) {
    chart.append(svg("polyline", { class: "trend-line", fill: "none",
      points: points.map((point) => `${x(point.year).toFixed(1)},${y(point.worked_with).toFixed(1)}`).join(" ") }));
  }
  // Numbers written beside the last point and the highest (every point says its number in its <title>).
  const written = new Set([points[points.length - 1], points.reduce((a, b) => (b.worked_with > a.worked_with ? b : a),
    points[0])]);
  for (const point of points) {
    const shown = `${(point.worked_with * 100).toFixed(1)} %`;
    const dot = svg("g", { class: "point", "data-year": String(point.year), "data-value": String(point.worked_with) });
    dot.append(svg("title", {}, `${point.year}: ${shown} of respondents worked with ${label}`
      + (point.respondents ? ` (${point.count} of ${point.respondents})` : "")),
    svg("circle", { cx: x(point.year).toFixed(1), cy: y(point.worked_with).toFixed(1), r: 3 }),
    written.has(point) ? svg("text", { x: x(point.year).toFixed(1), y: (y(point.worked_with) - 5).toFixed(1),
      class: "value", "text-anchor": "middle" }, shown) : "");
    chart.append(dot);
  }
  return h("figure", { class: "survey-chart", "data-for": label }, chart,
    h("figcaption", {},
      missing.length ? h("p", { class: "muted not-offered", text: `Not offered in ${missing.join(", ")}.` }) : null,
      caveats ? caveatList(popularity.caveats) : null,
      h("p", { class: "muted" }, "Source: ", sourceLink(popularity.source))));
}

/** The caveats that go with survey shares, as the API gives them. */
export function caveatList(caveats) {
  return h("ul", { class: "caveats" }, (caveats || []).map((caveat) => h("li", { class: "caveat", text: caveat })));
}

/** One line on whether the project is actively maintained, with its evidence and date. */
export function maintainedNote(maintained) {
  if (!maintained) return null;
  const evidence = maintained.evidence.map((item) => item.text).join("; ");
  return h("p", { class: `maintained is-${maintained.status}`, "data-status": maintained.status },
    h("strong", { text: `Actively maintained as of ${maintained.as_of}: ${maintained.status}. ` }),
    evidence || "No release or repository evidence in the graph.");
}
