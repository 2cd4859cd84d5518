"""/sparql: the SPARQL 1.1 Protocol, read-only and safe to expose, with a service description and an editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, render_template, request

from service import vocab
from service.knowledge.examples import EXAMPLES
from service.knowledge.service_description import PREFIXES, service_description
from service.query.engine import serialize
from service.query.formats import (
    GRAPH_ALIASES,
    GRAPH_FORMATS,
    GRAPH_MEDIA,
    RDF_MEDIA,
    SOLUTION_ALIASES,
    SOLUTION_FORMATS,
    SOLUTION_MEDIA,
)
from service.query.gateway import READ_ONLY, Checked
from service.query.jobs import Answer, Job
from service.query.results import UnsupportedFormatError
from service.query.store import QuerySyntaxError
from service.web import fairness, negotiation
from service.web.cache import SharedLRU
from service.web.errors import ApiError
from service.web.state import gateway, version

bp = Blueprint("sparql", __name__)

SOLUTION_OFFER = negotiation.offer(*SOLUTION_MEDIA)
GRAPH_OFFER = negotiation.offer(*GRAPH_MEDIA)
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})


def init_app(app: Flask) -> None:
    """Prepare /sparql's fair share of the query processes among clients and its answer cache."""
    config = app.config
    # Half of CACHE_MB; the finished responses of GETs take the other half (web/answer_cache.py, set up in web/http.py).
    fairness.init_app(app)
    app.extensions["stackatlas.sparql_cache"] = SharedLRU[tuple[str, Job], Answer](
        config["CACHE_MB"] * 2**19, weigh=_answer_weight
    )


def _answer_weight(key: tuple[str, Job], answer: Answer) -> int:
    # What a kept answer costs: its body and the query text of its key.
    return len(answer.body) + len(key[1].sparql.encode()) + 256


