"""How every browser test starts Chromium: Debian's, never a downloaded one, kept off the network."""

from __future__ import annotations

import os
from typing import Any

LAUNCH: dict[str, Any] = {
    "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
}  # fmt: skip
