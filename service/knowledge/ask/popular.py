"""Ranking by the survey ("most popular", "most admired", sort=popularity): the answers with a share in the year,
best first, each with its figure, the survey year and the caveats as a reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service import vocab
from service.knowledge.popularity import MEASURES, RANK_MEASURES, Popularity, describe


@dataclass(frozen=True)
class PopularityRanking:
    """A ranking by the survey asked for: by what (popularity or admired) and in which year (None: the latest)."""

    by: str  # a key of service.knowledge.popularity.RANK_MEASURES
    year: int | None = None
    matched: str = ""

    def describe(self) -> str:
        """Say the order in words."""
        what = {
            "popularity": "most used first (share of survey respondents who worked with it)",
            "admired": "most admired first (share of its users who want to continue with it)",
        }[self.by]
        return f"{what}, in the {self.year if self.year else 'latest'} Stack Overflow survey"

    def as_json(self) -> dict[str, Any]:
        """Describe the ranking asked for, for the API."""
        return {"by": self.by, "year": self.year, "matched": self.matched, "means": self.describe()}


def rank(
    ranking: PopularityRanking, results: Sequence[dict[str, Any]], popularity: Popularity
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Keep the results with a share in the year, best first, each with its figure and a reason citing the survey."""
    by_iri = {result["iri"]: result for result in results}
    ranked = popularity.ranked(by_iri, ranking.by, ranking.year)
    caveats, source = ranked["caveats"], ranked["source"]
    kept = []
    for position, o in enumerate(ranked["observations"], start=1):
        figure = {
            "measure": MEASURES[o.measure],
            "year": o.year,
            "share": o.share,
            "count": o.count,
            "respondents": o.respondents,
            "rank": position,
        }
        reason = {
            "triple": [vocab.compact(o.framework), "sa:share", f"{o.share:g}"],
            "text": f"{describe(o)}, Stack Overflow Developer Survey {o.year}",
            "source": source,
            "caveats": popularity.caveats([o]),
        }
        kept.append({**by_iri[o.framework], "popularity": figure, "why": [*by_iri[o.framework]["why"], reason]})
    how = {
        "by": ranking.by,
        "measure": MEASURES[RANK_MEASURES[ranking.by]],
        "year": ranked["year"],
        "latest_year": popularity.latest_year,
        "means": ranking.describe().replace("latest", str(ranked["year"])) if ranked["year"] else ranking.describe(),
        "ranked": len(kept),
        "unranked": len(results) - len(kept),
        "caveats": caveats,
        "source": source,
    }
    return kept, how
