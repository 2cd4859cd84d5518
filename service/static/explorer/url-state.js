// What is shown, in the URL: ?q=, the filters (the server's list), ?focus=, ?construct=, and on a phone ?view=graph
// (the graph rather than the list: phone.js). Deep links and the back button.

export function readUrl(state) {
  const params = new URLSearchParams(window.location.search);
  const shown = {};
  for (const key of ["q", "focus", "construct"]) if (params.get(key)) shown[key] = params.get(key);
  if (params.get("view") === "graph") shown.view = "graph";
  for (const name of state.vocab.filters) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) shown[name] = values;
  }
  return shown;
}

export function urlOf(state, shown) {
  const params = new URLSearchParams();
  for (const key of ["q", ...state.vocab.filters, "focus", "construct", "view"]) {
    const value = shown[key];
    if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
    else if (value) params.set(key, value);
  }
  const query = params.toString();
  return "/" + (query ? "?" + query : "");
}

/** Record what is shown (a new history entry when the URL changes). */
export function navigate(state, shown) {
  state.current = shown;
  const url = urlOf(state, shown);
  if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
}
