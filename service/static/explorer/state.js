// @ts-check
// The one shared state of the explorer. It is made once in main.js and passed to every function that needs it: no
// module keeps mutable state of its own at the top level.
//
// Each field has one module that writes it (WRITERS below); every other module reads it, or calls a function of
// that module to change it (url-state.js's navigate and setShown for `current`, viewport.js's rememberFit and
// forgetFit for `fitted`, graph-view.js's showView and forgetDrawing for `mode`...). ESLint's stackatlas/one-writer
// rule (tests/js/state-owners.js) holds every module to it, aliases (`const { overview } = state`) included.

/**
 * The module that writes each field; "state.js": made here, never written after. A field holding a handle (the
 * page's parts, the Cytoscape instance, a running layout) is written when it is replaced; what is inside it is the
 * library's. The others are plain data: writing inside them (state.overview.open.add(...)) is writing them too.
 */
export const WRITERS = Object.freeze({
  config: "state.js",
  dom: "state.js",
  vocab: "state.js",
  reducedMotion: "state.js",
  cy: "graph-view.js",
  mode: "graph-view.js",
  layoutRun: "graph-view.js",
  shownConstruct: "graph-view.js",
  current: "url-state.js",
  fitted: "viewport.js",
  clusters: "clusters.js",
  overview: "overview.js",
  shownAnswer: "main.js",
  applied: "main.js",
  go: "main.js",
  panelShown: "panel.js",
  inViewTimer: "legend.js",
  labelTimer: "labels.js",
  search: "search.js",
});

/** The fields that hold a handle (see WRITERS): only replacing one is a write. */
export const HANDLES = Object.freeze(["config", "dom", "vocab", "cy", "layoutRun"]);

/**
 * The explorer's state (field by field in createState).
 * @typedef {ReturnType<typeof createState>} State
 */

/**
 * What the user can ask for from anywhere (main.js).
 * @typedef {{
 *   focus: (id: string, fromKeyboard: boolean) => void,
 *   ask: (question: string) => Promise<void>,
 *   home: () => Promise<void>,
 *   show: (shown: import("./url-state.js").Shown) => Promise<void>,
 *   expand: (id: string) => Promise<void>,
 *   view: (view: string) => void,
 *   toggleGroup: (key: string) => void,
 *   cluster: (cluster: { id: string, label: string, members: string[] }) => void,
 *   error: (error: Error) => void,
 * }} Go
 */

/**
 * Make the state, once (main.js).
 * @param {any} config the page's JSON config (service/web/explore.py)
 * @param {ReturnType<typeof import("./dom.js").findParts>} dom the page's parts (dom.js)
 * @param {ReturnType<typeof import("./vocab.js").makeVocab>} vocab the server's vocabularies (vocab.js)
 */
export function createState(config, dom, vocab) {
  return {
    config,
    dom,
    vocab,
    reducedMotion: window.matchMedia("(prefers-reduced-motion: reduce)").matches,
    /** @type {any} the Cytoscape instance (graph-view.js) */
    cy: null,
    /** @type {"start" | "construct" | null} "start" (the overview and whatever was opened or brought in) or
     * "construct" (a query's triples) */
    mode: null,
    /** @type {import("./url-state.js").Shown} what is shown, as in the URL */
    current: {},
    /** @type {any} the running layout (graph-view.js) */
    layoutRun: null,
    /** @type {{ eles: any, padding: number } | null} what the view was last fitted to, until the user pans or zooms */
    fitted: null,
    /** @type {any} the /api/clusters answer while clusters are on */
    clusters: null,
    // The overview (overview.js): the /api/overview answer, indexed, and which groups are open.
    overview: {
      /** @type {any} */
      data: null,
      /** @type {Map<string, any>} */
      byKey: new Map(),
      /** @type {Map<string, { key: string, member: any, rank: number }>} */
      memberOf: new Map(),
      /** @type {Map<string, string>} */
      centreOf: new Map(),
      /** @type {Set<string>} */
      open: new Set(),
      /** @type {string | null} */
      arrangedFor: null,
    },
    /** @type {any} the last answer or filter result, to go back to from a node */
    shownAnswer: null,
    /** @type {{ query: string, triples: number, nodes: number, edges: number, truncated: string | null } | null} */
    shownConstruct: null,
    applied: 0, // counts calls of apply(): only the latest may finish
    panelShown: 0, // counts what the panel has shown, so that a late answer does not replace a newer view
    /** @type {ReturnType<typeof setTimeout> | null} legend.js: the next writing of the "in view" list */
    inViewTimer: null,
    /** @type {ReturnType<typeof setTimeout> | null} labels.js: the next pass that decides which labels are drawn */
    labelTimer: null,
    search: {
      /** @type {any[]} */
      options: [],
      active: -1,
      seq: 0,
      /** @type {ReturnType<typeof setTimeout> | null} */
      timer: null,
      /** @type {Promise<void> | null} */
      pending: null,
    },
    // What the user can ask for from anywhere (main.js fills these in): focus a node, ask, go home, show a state,
    // expand a node's neighbours, show the list or the graph (a phone shows one of them), open or close a group of the
    // overview, show a cluster's figures.
    /** @type {Go} */
    go: {
      focus: null, ask: null, home: null, show: null, expand: null, view: null, toggleGroup: null, cluster: null,
      error: null,
    },
  };
}
