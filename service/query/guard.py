"""Tell what a SPARQL request is before anything runs it: a query or an update, and whether it uses SERVICE.

pyoxigraph (like rdflib) evaluates SERVICE by fetching the URL it names, which would turn a
public endpoint into a proxy; and it has no read-only switch. So requests are inspected first,
by a lexer that knows where comments, strings and IRIs are, so that `?service`, `ex:service`,
`"SERVICE"` or `<http://x/SERVICE>` are not mistaken for the keyword.

The lexer reads tokens the way pyoxigraph 0.5.13's parser (spargebra, a PEG grammar) does, because
any difference is a way around the guard: a comment ends at CR as well as LF, a prefixed name may
hold escapes such as `\\#`, an IRI the engine rejects is read by it as the operator `<` followed by
more tokens. The parser also matches keywords by their letters alone, with no word boundary and
with backtracking: `1SERVICE<...>`, `?o.SERVICE<...>` and `service:x {` (prefix `service:`, once
`:` is declared) are all a SERVICE clause to it. So every bare word containing SERVICE counts, and
a prefixed name counts wherever the parser could split it into the keyword and an endpoint.

Reading a text costs time linear in its length: each BASE is resolved once, against the one before it
(as the engine does), and every IRI after it against that one base. The guard runs in the serving
process, before any query process is taken, so it has a deadline of its own (the caller's share of
QUERY_TIMEOUT) and stops with QueryTimeout past it. It also measures how deeply a text nests brackets
and negations: the engine's parser recurses on each level and overflows its stack on a few thousand
(a crash of the query process), and takes exponential time on nested `[ ]`; past MAX_DEPTH the caller
refuses the text with 400 before the engine reads it.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from service.query.jobs import QueryTimeout

# Character classes of the engine's grammar (spargebra's PN_CHARS_BASE and friends, which stop at U+FFFD).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_ECHAR = r"""\\[tbnrf"'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"""

# Possessive quantifiers and atomic groups make each pattern as greedy as the PEG rule it copies,
# which never gives characters back: `ex:a.b.c` is the name `ex:a.b` and then `.c`, as there.
_TOKENS = re.compile(
    rf"""
      (?P<space>[ \t\r\n]++)
    | (?P<comment>\#[^\r\n]*+)
    | (?P<long_string>'''(?>(?:''|')?+(?:[^'\\]|{_ECHAR}))*+'''|\"\"\"(?>(?:\"\"|\")?+(?:[^"\\]|{_ECHAR}))*+\"\"\")
    | (?P<string>'(?:[^'\\\n\r]|{_ECHAR})*+'|"(?:[^"\\\n\r]|{_ECHAR})*+")
    | (?P<iri><[^<>"{{}}|^`\x00-\x20]*+>)
    | (?P<variable>[?$][0-9{_U}][0-9{_U}\u00b7\u0300-\u036f\u203f\u2040]*+)
    | (?P<name>
          (?P<blank>_:[0-9{_U}][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+)
        | (?P<language>@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+(?:--[a-zA-Z]++)?+)
        | (?P<number>(?>(?>[0-9]++\.[0-9]*+|\.[0-9]++|[0-9]++)[eE][+-]?+[0-9]++)|[0-9]*+\.[0-9]++|[0-9]++)
        | (?P<prefixed>(?:[{_BASE}][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+)?+
                       :(?:(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*+(?:\.++(?:[{_CHARS}:]|{_PLX})++)?+)?+)
        | (?P<word>[A-Za-z0-9_]++)
      )
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_NAME_KINDS = ("blank", "language", "number", "prefixed", "word")

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_VERBS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
PROLOGUE = frozenset({"BASE", "PREFIX", "VERSION"})
# After these the parser reads an IRI and nothing else, so a name there is never split into SERVICE.
_BEFORE_AN_IRI = frozenset({"GRAPH", "FROM", "NAMED"})
# SERVICE at the start of a part of a prefixed name, perhaps after a boolean or a number the parser
# reads first (`?s ex: trueSERVICE:x {`), perhaps with SILENT glued on.
_GLUED_SERVICE = re.compile(r"(?:true|false|[0-9.][0-9.eE-]*)?service(?:silent)?", re.IGNORECASE)
# The deepest nesting of brackets and negations a text may have: queries people write stay under 20; the
# engine crashed at about 1,000 nested FILTER EXISTS and spent seconds on 100 nested `[`.
MAX_DEPTH = 64
READ_TOO_LONG = "the query took longer to read than its time limit"
_OPENS, _CLOSES = frozenset("({["), frozenset(")}]")
# How many tokens the lexer reads between two looks at the clock.
_CLOCK_EVERY = 512


@dataclass(frozen=True)
class RequestShape:
    """What a SPARQL text is: its first operation keyword, whether SERVICE appears as a keyword, how deep it nests."""

    operation: Literal["query", "update", "unknown"]
    form: str | None
    uses_service: bool
    depth: int = 0


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's codepoint escapes (\\u0053 is "S"), which the standard applies before parsing."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def keywords(text: str) -> list[str]:
    """Return the bare words of a SPARQL text in upper case, outside comments, strings, IRIs and names."""
    return [token.text.upper() for token in scan(text)[0] if token.kind == "word"]


def inspect(text: str, deadline: float | None = None) -> RequestShape:
    """Tell whether text is a query or an update (by its first keyword after the prologue), and if it uses SERVICE.

    Raises QueryTimeout when the reading is not done by `deadline` (a time.monotonic() value).
    """
    tokens, prefixes = scan(text, deadline)
    words = [token.text.upper() for token in tokens if token.kind == "word"]
    first = next((word for word in words if word not in PROLOGUE), None)
    if first in QUERY_FORMS:
        operation: Literal["query", "update", "unknown"] = "query"
    elif first in UPDATE_VERBS:
        operation = "update"
    else:
        operation = "unknown"
    # pyoxigraph 0.5.13 leaves \u escapes outside strings and IRIs alone, the standard applies them
    # first: a text is refused if SERVICE is there either way.
    service = _uses_service(tokens, prefixes)
    if not service and ("\\u" in text or "\\U" in text):
        service = _uses_service(*scan(unescape_codepoints(text), deadline))
    return RequestShape(operation=operation, form=first, uses_service=service, depth=_depth(tokens))


def _depth(tokens: list[_Token]) -> int:
    # The deepest nesting of brackets, counting a run of `!` (each a level of the parser) as that many more.
    depth = deepest = negations = 0
    for token in tokens:
        if token.kind in ("space", "comment"):
            continue
        negations = negations + 1 if token.text == "!" else 0
        if token.kind == "other" and token.text in _OPENS:
            depth += 1
        elif token.kind == "other" and token.text in _CLOSES:
            depth = max(0, depth - 1)
        deepest = max(deepest, depth + negations)
    return deepest


def scan(text: str, deadline: float | None = None) -> tuple[list[_Token], dict[str, str | None]]:
    """Read a query into tokens as the engine does, with the prefixes its prologue declares (None: a relative IRI)."""
    tokens: list[_Token] = []
    base: str | None = None  # the prologue's BASE so far, resolved (each BASE against the one before it)
    prefixes: dict[str, str | None] = {}
    significant: list[_Token] = []
    in_prologue = True
    position = 0
    while position < len(text):
        match = _TOKENS.match(text, position)
        assert match is not None  # `other` matches any character
        kind = match.lastgroup or "other"
        if kind == "name":
            kind = next(name for name in _NAME_KINDS if match.group(name) is not None)
        token = _Token(kind, match.group())
        if kind == "iri" and not _engine_reads_iri(token.text[1:-1], base):
            token = _Token("other", "<")  # the engine backtracks: `<` is the operator, and lexing goes on
        position += len(token.text)
        tokens.append(token)
        if deadline is not None and len(tokens) % _CLOCK_EVERY == 0 and time.monotonic() > deadline:
            raise QueryTimeout(READ_TOO_LONG)
        if kind in ("space", "comment"):
            continue
        if kind == "word" and token.text.upper() not in PROLOGUE:
            in_prologue = False
        if in_prologue and token.kind == "iri" and significant:
            content = token.text[1:-1]
            declared = significant[-1]
            if declared.text.upper() == "BASE":
                base = _resolved(content, base)
            elif len(significant) >= 2 and significant[-2].text.upper() == "PREFIX" and declared.kind == "prefixed":
                # A relative namespace is resolved by the engine, not here: its names are never trusted whole.
                namespace = _unescape_iri(content)
                prefixes[declared.text[:-1]] = _iri(namespace) if namespace is not None else None
        significant.append(token)
    return tokens, prefixes


def _uses_service(tokens: list[_Token], prefixes: dict[str, str | None]) -> bool:
    significant = [token for token in tokens if token.kind not in ("space", "comment")]
    for index, token in enumerate(significant):
        if token.kind == "word" and "SERVICE" in token.text.upper():
            return True  # no other bare word of SPARQL holds these letters, so this is never a false alarm
        if token.kind == "prefixed":
            before = significant[index - 1] if index else None
            if before is not None and before.kind == "word" and before.text.upper() in _BEFORE_AN_IRI:
                continue
            opens_group = index + 1 < len(significant) and significant[index + 1].text == "{"
            if _name_hides_service(token.text, opens_group, prefixes):
                return True
    return False


def _name_hides_service(name: str, opens_group: bool, prefixes: dict[str, str | None]) -> bool:
    # SERVICE can start where the name starts (the parser tries the keyword there when the name as a
    # triple term fails) or after any colon, when the name does not expand to a valid IRI and the
    # parser falls back to the bare prefix `ex:`. The endpoint is then the rest of the name, and `{`
    # must follow; or, when SERVICE ends the name, the next token.
    parts = name.split(":")
    for index, part in enumerate(parts):
        glued = _GLUED_SERVICE.match(part)
        if glued is None or (index > 0 and _expands(name, prefixes)):
            continue
        if opens_group or (index == len(parts) - 1 and glued.end() == len(part)):
            return True
    return False


def _expands(name: str, prefixes: dict[str, str | None]) -> bool:
    # Whether the engine reads this prefixed name whole: a declared prefix, and a valid IRI once joined.
    prefix, local = name.split(":", 1)
    namespace = prefixes.get(prefix)
    return namespace is not None and _iri(namespace + local.replace("\\", "")) is not None


def _iri(text: str) -> str | None:
    try:
        return ox.NamedNode(text).value
    except ValueError:
        return None


def _engine_reads_iri(content: str, base: str | None) -> bool:
    # The engine's IRIREF: codepoint escapes applied, then the IRI checked, resolved against BASE if any.
    iri = _unescape_iri(content)
    if iri is None:
        return False
    if base is None:
        return _iri(iri) is not None
    return _resolved(content, base) is not None


@functools.lru_cache(maxsize=1024)
def _resolved(content: str, base: str | None) -> str | None:
    # Resolution against a base is the engine's own (oxiri): ask it, with the one base in force. The
    # text cannot hold a SERVICE clause: the IRI tokens have no braces, spaces or `>`, and the only
    # group pattern is the one here. None where the engine rejects the IRI.
    if "\\" not in content and "." not in content and _iri(content) is not None:
        # An absolute IRI with no dot segments to remove resolves to itself against any base: no need to ask.
        return content
    prologue = f"BASE <{base}> " if base is not None else ""
    try:
        answer = _SCRATCH.query(f"{prologue}SELECT ?iri WHERE {{ BIND(<{content}> AS ?iri) }}")
    except SyntaxError:
        return None
    assert isinstance(answer, ox.QuerySolutions)
    iri = next(iter(answer))["iri"]
    assert isinstance(iri, ox.NamedNode)
    return iri.value


_SCRATCH = ox.Store()


def _unescape_iri(content: str) -> str | None:
    # spargebra's unescape_iriref: only \uXXXX and \UXXXXXXXX, read by Rust's from_str_radix (which
    # takes a leading +); None where the engine rejects the IRI.
    parts = content.split("\\")
    unescaped = [parts[0]]
    for part in parts[1:]:
        size = {"u": 4, "U": 8}.get(part[:1])
        digits = part[1 : 1 + size] if size else ""
        if not size or len(digits) != size or not re.fullmatch(r"\+?[0-9A-Fa-f]+", digits):
            return None
        code = int(digits, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        unescaped += [chr(code), part[1 + size :]]
    return "".join(unescaped)
