// @ts-check
// The side panel: the welcome, a node's details (a framework's record, a resource's neighbours, a query
// node's values), the answers to a question or filters with their why, a query drawn as a graph, errors.

import { h, linkButton, setStatus } from "./dom.js";
import { enc, getJson, pagePath, sparqlEditorUrl } from "./http.js";
import { typeLabel } from "./elements.js";
import { frameworkChart, setChart } from "./figures-panel.js";
import { caveatList, cycleTimeline, maintainedNote, sourceLink, surveyTrend } from "./lifecycle-charts.js";
/** @typedef {import("./state.js").State} State */

/** Replace the panel's content; move keyboard focus there when the user asked for it from the keyboard.
 * @param {State} state
 */
export function showPanel(state, content, { focus = false } = {}) {
  const { panel, panelBody } = state.dom;
  panelBody.replaceChildren(...[content].flat().filter((part) => part !== null && part !== undefined));
  panel.scrollTop = 0;
  delete panelBody.dataset.group; // an open group's panel (main.js) says so again after this
  if (focus) panel.focus({ preventScroll: true });
  state.panelShown += 1;
  return state.panelShown;
}

/** @param {State} state */
export const showWelcome = (state) => showPanel(state, state.dom.welcome);

/** @param {State} state */
export function showError(state, error) {
  setStatus(state, error.message, true);
  showPanel(state, [h("h2", { text: "Something is missing" }), h("p", { class: "notice", text: error.message }),
    h("p", {}, linkButton("Back to the overview", state.go.home))]);
}

export const typeChip = (type) => h("span", { class: `type ${type}`, text: typeLabel(type) });

/** @param {State} state */
function sourceNote(state, source) {
  if (!source) return null;
  const link = source.id && state.vocab.isSlug(source.id)
    ? h("a", { href: pagePath(source.id), text: source.label })
    : source.label;
  const curated = source.curated ? h("span", { class: "curated", text: "curated" }) : null;
  return h("span", { class: "source" }, " — ", link, curated);
}

/** @param {State} state */
function focusButton(state, item, className) {
  return linkButton(item.label, () => state.go.focus(item.id, true), className);
}

/** @param {State} state */
function chips(state, items) {
  return h("ul", { class: "chips" }, items.map((item) => h("li", {}, focusButton(state, item))));
}

/** @param {State} state */
function backToAnswers(state) {
  if (!state.shownAnswer) return null;
  return h("p", { class: "nav" }, linkButton("← Back to the answers", () => {
    const { focus, ...rest } = state.current; // the same answers, without the node
    state.go.show(rest);
  }));
}

/** @param {State} state */
function heading(state, data) {
  return [
    backToAnswers(state),
    h("p", { class: "kind" }, typeChip(data.type)),
    h("h2", { text: data.label }),
    data.iri ? h("p", { class: "iri muted" }, h("code", { text: data.iri })) : null,
  ];
}

/** Show what the graph says about a node: loading first, then the details unless the panel has moved on.
 * @param {State} state
 */
export async function showDetails(state, node, focusPanel) {
  const data = node.data();
  const id = data.id;
  const { isSlug } = state.vocab;
  const shown = showPanel(state, [...heading(state, data), h("p", { class: "muted", text: "Loading…" })],
    { focus: focusPanel });
  let content;
  if ((data.types || []).includes("framework") && isSlug(id)) {
    const [record, similar] = await Promise.allSettled([
      getJson(`/api/frameworks/${enc(id)}`),
      getJson(`/api/frameworks/${enc(id)}/similar?k=5`),
    ]);
    if (record.status === "rejected") throw record.reason;
    content = frameworkDetails(state, record.value, similar);
  } else if (isSlug(id)) {
    content = resourceDetails(state, data, await getJson("/api/graph?focus=" + enc(id)));
  } else {
    content = constructNodeDetails(data);
  }
  if (shown !== state.panelShown) return; // the panel has moved on meanwhile
  showPanel(state, [...heading(state, data), ...content]); // the panel keeps the focus it was given above
}

/** On a phone, which shows the list or the graph: a button to the graph (hidden on a wider screen, which shows both).
 * @param {State} state
 */
const showInGraph = (state, text) => h("button", { type: "button", class: "phone-only", text,
  onclick: () => state.go.view("graph") });

