// Each field of the explorer's state has one module that writes it (service/static/explorer/state.js's WRITERS),
// held by the ESLint rule stackatlas/one-writer (state-owners.js), which `make lint` runs on every module.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Linter } from "eslint";

import { createState, HANDLES, WRITERS } from "../../service/static/explorer/state.js";
import stateOwners from "./state-owners.js";

const CONFIG = [{
  languageOptions: { ecmaVersion: 2022, sourceType: "module" },
  plugins: { stackatlas: stateOwners },
  rules: { "stackatlas/one-writer": "error" },
}];

/** The rule's messages on `code` as the module named `module`. */
function problems(module, code) {
  return new Linter().verify(code, CONFIG, { filename: module }).map((message) => message.message);
}

test("every field the state is made with has one writer, and every writer a field", () => {
  globalThis.window = { matchMedia: () => ({ matches: false }) };
  try {
    assert.deepEqual(Object.keys(createState({}, {}, {})).sort(), Object.keys(WRITERS).sort());
  } finally {
    delete globalThis.window;
  }
  for (const handle of HANDLES) assert.ok(handle in WRITERS, handle);
});

test("the owner may assign its field, another module may not", () => {
  const code = "export function f(state) { state.mode = 'start'; }";
  assert.deepEqual(problems("graph-view.js", code), []);
  assert.deepEqual(problems("main.js", code),
    ["state.mode is written by graph-view.js only: call a function of graph-view.js to change it"]);
});

test("counting, deleting and mutating calls are writes; reading is not", () => {
  assert.equal(problems("panel.js", "export const f = (state) => ++state.applied;").length, 1);
  assert.equal(problems("main.js", "export function f(state) { state.overview.open.add('group:python'); }").length, 1);
  assert.equal(problems("main.js", "export function f(state) { delete state.search.timer; }").length, 1);
  assert.equal(problems("main.js", "export function f(state) { state.fitted.eles.x = 1; }").length, 1);
  const reads = "export function f(state) { clearTimeout(state.labelTimer); return state.overview.open.has('k') "
    + "&& state.current.q && [...state.search.options].sort(); }";
  assert.deepEqual(problems("main.js", reads), []);
});

test("writes through an alias of a field are the field's", () => {
  assert.equal(problems("main.js", "export function f(state) { const search = state.search; search.seq += 1; }").length, 1);
  assert.equal(problems("main.js", "export function f(state) { const { overview } = state; overview.open.clear(); }").length, 1);
  assert.equal(problems("main.js", "export function f(state) { const { open } = state.overview; open.delete('k'); }").length, 1);
  assert.deepEqual(problems("search.js", "export function f(state) { const search = state.search; search.seq += 1; }"), []);
  assert.deepEqual(problems("main.js", "export function f(state) { let { current } = state; current = {}; return current; }"), []);
});

test("inside a handle is the library's: changing the page or the drawing is not writing the state", () => {
  const code = "export function f(state) { state.dom.askInput.value = ''; state.cy.elements().remove(); "
    + "state.dom.container.dataset.layout = 'done'; delete state.dom.container.dataset.centred; }";
  assert.deepEqual(problems("ask.js", code), []);
  assert.equal(problems("ask.js", "export function f(state) { state.dom = {}; }").length, 1);
});

test("a field no module owns is reported", () => {
  assert.deepEqual(problems("main.js", "export function f(state) { state.zoomed = true; }"),
    ["state.zoomed has no writer in state.js's WRITERS"]);
});
