"""Content negotiation: a route declares the media types it offers, in its order of preference."""

from __future__ import annotations

from flask import request


def offer(*media: str) -> tuple[str, ...]:
    """Declare a list of media types a route chooses from (in the route's order of preference)."""
    return tuple(media)


def best(offered: tuple[str, ...]) -> str | None:
    """Return the media type this request's Accept prefers among a declared offer, or None."""
    return request.accept_mimetypes.best_match(offered)
