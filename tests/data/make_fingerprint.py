"""Write tests/data/article-shingles.txt and article-names.txt: hashes of the article's six-word
runs (no description may share one) and of its one- to three-word runs (every name in an article
graph must be one), not its text.

Usage: python tests/data/make_fingerprint.py ../shared/sources/top-10-backend-frameworks-2025.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_article_facts import FINGERPRINT, NAMES, names, shingles

if __name__ == "__main__":
    text = Path(sys.argv[1]).read_text()
    FINGERPRINT.write_text("\n".join(sorted(shingles(text))) + "\n")
    NAMES.write_text("\n".join(sorted(names(text))) + "\n")
    print(f"wrote {FINGERPRINT} and {NAMES}")
