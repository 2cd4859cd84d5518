// @ts-check
// What is shown, in the URL: ?q=, the filters (the server's list), ?focus=, ?construct=, and on a phone ?view=graph
// (the graph rather than the list: phone.js). Deep links and the back button. This module is the one writer of
// state.current (state.js).

/** @typedef {import("./state.js").State} State */

/**
 * What is shown, as the URL says it: each value as text (a filter's as a list of texts); empty values left out.
 * @typedef {{ q?: string, focus?: string, construct?: string, view?: string, [filter: string]: string | string[] | undefined }} Shown
 */

/**
 * What a query string (`?q=…&language=python`) asks to show, given the names of the server's filters.
 * @param {string} search
 * @param {string[]} filters
 * @returns {Shown}
 */
export function shownFrom(search, filters) {
  const params = new URLSearchParams(search);
  /** @type {Shown} */
  const shown = {};
  for (const key of ["q", "focus", "construct"]) if (params.get(key)) shown[key] = params.get(key);
  if (params.get("view") === "graph") shown.view = "graph";
  for (const name of filters) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) shown[name] = values;
  }
  return shown;
}

/**
 * The page's address for what is shown: the question first, then the filters in the server's order, the node,
 * the query, the view; empty values left out.
 * @param {string[]} filters
 * @param {Shown} shown
 */
export function urlOf(filters, shown) {
  const params = new URLSearchParams();
  for (const key of ["q", ...filters, "focus", "construct", "view"]) {
    const value = shown[key];
    if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
    else if (value) params.set(key, value);
  }
  const query = params.toString();
  return "/" + (query ? "?" + query : "");
}

/** What the page's URL asks to show. @param {State} state */
export function readUrl(state) {
  return shownFrom(window.location.search, state.vocab.filters);
}

/** Say what is shown now (state.current), without touching the URL: the back button has already changed it.
 * @param {State} state
 */
export function setShown(state, shown) {
  state.current = shown;
}

/** Record what is shown (a new history entry when the URL changes). @param {State} state */
export function navigate(state, shown) {
  setShown(state, shown);
  const url = urlOf(state.vocab.filters, shown);
  if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
}
