// The facet filters (the server's list: language, use case, pros, cons, audience, source, benchmark set-ups),
// as a form and as /api/frameworks requests.

import { getJson } from "./http.js";

export const hasFilters = (state, shown) => state.vocab.filters.some((name) => shown[name] && shown[name].length);

/** Show a state's filters in the form (its first value of each). */
export function syncFilters(state, shown) {
  const form = state.dom.filterForm;
  for (const name of state.vocab.filters) {
    if (form.elements[name]) form.elements[name].value = (shown[name] || [""])[0];
  }
}

/** The frameworks meeting a state's filters, as an answer the panel and the graph show (null without filters). */
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

export function initFilters(state) {
  const { filterForm, filterMenu } = state.dom;
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const shown = {};
    for (const name of state.vocab.filters) {
      const field = filterForm.elements[name];
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
