// @ts-check
// The overview's geometry (overview.js draws with it): frameworks on rings around their language, and groups packed
// as circles without overlap. Numbers only: no DOM, no Cytoscape.

const RING_SPACING = 135; // between neighbours on a ring: about a label's width
const RING_GAP = 88; // between rings

/** @typedef {{ r: number, x?: number, y?: number }} Block  a circle to place; pack() sets its x and y */

/**
 * Offsets for `count` nodes: the first in the middle, the others on rings around it, inner rings first. The rings
 * are stretched to the canvas's shape (`sx`, `sy`: wider on a laptop, taller on a phone), so that a large open
 * group fills the canvas and is drawn large enough to read.
 * @param {number} count
 * @param {number} [sx]
 * @param {number} [sy]
 * @returns {{ offsets: { x: number, y: number }[], radius: number }}
 */
export function ringOffsets(count, sx = 1, sy = 1) {
  const offsets = count ? [{ x: 0, y: 0 }] : [];
  let radius = RING_GAP + 20;
  let ring = 0;
  while (offsets.length < count) {
    const around = Math.PI * radius * (sx + sy); // about the length of the ring
    const here = Math.min(Math.max(3, Math.floor(around / RING_SPACING)), count - offsets.length);
    const turn = ring % 2 ? Math.PI / here : 0; // every other ring turned by half a step: labels do not line up
    for (let i = 0; i < here; i += 1) {
      const angle = -Math.PI / 2 + turn + (2 * Math.PI * i) / here;
      offsets.push({ x: sx * radius * Math.cos(angle), y: sy * radius * Math.sin(angle) });
    }
    radius += RING_GAP;
    ring += 1;
  }
  return { offsets, radius: count > 1 ? (radius - RING_GAP) * Math.max(sx, sy) : 0 };
}

/**
 * Place circles (blocks with a radius r) without overlap, each as near the middle as it fits, in order: the first
 * in the middle, each next one touching one or two placed ones (greedy circle packing). `wide` (width / height
 * of the canvas) stretches the packing to the canvas's shape. Sets x and y on each block.
 * @template {Block} T
 * @param {T[]} blocks
 * @param {number} gap
 * @param {number} wide
 * @returns {T[]}
 */
export function pack(blocks, gap, wide) {
  const placed = [];
  for (const block of blocks) {
    let best = null;
    const consider = (x, y) => {
      const cost = (x * x) / wide + y * y * wide;
      if (best && cost >= best.cost) return;
      for (const other of placed) {
        if (Math.hypot(other.x - x, other.y - y) < other.r + block.r + gap - 0.01) return;
      }
      best = { x, y, cost };
    };
    if (!placed.length) consider(0, 0);
    placed.forEach((p, i) => {
      const a = p.r + block.r + gap;
      for (let k = 0; k < 8; k += 1) consider(p.x + a * Math.cos((k * Math.PI) / 4), p.y + a * Math.sin((k * Math.PI) / 4));
      for (const q of placed.slice(i + 1)) {
        // Touching both p and q: where the circles of radius a around p and b around q meet.
        const b = q.r + block.r + gap;
        const dx = q.x - p.x;
        const dy = q.y - p.y;
        const d = Math.hypot(dx, dy);
        if (d === 0 || d > a + b || d < Math.abs(a - b)) continue;
        const along = (a * a - b * b + d * d) / (2 * d);
        const across = Math.sqrt(Math.max(0, a * a - along * along));
        const mx = p.x + (along * dx) / d;
        const my = p.y + (along * dy) / d;
        consider(mx - (across * dy) / d, my + (across * dx) / d);
        consider(mx + (across * dy) / d, my - (across * dx) / d);
      }
    });
    if (!best) best = { x: Math.max(...placed.map((p) => p.x + p.r)) + block.r + gap, y: 0 }; // never, but safe
    Object.assign(block, { x: best.x, y: best.y });
    placed.push(block);
  }
  return blocks;
}
