// What the explorer's URL says (service/static/explorer/url-state.js): deep links and the back button.
import assert from "node:assert/strict";
import { test } from "node:test";

import { shownFrom, urlOf } from "../../service/static/explorer/url-state.js";

const FILTERS = ["language", "use_case", "pro", "con", "audience"];

test("a deep link's question, node and filters are read as shown", () => {
  const shown = shownFrom("?q=Python+frameworks+suited+to+APIs&focus=flask&language=python&language=ruby", FILTERS);
  assert.deepEqual(shown, { q: "Python frameworks suited to APIs", focus: "flask", language: ["python", "ruby"] });
});

test("empty values, unknown parameters and a view other than the graph are left out", () => {
  assert.deepEqual(shownFrom("?q=&focus=&language=&view=list&colour=red", FILTERS), {});
  assert.deepEqual(shownFrom("?view=graph", FILTERS), { view: "graph" });
  assert.deepEqual(shownFrom("", FILTERS), {});
});

test("the URL puts the question first, the filters in the server's order, then the node, query and view", () => {
  const shown = { view: "graph", focus: "django", audience: ["beginners"], language: ["python"], q: "web apps" };
  assert.equal(urlOf(FILTERS, shown), "/?q=web+apps&language=python&audience=beginners&focus=django&view=graph");
});

test("nothing shown is the page's own address", () => {
  assert.equal(urlOf(FILTERS, {}), "/");
  assert.equal(urlOf(FILTERS, { q: "", language: [] }), "/");
});

test("a query drawn as a graph survives the round trip through the URL, characters and all", () => {
  const shown = { construct: "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5 # é & ?", language: ["c#"] };
  const url = urlOf(FILTERS, shown);
  assert.ok(url.startsWith("/?language=c%23&construct=CONSTRUCT+%7B"));
  assert.deepEqual(shownFrom(url.slice(1), FILTERS), shown);
});

test("a filter the server does not offer is neither read nor written", () => {
  assert.deepEqual(shownFrom("?language=python&runtime=node", ["language"]), { language: ["python"] });
  assert.equal(urlOf(["language"], { runtime: ["node"], language: ["go"] }), "/?language=go");
});
