// A query's N-Triples as the explorer reads them to draw them (service/static/explorer/ntriples.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseNTriples } from "../../service/static/explorer/ntriples.js";

const SA = "https://stackatlas.example/id/";
const LABEL = "http://www.w3.org/2000/01/rdf-schema#label";

test("IRIs, blank nodes and literals with their language are read as terms", () => {
  const text = `<${SA}flask> <${LABEL}> "Flask"@en .\n_:b0 <${SA}builtOn> <${SA}werkzeug> .\n`;
  assert.deepEqual(parseNTriples(text), [
    [{ kind: "iri", value: `${SA}flask` }, { kind: "iri", value: LABEL }, { kind: "literal", value: "Flask", lang: "en" }],
    [{ kind: "blank", value: "b0" }, { kind: "iri", value: `${SA}builtOn` }, { kind: "iri", value: `${SA}werkzeug` }],
  ]);
});

test("escapes in literals and IRIs are undone: quotes, newlines, \\u and \\U code points", () => {
  const text = `<${SA}x> <${LABEL}> "say \\"hi\\"\\nCaf\\u00E9 \\U0001F600" .\n<${SA}caf\\u00E9> <${LABEL}> "x" .`;
  const [first, second] = parseNTriples(text);
  assert.equal(first[2].value, 'say "hi"\nCafé 😀');
  assert.equal(first[2].lang, null);
  assert.equal(second[0].value, `${SA}café`);
});

test("a typed literal keeps its text; comments, blank lines and broken lines are skipped", () => {
  const text = `# a comment\n\n<${SA}flask> <${SA}stars> "68000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n`
    + `<${SA}flask> <${SA}broken> .\n`;
  const triples = parseNTriples(text);
  assert.equal(triples.length, 1);
  assert.deepEqual(triples[0][2], { kind: "literal", value: "68000", lang: null });
});
