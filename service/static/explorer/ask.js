// @ts-check
// Questions in English: the Ask box sends them to /api/ask; the answers light up on the graph with their why.

import { enc, getJson } from "./http.js";
/** @typedef {import("./state.js").State} State */

/** The answer to a state's question (null without one). */
export async function askAnswer(shown) {
  if (!shown.q) return null;
  const answer = await getJson("/api/ask?q=" + enc(shown.q));
  return { kind: "ask", title: shown.q, answer, constraints: answer.interpretation.constraints };
}

/** @param {State} state */
export function syncAsk(state, shown) {
  state.dom.askInput.value = shown.q || "";
}

/** @param {State} state */
export function initAsk(state) {
  const { askForm, askInput } = state.dom;
  askForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = askInput.value.trim();
    if (question) state.go.ask(question);
  });
}
