// @ts-check
// What the server says about its vocabularies (the page's JSON config, built in service/web/explore.py):
// the slug rule, the prefixes, the filters, how an answer meets each kind of term, and the queries the page sends.

// An IRI that may go between <...> in a query: no spaces, quotes, braces or angle brackets.
const SAFE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

export function makeVocab(config) {
  const slug = new RegExp(config.slug);
  const prefixes = Object.entries(config.prefixes);
  return {
    base: config.base,
    types: config.types,
    rdfType: config.rdf_type,
    labelPredicates: config.label_predicates,
    filters: config.filters.map((filter) => filter.name),
    isSlug: (id) => slug.test(id),
    isSafeIri: (iri) => SAFE_IRI.test(iri),
    /** The shortest prefixed name for an IRI (the server's prefixes), or the IRI itself. */
    compact(iri) {
      let best = "";
      let name = "";
      for (const [prefix, namespace] of prefixes) {
        if (iri.startsWith(namespace) && namespace.length > best.length) [best, name] = [namespace, prefix];
      }
      return best ? `${name}:${iri.slice(best.length)}` : iri;
    },
    /** How an answer meets a term of this kind ("suited to") and the type its node is drawn as. */
    why: (kind) => config.why[kind] || { verb: "matches", type: "other" },
    /** One of the server's queries with the given IRIs (the safe ones) in its slot. */
    query(name, iris) {
      const values = iris.filter((iri) => SAFE_IRI.test(iri)).map((iri) => `<${iri}>`).join(" ");
      return config.queries[name].split(config.queries.slot).join(values);
    },
  };
}
