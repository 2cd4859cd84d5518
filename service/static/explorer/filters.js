// @ts-check
// The facet filters (the server's list: language, use case, pros, cons, audience, source, benchmark set-ups),
// as a form and as /api/frameworks requests.

import { getJson } from "./http.js";
/** @typedef {import("./state.js").State} State */

/** @param {State} state */
export const hasFilters = (state, shown) => state.vocab.filters.some((name) => shown[name] && shown[name].length);

/** The form's field of a filter (a select), if the page has one. @param {State} state @param {string} name */
const fieldOf = (state, name) => /** @type {HTMLSelectElement | undefined} */ (state.dom.filterForm.elements[name]);

/** Show a state's filters in the form (its first value of each). @param {State} state */
export function syncFilters(state, shown) {
  for (const name of state.vocab.filters) {
    const field = fieldOf(state, name);
    if (field) field.value = (shown[name] || [""])[0];
  }
}

/** The frameworks meeting a state's filters, as an answer the panel and the graph show (null without filters).
 * @param {State} state
 */
export async function filterAnswer(state, shown) {
  if (!hasFilters(state, shown)) return null;
  const params = new URLSearchParams();
  for (const name of state.vocab.filters) for (const value of shown[name] || []) params.append(name, value);
  const answer = await getJson("/api/frameworks?" + params);
  const summary = answer.filters.map((term) => term.means).join(" and ");
  return {
    kind: "filter", title: "Filtered frameworks", answer, constraints: answer.filters,
    summary: summary ? `frameworks ${summary}` : "all frameworks",
  };
}

/** @param {State} state */
export function initFilters(state) {
  const { filterForm, filterMenu } = state.dom;
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    /** @type {import("./url-state.js").Shown} */
    const shown = {};
    for (const name of state.vocab.filters) {
      const field = fieldOf(state, name);
      if (field && field.value) shown[name] = [field.value];
    }
    filterMenu.open = false;
    state.go.show(shown);
  });
  filterForm.addEventListener("reset", () => {
    if (!hasFilters(state, state.current)) return;
    state.go.show({});
  });
}
