// The one shared state of the explorer. It is made once in main.js and passed to every function that
// needs it: no module keeps mutable state of its own at the top level.

export function createState(config, dom, vocab) {
  return {
    config,
    dom,
    vocab,
    reducedMotion: window.matchMedia("(prefers-reduced-motion: reduce)").matches,
    cy: null, // the Cytoscape instance (graph-view.js)
    mode: null, // "start" (the overview and whatever was opened or brought in) or "construct" (a query's triples)
    current: {}, // what is shown, as in the URL
    layoutRun: null,
    fitted: null, // what the view was last fitted to ({eles, padding}), until the user pans or zooms
    clusters: null, // the /api/clusters answer while clusters are on
    // The overview (overview.js): the /api/overview answer, indexed, and which groups are open.
    overview: {
      data: null, byKey: new Map(), memberOf: new Map(), centreOf: new Map(), open: new Set(), arrangedFor: null,
    },
    shownAnswer: null, // the last answer or filter result, to go back to from a node
    shownConstruct: null,
    applied: 0, // counts calls of apply(): only the latest may finish
    panelShown: 0, // counts what the panel has shown, so that a late answer does not replace a newer view
    inViewTimer: null,
    labelTimer: null, // labels.js: the next pass that decides which labels are drawn
    search: { options: [], active: -1, seq: 0, timer: null, pending: null },
    // What the user can ask for from anywhere (main.js fills these in): focus a node, ask, go home, show a state,
    // expand a node's neighbours, show the list or the graph (a phone shows one of them), open or close a group of the
    // overview, show a cluster's figures.
    go: {
      focus: null, ask: null, home: null, show: null, expand: null, view: null, toggleGroup: null, cluster: null,
      error: null,
    },
  };
}
