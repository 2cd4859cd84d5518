"""Tell what a SPARQL request is before anything runs it: a query or an update, and whether it uses SERVICE.

pyoxigraph (like rdflib) evaluates SERVICE by fetching the URL it names, which would turn a
public endpoint into a proxy; and it has no read-only switch. So requests are inspected first,
by a lexer that knows where comments, strings and IRIs are, so that `?service`, `ex:service`,
`"SERVICE"` or `<http://x/SERVICE>` are not mistaken for the keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_TOKENS = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][^\s(){}\[\],;.!=<>"'^|&*+/\\-]+)
    | (?P<name>[^\s(){}\[\],;"'<>#?$=!^|&*+/\\]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_VERBS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
PROLOGUE = frozenset({"BASE", "PREFIX"})


@dataclass(frozen=True)
class RequestShape:
    """What a SPARQL text is: its first operation keyword, and whether SERVICE appears as a keyword."""

    operation: Literal["query", "update", "unknown"]
    form: str | None
    uses_service: bool


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's codepoint escapes (\\u0053 is "S"), which engines apply before parsing."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def keywords(text: str) -> list[str]:
    """Return the bare words of a SPARQL text in upper case, outside comments, strings, IRIs and names."""
    found = []
    for match in _TOKENS.finditer(unescape_codepoints(text)):
        if match.lastgroup == "name":
            word = match.group()
            # A prefixed name (ex:service, service:x, :a, _:b) or a number is never a keyword.
            if ":" not in word and not word[0].isdigit():
                found.append(word.upper())
    return found


def inspect(text: str) -> RequestShape:
    """Tell whether text is a query or an update (by its first keyword after the prologue), and if it uses SERVICE."""
    words = keywords(text)
    first = next((word for word in words if word not in PROLOGUE), None)
    if first in QUERY_FORMS:
        operation: Literal["query", "update", "unknown"] = "query"
    elif first in UPDATE_VERBS:
        operation = "update"
    else:
        operation = "unknown"
    return RequestShape(operation=operation, form=first, uses_service="SERVICE" in words)
