"""The release being served: what the cached fragments' keys begin with (settings.CACHES' KEY_PREFIX),
so that a new release never reads what an old one cached in a shared Redis.

UNIONPLAN_RELEASE names it when the deployment knows it (a tag, a commit); otherwise it is a digest of
the code and templates themselves, which changes whenever they do.
"""

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("members", "activities", "plans", "funds", "unionplan", "templates", "locale")


def release():
    return os.environ.get("UNIONPLAN_RELEASE") or source_digest()


def source_digest():
    digest = hashlib.sha256()
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
