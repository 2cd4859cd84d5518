// @ts-check
// Search with autocomplete over every label and synonym (/api/search), as an ARIA combobox; "/" focuses it.

import { h } from "./dom.js";
import { enc, getJson } from "./http.js";
import { typeChip } from "./panel.js";
/** @typedef {import("./state.js").State} State */

/** @param {State} state */
function closeSuggestions(state) {
  const { searchInput, suggestionList } = state.dom;
  suggestionList.hidden = true;
  searchInput.setAttribute("aria-expanded", "false");
  searchInput.removeAttribute("aria-activedescendant");
}

/** @param {State} state */
function renderSuggestions(state) {
  const { searchInput, suggestionList } = state.dom;
  const { options, active } = state.search;
  const items = options.length
    ? options.map((option, i) => h("li", {
      id: `match-${i}`, role: "option", "aria-selected": i === active ? "true" : "false",
      onmousedown: (event) => { event.preventDefault(); pick(state, i); },
    }, typeChip(option.type), h("span", { text: option.label }),
    option.matched !== option.label ? h("span", { class: "also", text: `“${option.matched}”` }) : null))
    : [h("li", { class: "empty", role: "option", "aria-disabled": "true", text: "No match" })];
  suggestionList.replaceChildren(...items);
  suggestionList.hidden = false;
  searchInput.setAttribute("aria-expanded", "true");
  if (active >= 0) searchInput.setAttribute("aria-activedescendant", `match-${active}`);
  else searchInput.removeAttribute("aria-activedescendant");
}

/** @param {State} state */
async function suggest(state) {
  const search = state.search;
  clearTimeout(search.timer);
  const text = state.dom.searchInput.value.trim();
  const seq = ++search.seq;
  if (!text) {
    search.options = [];
    closeSuggestions(state);
    return;
  }
  let found;
  try {
    found = await getJson(`/api/search?q=${enc(text)}&limit=8`);
  } catch (error) {
    return;
  }
  if (seq !== search.seq) return; // a later keystroke has its own answer
  search.options = found.results;
  search.active = search.options.length ? 0 : -1;
  renderSuggestions(state);
}

/** @param {State} state */
function pick(state, i) {
  const option = state.search.options[i];
  if (!option) return;
  closeSuggestions(state);
  state.dom.searchInput.value = option.label;
  state.go.focus(option.id, true);
}

/** @param {State} state */
export function initSearch(state) {
  const { searchInput, suggestionList } = state.dom;
  const search = state.search;
  searchInput.addEventListener("input", () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(() => { search.pending = suggest(state); }, 120);
  });
  searchInput.addEventListener("keydown", async (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (suggestionList.hidden) return suggest(state);
      if (!search.options.length) return undefined;
      const step = event.key === "ArrowDown" ? 1 : -1;
      search.active = (search.active + step + search.options.length) % search.options.length;
      renderSuggestions(state);
      document.getElementById(`match-${search.active}`).scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (suggestionList.hidden || search.timer) {
        await (search.pending = suggest(state)); // Enter before the suggestions came: find them first
      }
      pick(state, Math.max(search.active, 0));
    } else if (event.key === "Escape") {
      closeSuggestions(state);
    }
    return undefined;
  });
  searchInput.addEventListener("blur", () => setTimeout(() => closeSuggestions(state), 150));

  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      searchInput.focus();
    }
  });
}
