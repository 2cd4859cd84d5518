// The overview's geometry (service/static/explorer/packing.js): frameworks on rings around their language, groups
// packed as circles. What the user sees: nothing drawn on top of anything else.
import assert from "node:assert/strict";
import { test } from "node:test";

import { pack, ringOffsets } from "../../service/static/explorer/packing.js";

const distance = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);

test("one node sits in the middle, with no ring around it", () => {
  assert.deepEqual(ringOffsets(1), { offsets: [{ x: 0, y: 0 }], radius: 0 });
  assert.deepEqual(ringOffsets(0), { offsets: [], radius: 0 });
});

test("a group's frameworks go on rings around its language, the first ring's first at the top", () => {
  const { offsets, radius } = ringOffsets(6);
  assert.equal(offsets.length, 6);
  assert.deepEqual(offsets[0], { x: 0, y: 0 });
  assert.ok(Math.abs(offsets[1].x) < 1e-9 && Math.abs(offsets[1].y + 108) < 1e-9); // straight above, 108 away
  for (const offset of offsets.slice(1)) assert.ok(Math.abs(Math.hypot(offset.x, offset.y) - 108) < 1e-9);
  assert.equal(radius, 108);
});

test("neighbours on a ring stay about a label's width apart, inner rings first", () => {
  const { offsets, radius } = ringOffsets(40);
  assert.equal(offsets.length, 40);
  for (let i = 0; i < offsets.length; i += 1) {
    for (let j = i + 1; j < offsets.length; j += 1) assert.ok(distance(offsets[i], offsets[j]) > 80, `${i} and ${j}`);
  }
  const radii = offsets.slice(1).map((offset) => Math.round(Math.hypot(offset.x, offset.y)));
  assert.deepEqual([...radii].sort((a, b) => a - b), radii); // never back to an inner ring
  assert.equal(radius, Math.max(...radii));
});

test("on a wide canvas the rings are stretched sideways", () => {
  const { offsets } = ringOffsets(4, 1.6, 1);
  const widest = Math.max(...offsets.map((offset) => Math.abs(offset.x)));
  const tallest = Math.max(...offsets.map((offset) => Math.abs(offset.y)));
  assert.ok(widest > tallest);
});

test("packed groups never overlap, keep the gap, and the first is in the middle", () => {
  const blocks = [60, 45, 45, 30, 30, 30, 20, 20, 12, 12, 12, 12].map((r) => ({ r }));
  const placed = pack(blocks, 16, 1.5);
  assert.equal(placed, blocks); // placed where they are: x and y set on each
  assert.deepEqual([blocks[0].x, blocks[0].y], [0, 0]);
  for (let i = 0; i < blocks.length; i += 1) {
    for (let j = i + 1; j < blocks.length; j += 1) {
      assert.ok(distance(blocks[i], blocks[j]) >= blocks[i].r + blocks[j].r + 16 - 0.01, `${i} and ${j}`);
    }
  }
});

test("the second group touches the first, at the gap", () => {
  const [first, second] = pack([{ r: 50 }, { r: 20 }], 10, 1);
  assert.ok(Math.abs(distance(first, second) - 80) < 1e-9);
});
