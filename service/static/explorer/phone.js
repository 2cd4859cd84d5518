// @ts-check
// A phone's layout (explorer.css, max-width 760px): the list first, the graph on demand. The page shows one of
// the two, named by .explorer's data-view ("list": the panel; "graph": the canvas filling the screen), and the
// List / Graph buttons switch. On a wider screen both are always shown and data-view changes nothing.
//
// What shows something in the panel (a framework tapped in the graph, a question, a link in the list) shows the
// list; what is about the drawing (Expand neighbours, Show in graph) shows the graph. The canvas keeps its
// drawing while hidden; when it is shown again, graph-view.js's ResizeObserver centres the selected node or
// fits the drawing to the canvas's new size.

/** @typedef {import("./state.js").State} State */

const PHONE = window.matchMedia("(max-width: 760px)");

/** Whether the page is laid out for a phone: one view at a time. */
export const onPhone = () => PHONE.matches;

/** Show the list or the graph (on a phone; elsewhere only the buttons' state changes, and they are hidden).
 * @param {State} state
 */
export function switchView(state, view) {
  const { explorer, viewList, viewGraph, panel } = state.dom;
  const changed = explorer.dataset.view !== view;
  explorer.dataset.view = view;
  viewList.setAttribute("aria-pressed", String(view === "list"));
  viewGraph.setAttribute("aria-pressed", String(view === "graph"));
  if (!onPhone()) return;
  // A keyboard's focus in the part that is hidden now (Show in graph, in the panel) goes to the switch, which
  // says what is shown, rather than to the page's start.
  const hidden = view === "graph" ? panel : state.dom.container.parentElement;
  if (changed && hidden.contains(document.activeElement)) (view === "graph" ? viewGraph : viewList).focus();
  // The list is read from its top: when it comes back, or shows something new, its start is on the screen.
  if (view === "list" && panel.getBoundingClientRect().top < 0) panel.scrollIntoView({ block: "start" });
  if (view === "graph" && changed) window.scrollTo({ top: 0 });
}

/** The List and Graph buttons (through state.go.view, which records the view in the URL). @param {State} state */
export function initPhone(state) {
  const { viewList, viewGraph } = state.dom;
  viewList.addEventListener("click", () => state.go.view("list"));
  viewGraph.addEventListener("click", () => state.go.view("graph"));
}
