"""Benchmark: making the renditions of a large photo, local files or an S3 bucket.

    .venv/bin/python bench/renditions_bench.py                       # local files
    .venv/bin/python bench/renditions_bench.py --megapixels 24 --runs 5
    NEWSROOM_S3_BUCKET=… NEWSROOM_S3_ENDPOINT_URL=… … .venv/bin/python bench/renditions_bench.py

Not a test: it prints the seconds ``media.renditions`` takes to make the eight renditions
(four widths, WebP and JPEG) of one generated JPEG, with the JPEG decoded at a reduced
scale (Pillow's ``draft``, what the code does) and fully decoded, and their ratio. This is
the work that left the reader's request: it now runs when the file arrives.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def large_jpeg(megapixels):
    from PIL import Image, ImageDraw

    width = int((megapixels * 1_000_000 * 3 / 2) ** 0.5)
    height = width * 2 // 3
    image = Image.new("RGB", (width, height), (90, 120, 160))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 97):  # detail for the encoder and the resampler
        draw.line([(i, 0), (width - i, height)], fill=(i % 255, 200, 90), width=7)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue(), (width, height)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=49.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.megapixels <= 0 or args.runs < 1:
        parser.error("--megapixels and --runs must be positive")

    work = Path(tempfile.mkdtemp(prefix="renditions-bench-"))
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(work / "uploads"))
    os.environ.setdefault("NEWSROOM_VAR_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import JpegImagePlugin

    from media import renditions

    data, size = large_jpeg(args.megapixels)
    source = default_storage.save(f"bench/{uuid.uuid4().hex}.jpg", ContentFile(data))
    backend = type(default_storage._wrapped).__name__
    print(f"{backend}: one {size[0]}×{size[1]} JPEG ({len(data) / 1e6:.1f} MB), {args.runs} runs")

    def timed(photo_pk):
        started = time.perf_counter()
        record = renditions._make(photo_pk, source)
        elapsed = time.perf_counter() - started
        assert len(record["jpg"]) == 4, record
        for extension in ("webp", "jpg"):
            for name, _width, _height in record[extension]:
                default_storage.delete(name)
        return elapsed

    results = {}
    draft = JpegImagePlugin.JpegImageFile.draft
    for label, patched in (("reduced-scale decode (draft)", False), ("full decode", True)):
        if patched:
            JpegImagePlugin.JpegImageFile.draft = lambda self, mode, size: None
        try:
            times = [timed(10_000_000 + run) for run in range(args.runs)]
        finally:
            JpegImagePlugin.JpegImageFile.draft = draft
        results[label] = statistics.median(times)
        print(
            f"  {label:30} median {results[label]:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})"
        )
    default_storage.delete(source)
    ratio = results["full decode"] / results["reduced-scale decode (draft)"]
    print(f"  full decode / draft: {ratio:.1f}×")


if __name__ == "__main__":
    main()
