"""Write a synthetic StackAtlas graph of N frameworks (N-Quads) for benchmarks, from 10k to 1M triples.

Frameworks get realistic attributes drawn from the bundled vocabulary: one or two languages, a
style, three to six use cases, pros and cons on shared aspects, features and audiences, each claim
in a per-framework source section, like the real data.

    python bench/synthetic.py --frameworks 35000 -o /tmp/big.nq
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from service import vocab
from service.knowledge.catalog import Catalog
from service.knowledge.derived import load_known_dataset

SA, ID = vocab.ONTOLOGY, vocab.BASE
RDF_TYPE, LABEL = vocab.RDF_TYPE, vocab.RDFS_LABEL
DCT = vocab.PREFIXES["dct"]


def main() -> None:
    """Generate the file named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frameworks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    catalog = Catalog(load_known_dataset().store)
    pick = {
        facet: [t.iri for t in catalog.of_facet(facet)]
        for facet in ("language", "use_case", "aspect", "audience", "feature", "style")
    }
    rng = random.Random(args.seed)
    lines = 0
    with args.output.open("w") as out:

        def quad(s: str, p: str, o: str, g: str) -> None:
            nonlocal lines
            out.write(f"<{s}> <{p}> {o} <{g}> .\n")
            lines += 1

        source = ID + "source/synthetic"
        quad(source, RDF_TYPE, f"<{SA}PublishedSource>", ID + "graph/sources")
        quad(source, LABEL, '"Synthetic benchmark data"', ID + "graph/sources")
        for n in range(args.frameworks):
            f, section = f"{ID}synthetic-{n}", f"{source}/{n}"
            quad(section, RDF_TYPE, f"<{SA}SourceSection>", ID + "graph/sources")
            quad(section, DCT + "isPartOf", f"<{source}>", ID + "graph/sources")
            quad(section, LABEL, f'"Synthetic section {n}"', ID + "graph/sources")
            quad(f, RDF_TYPE, f"<{SA}Framework>", section)
            quad(f, LABEL, f'"Framework {n}"@en', section)
            for language in rng.sample(pick["language"], rng.choice((1, 1, 1, 2))):
                quad(f, SA + "language", f"<{language}>", section)
            quad(f, SA + "style", f"<{rng.choice(pick['style'])}>", section)
            for use in rng.sample(pick["use_case"], rng.randint(3, 6)):
                quad(f, SA + "suitedFor", f"<{use}>", section)
            for feature in rng.sample(pick["feature"], rng.randint(1, 4)):
                quad(f, SA + "hasFeature", f"<{feature}>", section)
            for kind, count in (("Pro", rng.randint(2, 4)), ("Con", rng.randint(1, 3))):
                for k, aspect in enumerate(rng.sample(pick["aspect"], count)):
                    claim = f"{f}/{kind.lower()}/{k}"
                    quad(f, SA + "has" + kind, f"<{claim}>", section)
                    quad(claim, RDF_TYPE, f"<{SA}{kind}>", section)
                    quad(claim, SA + "aspect", f"<{aspect}>", section)
                    quad(claim, DCT + "description", f'"{kind} {k} of framework {n}"@en', section)
                    quad(claim, DCT + "source", f"<{section}>", section)
            if rng.random() < 0.3:
                quad(f, SA + "recommendedFor", f"<{rng.choice(pick['audience'])}>", section)
    print(f"wrote {lines} quads for {args.frameworks} frameworks to {args.output}")


if __name__ == "__main__":
    main()