/** @param {State} state */
function actions(state, id) {
  return h("div", { class: "actions" },
    h("button", { type: "button", text: "Expand neighbours", onclick: () => state.go.expand(id) }),
    showInGraph(state, "Show in graph"),
    h("a", { href: pagePath(id), text: "Linked-data page" }));
}

/** @param {State} state */
function frameworkDetails(state, record, similar) {
  const parts = [];
  // The description, and after the actions (which come first from the keyboard) the source that says it.
  const said = (record.descriptions || []).find((d) => d.text === record.description);
  if (record.description) parts.push(h("p", { class: "description", text: record.description }));
  parts.push(actions(state, record.id));
  if (said) parts.push(h("p", { class: "description-source muted" }, "Description:", sourceNote(state, said.source)));
  parts.push(h("h3", { text: "Measured" }), frameworkChart(record)); // or "not measured"
  if (record.release_cycles) { // release cycles on a timeline, maintenance, the survey trend: each with its source
    parts.push(h("h3", { text: "Release cycles" }), cycleTimeline(record.release_cycles, record.label),
      maintainedNote(record.maintained), h("h3", { text: "Survey" }), surveyTrend(record.popularity, record.label));
  }
  const relation = (title, items) => {
    if (items && items.length) parts.push(h("h3", { text: title }), chips(state, items));
  };
  relation("Kind", record.kind);
  relation("Language", record.language);
  relation("Built on", record.built_on);
  relation("Runs on", record.runs_on);
  relation("Part of", record.part_of);
  relation("Style", record.style);
  relation("Use cases", record.use_cases);
  relation("Features", record.features);
  relation("Used by", record.used_by);
  const project = [
    ...(record.licence || []).map((item) => h("li", { text: `Licence: ${item.label}` })),
    ...[["Homepage", record.homepage], ["Source code", record.repository]].flatMap(([title, items]) =>
      (items || []).filter((item) => /^https?:\/\//.test(item.iri)).map((item) => // never a javascript: URL
        h("li", {}, `${title}: `, h("a", { href: item.iri, rel: "noopener noreferrer", text: item.iri })))),
  ];
  if (project.length) parts.push(h("h3", { text: "Project" }), h("ul", { class: "project" }, project));
  for (const [title, claims] of [["Pros", record.pros], ["Cons", record.cons]]) {
    if (!claims || !claims.length) continue;
    parts.push(h("h3", { text: title }), h("ul", { class: "claims" }, claims.map((claim) =>
      h("li", {},
        h("span", { class: "aspect", text: claim.aspects.map((a) => a.label).join(", ") }), ": ",
        claim.description, sourceNote(state, claim.source)))));
  }
  if (record.recommendations && record.recommendations.length) {
    parts.push(h("h3", { text: "Recommended" }), h("ul", { class: "claims" }, record.recommendations.map((rec) =>
      h("li", {},
        h("span", { class: "aspect", text: rec.audiences.map((a) => a.label).join(", ") }), ": ",
        rec.description, sourceNote(state, rec.source)))));
  }
  parts.push(...benchmarkDetails(state, record));
  parts.push(h("h3", { text: "Similar frameworks" }), similarList(state, record, similar));
  if (record.sources && record.sources.length) {
    parts.push(h("h3", { text: "Sources" }), h("ul", { class: "sources" }, record.sources.map((source) =>
      h("li", {}, h("a", { href: pagePath(source.id), text: source.label })))));
  }
  return parts;
}

/** What the public datasets say: TechEmpower's class and set-ups, the-benchmarker's figures with their run.
 * @param {State} state
 */
