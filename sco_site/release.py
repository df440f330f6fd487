"""What this release of the code is, as a short digest: part of every cache key.

Cached pages and fragments are keyed by the content version, which changes when content
changes, not when the code does. A deployment that changes a template, a stylesheet
(pages name static files by their hashed names) or the Python that renders them must not
be served the HTML the previous release cached in the shared Redis; hosts of two releases
side by side during a rolling deployment must not share it either. So the cache's key
prefix carries this digest: each release starts with its own, cold, namespace.

``RELEASE`` in the environment (a commit id, a build number) names the release instead;
otherwise the digest is worked out at start-up from the files that shape the pages (a few
milliseconds).
"""

import hashlib
import os

SHAPING = (".py", ".html", ".css", ".js", ".svg")
SKIPPED = {"staticfiles", "media", "fixtures", "tests", "benchmarks", "node_modules", "__pycache__", "deploy"}


def code_digest(base_dir):
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(base_dir):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED and not name.startswith("."))
        for name in sorted(files):
            if name.endswith(SHAPING):
                path = os.path.join(folder, name)
                with open(path, "rb") as file:
                    digest.update(os.path.relpath(path, base_dir).encode() + b"\0" + file.read() + b"\0")
    return digest.hexdigest()[:12]
