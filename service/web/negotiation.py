"""Content negotiation: every list of media types a route offers is declared here, so the cache can key on outcomes.

A client can spell its Accept header in endless ways that lead to the same answer. Keeping answers by
the raw header would let it fill the cache with copies; keeping them by what each offer negotiates
to cannot, and is exact: two requests with equal keys negotiate alike on every route.
"""

from __future__ import annotations

from flask import request

_OFFERS: list[tuple[str, ...]] = []


def offer(*media: str) -> tuple[str, ...]:
    """Declare a list of media types a route chooses from (in the route's order of preference)."""
    offered = tuple(media)
    if offered not in _OFFERS:
        _OFFERS.append(offered)
    return offered


def best(offered: tuple[str, ...]) -> str | None:
    """Return the media type this request's Accept prefers among a declared offer, or None."""
    return request.accept_mimetypes.best_match(offered)


def accept_key() -> tuple[object, ...]:
    """Return what this request's Accept decides on every route: equal keys, equal negotiation."""
    accept = request.accept_mimetypes
    if not accept:
        return ()
    return (accept.best == "*/*", *(accept.best_match(offered) for offered in _OFFERS))