function benchmarkDetails(state, record) {
  const parts = [];
  const kinds = [["TechEmpower class", record.benchmark_classification], ["Benchmarked on", record.benchmarked_platform],
    ["Benchmarked with", record.benchmarked_with], ["ORM class", record.benchmarked_orm],
    ["Web servers", record.benchmarked_on]];
  const setups = record.benchmark_setups || [];
  if (kinds.some(([, items]) => items && items.length) || setups.length) {
    parts.push(h("h3", { text: "Benchmark set-ups" }));
    const rows = kinds.filter(([, items]) => items && items.length).map(([title, items]) =>
      h("li", {}, `${title}: `, items.map((item) => item.label).join(", ")));
    if (rows.length) parts.push(h("ul", { class: "project" }, rows));
    if (setups.length) {
      const broken = setups.filter((setup) => setup.broken).length;
      parts.push(h("details", { class: "setups" },
        h("summary", { class: "muted", text: `${setups.length} set-up(s)` + (broken ? `, ${broken} marked broken` : "") }),
        h("ul", {}, setups.map((setup) => h("li", {}, setup.label, setup.broken ? " (broken)" : "",
          sourceNote(state, setup.source))))));
    }
  }
  const figures = record.figures || { measurements: [], runs: [] };
  if (figures.measurements.length) {
    parts.push(h("h3", { text: "Measured, in numbers" }));
    const ms = (value) => (value === undefined ? "–" : (value * 1000).toFixed(1));
    const number = (value) => (value === undefined ? "–" : Math.round(value).toLocaleString("en"));
    parts.push(h("table", { class: "figures" },
      h("thead", {}, h("tr", {}, ...["set-up", "connections", "requests/s", "p50 ms", "p99 ms"].map((title) =>
        h("th", { scope: "col", text: title })))),
      h("tbody", {}, figures.measurements.map((m) => h("tr", {}, h("td", { text: m.setup.label }),
        ...[String(m.concurrency), number(m.requests_per_second), ms(m.latency_p50), ms(m.latency_p99)].map((text) =>
          h("td", { text })))))));
  }
  return parts;
}

/** @param {State} state */
function similarList(state, record, similar) {
  if (similar.status === "rejected") {
    const why = similar.reason.status === 404 ? "No similarity for this framework from this server." : "";
    return h("p", { class: "notice", text: `${why} (${similar.reason.message})`.trim() });
  }
  const results = similar.value.results;
  if (!results.length) return h("p", { class: "muted", text: "No framework shares anything with this one." });
  const top = results.slice(0, 2).map((match) => match.id);
  return h("div", {},
    h("p", { class: "muted" }, "Weighted share of what either has (1 = the same). ",
      h("a", { href: `/compare?ids=${[record.id, ...top].map(enc).join(",")}`, text: "Compare with the top two" })),
    h("ol", { class: "similar" }, results.map((match) =>
      h("li", {},
        h("div", { class: "score" },
          focusButton(state, match), barOf(match.score), h("span", { text: match.score.toFixed(2) })),
        match.shared.length ? h("div", { class: "shared", text: "Shares: " + match.shared.join("; ") }) : null,
        match.different.length
          ? h("details", {}, h("summary", { class: "muted", text: "Where they differ" }),
            h("ul", {}, match.different.map((line) => h("li", { text: line }))))
          : null,
        h("a", { class: "muted", href: `/compare?ids=${enc(record.id)},${enc(match.id)}` }, "Compare side by side"),
      ))));
}

function barOf(score) {
  const fill = h("span");
  fill.style.width = `${Math.round(Math.min(1, score) * 100)}%`;
  return h("span", { class: "bar", "aria-hidden": "true" }, fill);
}

/** @param {State} state */
function resourceDetails(state, data, view) {
  const parts = [actions(state, data.id)];
  const labelOf = new Map(view.nodes.map((node) => [node.id, node]));
  const groups = new Map();
  for (const edge of view.edges) {
    const outgoing = edge.source === data.id;
    if (!outgoing && edge.target !== data.id) continue;
    const title = outgoing ? `${data.label} ${edge.label} …` : `… ${edge.label} ${data.label}`;
    const other = labelOf.get(outgoing ? edge.target : edge.source);
    if (!groups.has(title)) groups.set(title, []);
    if (other) groups.get(title).push(other);
  }
  parts.push(h("p", { class: "muted", text: `${view.total_neighbours} neighbours in the graph.` }));
  for (const [title, items] of groups) parts.push(h("h3", { text: title }), chips(state, items));
  return parts;
}

function constructNodeDetails(data) {
  const parts = [];
  if (data.props && data.props.length) {
    parts.push(h("h3", { text: "Values" }), h("ul", { class: "claims" }, data.props.map(([predicate, value]) =>
      h("li", {}, h("code", { text: predicate }), " ", value))));
  }
  if (!parts.length) parts.push(h("p", { class: "muted", text: "The query gave no values for this node." }));
  return parts;
}

export function countText(n) {
  return n === 1 ? "1 framework matches." : `${n} frameworks match.`;
}

