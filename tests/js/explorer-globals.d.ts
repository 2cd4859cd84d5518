// What the explorer reads from the page's plain (non-module) scripts: the vendored Cytoscape and its fcose layout
// (service/static/vendor/, UMD builds that set globals). Typed as loosely as the explorer uses them: the vendored
// files are neither checked nor changed.
declare global {
  interface Window {
    /** cytoscape-3.34.4.min.js: the graph library's factory (cytoscape(options), cytoscape.use(extension)). */
    cytoscape: any;
    /** cytoscape-fcose-2.2.0.js: the force layout, registered with cytoscape.use. */
    cytoscapeFcose: unknown;
    /** The explorer's own handle for the console and the browser tests (main.js). */
    stackatlasExplorer: { cy: any };
  }
}
export {};