@dataclass(frozen=True)
class ProtocolRequest:
    """A SPARQL Protocol query request, read from any of its forms."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


def read_request() -> ProtocolRequest:
    """Read the query and dataset parameters from GET, POST form or POST application/sparql-query."""
    form: Any = {}
    if "update" in request.args:  # in the URL of any request, whatever its body
        raise ApiError(403, READ_ONLY)
    if request.method == "POST":
        media = request.mimetype
        if media == "application/sparql-update" or "update" in request.form:
            raise ApiError(403, READ_ONLY)
        if media == "application/sparql-query":
            text = request.get_data(cache=False).decode("utf-8", errors="replace")
            return _with_dataset(text, request.args)
        if media not in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            raise ApiError(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query.")
        form = request.form
    source = form if request.method == "POST" else request.args
    queries = source.getlist("query")
    if len(queries) > 1:
        raise ApiError(400, "Send one query parameter, not several.")
    return _with_dataset(queries[0] if queries else None, source)


def _with_dataset(query: str | None, source: Any) -> ProtocolRequest:
    graphs = {}
    for name in ("default-graph-uri", "named-graph-uri"):
        values = tuple(source.getlist(name)) + (tuple(request.args.getlist(name)) if source is not request.args else ())
        for value in values:
            try:
                ox.NamedNode(value)
            except ValueError:
                raise ApiError(400, f"{name} must be an absolute IRI, not {value!r}.") from None
        graphs[name] = tuple(dict.fromkeys(values))
    return ProtocolRequest(query, graphs["default-graph-uri"], graphs["named-graph-uri"])


def choose_format(form: str | None) -> str:
    """Pick the answer format from format= or Accept, for the kind of answer the query form gives."""
    graph = form in GRAPH_FORMS
    named = request.values.get("format")
    if named:
        return _named_format(named, graph)
    table = GRAPH_MEDIA if graph else SOLUTION_MEDIA
    if not request.accept_mimetypes or request.accept_mimetypes.best == "*/*":
        return "ttl" if graph else "json"
    best = negotiation.best(GRAPH_OFFER if graph else SOLUTION_OFFER)
    if best is None:
        offered = ", ".join(dict.fromkeys(table))
        raise ApiError(406, f"No acceptable format for this {'graph' if graph else 'result'}: offered {offered}.")
    return table[best]


def _named_format(name: str, graph: bool) -> str:
    chosen = (GRAPH_ALIASES if graph else SOLUTION_ALIASES).get(name, name)
    allowed = GRAPH_FORMATS if graph else SOLUTION_FORMATS
    if chosen not in allowed:
        kinds = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
        raise ApiError(406, f"format={name} is not available for {kinds}; use one of {', '.join(sorted(allowed))}.")
    return chosen


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response | str:
    """Answer SPARQL queries; without a query, describe the service (RDF) or show the editor (HTML)."""
    protocol = read_request()
    if protocol.query is None or not protocol.query.strip():
        if request.method == "POST":
            raise ApiError(400, "The request has no query.")
        return describe_service()
    # Reading the query counts against its time limit (QueryRefused: see errors.py): what is left of it is the query's.
    checked = gateway().check(protocol.query)
    answer = run_query(protocol, checked, choose_format(checked.form))
    response = Response(answer.body, mimetype=answer.media_type)
    response.vary.add("Accept")
    response.headers["X-StackAtlas-Row-Limit"] = str(current_app.config["MAX_ROWS"])
    response.headers["X-StackAtlas-Byte-Limit"] = str(current_app.config["MAX_ANSWER_BYTES"])
    if answer.truncated:
        response.headers["X-StackAtlas-Truncated"] = "true"
    return response


def run_query(protocol: ProtocolRequest, checked: Checked, format_name: str) -> Answer:
    """Answer a checked query from the cache, or through the gateway (query processes, or the remote store).

    Past a limit (time, memory, busy processes) the error propagates to the app's handlers (errors.py).
    """
    config = current_app.config
    job = gateway().job(checked, format_name, protocol.default_graphs, protocol.named_graphs)
    cache: SharedLRU[tuple[str, Job], Answer] = current_app.extensions["stackatlas.sparql_cache"]
    key = (version(), job)
    kept = cache.get(key)
    if kept is not None:
        return kept
    client = fairness.client_of(request, config["TRUSTED_PROXIES"])
    try:
        with current_app.extensions["stackatlas.fairness"].admit(client):
            answer = gateway().run(job, checked)
    except QuerySyntaxError as error:
        where = f" at line {error.line}, column {error.column}" if error.line else ""
        raise ApiError(400, f"Malformed query{where}: {error.message}", line=error.line, column=error.column) from None
    except UnsupportedFormatError as error:
        raise ApiError(406, str(error)) from None
    cache.put(key, answer)
    return answer


# --- Without a query: the service description, or the editor for people ------------------------------------------

DESCRIPTION_OFFER = negotiation.offer("text/html", *RDF_MEDIA)


def describe_service() -> Response | str:
    """Answer a query-less GET: HTML editor for browsers, a SPARQL 1.1 Service Description for RDF clients."""
    offered = DESCRIPTION_OFFER
    chosen = negotiation.best(offered) if request.accept_mimetypes else "text/turtle"
    if chosen is None:
        raise ApiError(406, f"Without a query, /sparql answers as {', '.join(offered)}.")
    if chosen == "text/html":
        return editor_page()
    name = RDF_MEDIA[chosen]
    response = Response(
        serialize(service_description(endpoint_url(absolute=True), version()), GRAPH_FORMATS[name][1], PREFIXES),
        mimetype=GRAPH_FORMATS[name][0],
    )
    response.vary.add("Accept")
    return response


def endpoint_url(*, absolute: bool) -> str:
    """Return this endpoint's URL from settings, never from a request's Host: PUBLIC_URL, relative, or bound address."""
    config = current_app.config
    public: str | None = config.get("PUBLIC_URL")
    if public:
        return public.rstrip("/") + "/sparql"
    if not absolute:
        return "/sparql"
    return f"http://{config['HOST']}:{config['PORT']}/sparql"


def editor_page() -> str:
    """Show the SPARQL editor (YASGUI) pointed at this endpoint, with this graph's prefixes and examples."""
    config = {
        "endpoint": endpoint_url(absolute=False),
        "prefixes": vocab.PREFIXES,
        "examples": [{"title": each.title, "query": each.query} for each in EXAMPLES],
    }
    return render_template("sparql.html", config=config)
