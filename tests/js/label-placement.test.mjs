// Which labels the explorer draws (service/static/explorer/label-placement.js): greedy, most important first.
import assert from "node:assert/strict";
import { test } from "node:test";

import { byImportance, hits, labelsToHide, overlap, rankOf } from "../../service/static/explorer/label-placement.js";

const SCREEN = { x1: 0, y1: 0, x2: 800, y2: 600 };
const box = (x1, y1, w, h) => ({ x1, y1, x2: x1 + w, y2: y1 + h });
const label = (id, b, always = false) => ({ id, box: b, always });
const ids = (candidates) => candidates.map((candidate) => candidate.id);

test("a label that would cover one placed before it is hidden, the first kept", () => {
  const django = label("django", box(100, 100, 60, 14));
  const flask = label("flask", box(130, 105, 50, 14)); // over Django's
  const rails = label("rails", box(300, 100, 50, 14)); // clear of both
  assert.deepEqual(ids(labelsToHide([django, flask, rails], [], SCREEN)), ["flask"]);
  assert.deepEqual(ids(labelsToHide([flask, django, rails], [], SCREEN)), ["django"]); // the order decides
});

test("labels that only touch are both drawn", () => {
  const left = label("a", box(100, 100, 50, 14));
  const right = label("b", box(150, 100, 50, 14));
  assert.deepEqual(labelsToHide([left, right], [], SCREEN), []);
});

test("the selected node's label is drawn even over a label placed before it", () => {
  const answer = label("fastapi", box(100, 100, 60, 14));
  const selected = label("flask", box(120, 100, 60, 14), true);
  assert.deepEqual(labelsToHide([answer, selected], [], SCREEN), []);
});

test("a label over another node's body is hidden, over its own node's body it is not", () => {
  const bodies = [{ id: "express", box: box(200, 200, 40, 40), round: false }];
  assert.deepEqual(ids(labelsToHide([label("koa", box(210, 210, 50, 14))], bodies, SCREEN)), ["koa"]);
  assert.deepEqual(labelsToHide([label("express", box(210, 210, 50, 14))], bodies, SCREEN), []);
});

test("a round node is an obstacle as its disc: a label by its bounding square's corner is drawn", () => {
  const disc = { id: "nodejs", box: box(100, 100, 100, 100), round: true };
  const corner = box(190, 90, 40, 14); // inside the square's corner, outside the disc
  assert.equal(hits(disc, corner), false);
  assert.equal(hits({ ...disc, round: false }, corner), true);
  assert.equal(hits(disc, box(140, 140, 20, 10)), true); // at the disc's centre
  assert.deepEqual(labelsToHide([label("deno", corner)], [disc], SCREEN), []);
});

test("a label off the screen is neither drawn nor an obstacle", () => {
  const off = label("phoenix", box(900, 100, 60, 14));
  const on = label("elixir", box(790, 100, 60, 14)); // reaches past the edge: still on screen
  assert.deepEqual(labelsToHide([off, on], [], SCREEN), []);
  assert.equal(overlap(off.box, SCREEN), false);
});

test("the selected node ranks first, then answers and terms, groups, hubs, others, faded last", () => {
  const flags = { selected: false, lit: false, group: false, hub: false, faded: false };
  const ranks = [
    { ...flags, selected: true, lit: true }, { ...flags, lit: true }, { ...flags, group: true }, { ...flags, hub: true },
    flags, { ...flags, faded: true },
  ].map(rankOf);
  assert.deepEqual(ranks, [0, 1, 2, 3, 4, 5]);
});

test("among equals the more connected comes first, then the label in alphabetical order", () => {
  const nodes = [
    { label: "Sinatra", rank: 4, degree: 3 }, { label: "Express", rank: 4, degree: 9 },
    { label: "Django", rank: 1, degree: 1 }, { label: "Bottle", rank: 4, degree: 3 },
  ];
  assert.deepEqual(byImportance(nodes).map((node) => node.label), ["Django", "Express", "Bottle", "Sinatra"]);
  assert.equal(nodes[0].label, "Sinatra"); // the list given is left as it was
});
