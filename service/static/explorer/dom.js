// @ts-check
// A small DOM helper. Every text that comes from the data reaches the page through text nodes or
// textContent, never through innerHTML: a label may contain markup.

/** @typedef {import("./state.js").State} State */

/** Build an element; strings among the children become text nodes, never markup. */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** A button that looks like a link: for actions that stay on this page. */
export function linkButton(text, onclick, className) {
  return h("button", { type: "button", class: className ? `link ${className}` : "link", text, onclick });
}

/** The page's parts the modules write to, found once. */
export function findParts() {
  /** @param {string} id */
  const byId = (id) => document.getElementById(id);
  /** @param {string} id */
  const input = (id) => /** @type {HTMLInputElement} */ (byId(id));
  /** @param {string} id */
  const details = (id) => /** @type {HTMLDetailsElement} */ (byId(id));
  return {
    explorer: byId("explorer"),
    viewList: byId("view-list"),
    viewGraph: byId("view-graph"),
    container: byId("graph"),
    panel: byId("panel"),
    panelBody: byId("panel-body"),
    welcome: byId("welcome"),
    status: byId("status"),
    legend: byId("legend"),
    askForm: byId("ask"),
    askInput: input("ask-q"),
    filterMenu: details("filters"),
    filterForm: /** @type {HTMLFormElement} */ (byId("filter-form")),
    clustersButton: byId("clusters"),
    resetButton: byId("reset"),
    exportMenu: details("export"),
    searchInput: input("search"),
    suggestionList: byId("search-results"),
    inViewList: byId("in-view-list"),
    inViewCount: byId("in-view-count"),
    prompt: byId("prompt"),
    promptText: byId("prompt-text"),
    promptYes: byId("prompt-yes"),
    promptNo: byId("prompt-no"),
  };
}

/** @param {State} state */
export function setStatus(state, text, isError) {
  const line = state.dom.status;
  line.textContent = text || "";
  line.title = text || ""; // the whole line, where the status line cuts it short
  line.classList.toggle("error", Boolean(isError));
}

/** Ask a yes-or-no question in the page (not a dialog); resolves to the answer. Escape says no. @param {State} state */
export function confirmInline(state, message) {
  const { prompt: box, promptYes: yes, promptNo: no, promptText } = state.dom;
  promptText.textContent = message;
  box.hidden = false;
  yes.focus();
  return new Promise((resolve) => {
    const done = (answer) => {
      box.hidden = true;
      yes.onclick = no.onclick = box.onkeydown = null;
      resolve(answer);
    };
    yes.onclick = () => done(true);
    no.onclick = () => done(false);
    box.onkeydown = (event) => {
      if (event.key === "Escape") done(false);
    };
  });
}

/** Save a blob as a file the browser downloads. */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}
