// @ts-check
// Requests to this service (the same origin): JSON answers and SPARQL queries.

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const enc = encodeURIComponent;

export async function getJson(url, options) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  let body;
  try {
    body = await response.json();
  } catch (ignored) {
    body = null; // not JSON: the status says enough
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    throw new HttpError(response.status, message);
  }
  return body;
}

/** POST a query to /sparql as a form, asking for `accept`; the raw response. */
export function postSparql(query, accept) {
  return fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
    body: new URLSearchParams({ query }),
  });
}

export const pagePath = (slug) => "/id/" + slug.split("/").map(enc).join("/");
export const sparqlEditorUrl = (query) => "/sparql#query=" + enc(query);
