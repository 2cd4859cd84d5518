// Questions in English: the Ask box sends them to /api/ask; the answers light up on the graph with their why.

import { enc, getJson } from "./http.js";

/** The answer to a state's question (null without one). */
export async function askAnswer(shown) {
  if (!shown.q) return null;
  const answer = await getJson("/api/ask?q=" + enc(shown.q));
  return { kind: "ask", title: shown.q, answer, constraints: answer.interpretation.constraints };
}

export function syncAsk(state, shown) {
  state.dom.askInput.value = shown.q || "";
}

export function initAsk(state) {
  const { askForm, askInput } = state.dom;
  askForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = askInput.value.trim();
    if (question) state.go.ask(question);
  });
}
