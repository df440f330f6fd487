"""Peak memory of checking a 24-megapixel upload (``core.media.images.clean_upload``).

Usage: .venv/bin/python benchmarks/image_check_memory.py [--images-module PATH] [--runs 3]

A 6000 × 4000 JPEG and PNG (smooth gradients, so both stay under the 5 MB upload cap)
are written to a temporary folder; each check then runs in a process of its own, on the
file as Django hands over a large upload (on disk). The peak is that process's peak
resident memory during the check (Linux ``VmHWM``, reset just before it) minus its resident
memory just before; Pillow holds an RGB pixel in 4 bytes, so one decoded copy of the picture
is 6000 × 4000 × 4 bytes (92 MB), the yardstick printed beside it. ``--images-module`` measures
another version of the module, e.g. the one before a change:
``git show HEAD:core/media/images.py > /tmp/old_images.py``. Prints the median of ``--runs``.
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (6000, 4000)
FORMATS = {"JPEG": "photo.jpg", "PNG": "photo.png"}
MB = 1024 * 1024


def write_inputs(folder):
    from PIL import Image

    ramp = Image.linear_gradient("L").resize(SIZE)
    picture = Image.merge(
        "RGB", (ramp, ramp.transpose(Image.Transpose.ROTATE_180), ramp.transpose(Image.FLIP_LEFT_RIGHT))
    )
    paths = {}
    for image_format, name in FORMATS.items():
        paths[image_format] = folder / name
        picture.save(paths[image_format], image_format, **({"quality": 90} if image_format == "JPEG" else {}))
    return paths


def memory_mb(field):
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process, in MB."""
    with open("/proc/self/status") as status:
        values = dict(line.split(":", 1) for line in status)
    return int(values[field].split()[0]) / 1024


def check_in_this_process(path, images_module):
    """Run one check; print ``<peak MB> <seconds> <stored MB>``."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sco_site.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import UploadedFile

    if images_module:
        spec = importlib.util.spec_from_file_location("images_under_test", images_module)
        images = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(images)
    else:
        from core.media import images

    with open(path, "rb") as file:
        upload = UploadedFile(file, name=Path(path).name, size=os.path.getsize(path))
        # ru_maxrss would not do: a child starts with its parent's peak.
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        before = memory_mb("VmRSS")
        started = time.perf_counter()
        stored = images.clean_upload(upload)
        seconds = time.perf_counter() - started
        peak = memory_mb("VmHWM")
    print(peak - before, seconds, stored.size / MB)


def measure(path, images_module):
    command = [sys.executable, __file__, "--check", str(path)]
    if images_module:
        command += ["--images-module", images_module]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return [float(value) for value in output.split()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images-module", help="path of an images.py to measure instead of core/media/images.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        check_in_this_process(args.check, args.images_module)
        return
    decoded = SIZE[0] * SIZE[1] * 4 / MB
    print(f"Checking a {SIZE[0]} × {SIZE[1]} upload with {args.images_module or 'core/media/images.py'}")
    print(f"one decoded copy: {decoded:.0f} MB; median of {args.runs} runs, each a process of its own")
    with tempfile.TemporaryDirectory() as folder:
        for image_format, path in write_inputs(Path(folder)).items():
            runs = [measure(path, args.images_module) for _ in range(args.runs)]
            peak, seconds, stored = (statistics.median(column) for column in zip(*runs, strict=True))
            upload = path.stat().st_size / MB
            print(
                f"{image_format:5} upload {upload:4.1f} MB: peak {peak:4.0f} MB "
                f"({peak / decoded:.1f} decoded copies), {seconds:5.2f} s, stored {stored:4.1f} MB"
            )


if __name__ == "__main__":
    main()
