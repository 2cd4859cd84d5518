// @ts-check
// N-Triples, as the service answers a CONSTRUCT or DESCRIBE query (construct.js draws them): each line read into
// its three terms. Text only: no DOM.

/** @typedef {{ kind: "iri" | "blank" | "literal", value: string, lang?: string | null }} Term */

const NT_TERM = /\s*(?:<([^>]*)>|_:([^\s.]+(?:\.[^\s.]+)*)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;

/** @param {string} text */
function unescapeNt(text) {
  return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (_all, u4, u8, c) => {
    if (u4 || u8) return String.fromCodePoint(parseInt(u4 || u8, 16));
    return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f" }[c] || c;
  });
}

/**
 * Parse N-Triples into [subject, predicate, object] terms ({kind: iri | blank | literal, value, lang}); a line that is
 * not a triple (a comment, a blank line) is skipped.
 * @param {string} text
 * @returns {Term[][]}
 */
export function parseNTriples(text) {
  const triples = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    NT_TERM.lastIndex = 0;
    /** @type {Term[]} */
    const terms = [];
    let match;
    while (terms.length < 3 && (match = NT_TERM.exec(trimmed))) {
      if (match[1] !== undefined) terms.push({ kind: "iri", value: unescapeNt(match[1]) });
      else if (match[2] !== undefined) terms.push({ kind: "blank", value: match[2] });
      else terms.push({ kind: "literal", value: unescapeNt(match[3]), lang: match[4] || null });
    }
    if (terms.length === 3) triples.push(terms);
  }
  return triples;
}