/** The answers to the question or the filters shown (state.shownAnswer), each with its why. @param {State} state */
export function answersPanel(state) {
  const { kind, title, answer, summary: filtered } = state.shownAnswer;
  const parts = [h("p", { class: "nav" }, linkButton("← Overview", state.go.home)), h("h2", { text: title })];
  const summary = kind === "ask" ? answer.interpretation.summary : filtered;
  if (summary) parts.push(h("p", {}, h("strong", { text: "Read as: " }), summary));
  if (kind === "ask" && answer.interpretation.ignored.length) {
    parts.push(h("p", { class: "muted", text: "Words not used: " + answer.interpretation.ignored.join(", ") }));
  }
  if (answer.message) {
    parts.push(h("p", { class: "notice", text: answer.message }), ...suggestionsOf(state, answer.suggestions));
  }
  parts.push(...datedParts(answer));
  parts.push(h("p", { class: "count" }, countText(answer.results.length), " ", showInGraph(state, "Show them in the graph")));
  parts.push(h("ol", { class: "answers", id: "answers" }, answer.results.map((result) => answerItem(state, result))));
  if (answer.results.length) parts.push(h("h3", { text: "Measured" }), setChart(answer.results, title));
  if (answer.sparql) {
    const editor = h("a", { href: sparqlEditorUrl(answer.sparql), id: "show-sparql" }, "Show SPARQL in the editor");
    const query = h("pre", { class: "sparql", text: answer.sparql });
    parts.push(
      h("div", { class: "actions" }, editor),
      h("details", {}, h("summary", { text: "The query that ran" }), query),
    );
  }
  return parts;
}

/** What an answer judged on a date or ranked by the survey says beside its list: the answer about a framework's
 * cycles in one sentence, the date it was judged on, and the survey year with its caveats and source. */
function datedParts(answer) {
  const parts = [];
  if (answer.lifecycle) {
    parts.push(h("p", { class: "lifecycle-answer", "data-answer": JSON.stringify(answer.lifecycle.answer) },
      h("strong", { text: answer.lifecycle.text })));
  }
  if (answer.as_of) parts.push(h("p", { class: "muted as-of", text: `Judged as of ${answer.as_of}.` }));
  const ranking = answer.ranking;
  if (ranking && ranking.by) { // a ranking by the survey (a ranking by a measured figure has a metric instead)
    parts.push(h("div", { class: "survey-ranking" },
      h("p", { text: `Ranked ${ranking.means}.` }), caveatList(ranking.caveats),
      h("p", { class: "muted" }, "Source: ", sourceLink(ranking.source))));
  }
  return parts;
}

/** One answer: its name, and each statement that makes it one, with the triple and the source. @param {State} state */
function answerItem(state, result) {
  const score = typeof result.score === "number"
    ? h("span", { class: "muted", text: ` score ${result.score.toFixed(2)}` })
    : null;
  const reasons = result.why.map((reason) => h("li", {},
    reason.text, sourceNote(state, reason.source), h("span", { class: "triple", text: reason.triple.join("  ") })));
  return h("li", { "data-id": result.id },
    h("div", {}, focusButton(state, result, "title"), score),
    h("ul", { class: "why" }, reasons));
}

/** @param {State} state */
function suggestionsOf(state, suggestions) {
  if (!suggestions) return [];
  const parts = [];
  for (const [word, names] of Object.entries(suggestions.did_you_mean || {})) {
    parts.push(h("p", { text: `“${word}”: did you mean ${names.join(", ")}?` }));
  }
  if (suggestions.examples && suggestions.examples.length) {
    const examples = suggestions.examples.map((example) =>
      h("li", {}, linkButton(example, () => state.go.ask(example))));
    parts.push(h("p", { class: "muted", text: "Questions that work:" }), h("ul", {}, examples));
  }
  return parts;
}

/** A CONSTRUCT or DESCRIBE query drawn as a graph (state.shownConstruct): what was drawn, and the query.
 * @param {State} state
 */
export function constructPanel(state) {
  const info = state.shownConstruct;
  return [
    h("p", { class: "nav" }, linkButton("← Back to the frameworks", state.go.home)),
    h("h2", { text: "A query, as a graph" }),
    h("p", { text: `${info.triples} triples drawn as ${info.nodes} nodes and ${info.edges} edges. `
      + "Labels name the nodes; other values are listed in each node's details." }),
    info.truncated ? h("p", { class: "notice", text: "The answer was cut at the server's row limit." }) : null,
    h("div", { class: "actions" }, h("a", { href: sparqlEditorUrl(info.query), text: "Edit in the SPARQL editor" })),
    h("pre", { class: "sparql", text: info.query }),
  ];
}
