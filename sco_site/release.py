"""This release of the code as a short digest, part of every cache key: a deployment that changes
what renders pages starts with its own cold cache namespace in the shared Redis. ``RELEASE`` in the
environment (a commit id) names the release instead."""

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
