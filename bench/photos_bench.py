"""Benchmark: naive rendition code vs inspection.photos.make_renditions.

    .venv/bin/python bench/photos_bench.py [--rounds 15] [--mem-rounds 5]

(a) naive: full decode + exif_transpose + resize the original to 1600 and to
    320 + save; (b) the module: JPEG draft (DCT-scaled decode) + thumbnail from
    the large rendition. Same JPEG encoder settings for both, so the difference
    is decoding/resizing. Rounds are interleaved (order alternates each round)
    so drift in machine load hits both alike.

Peak memory is measured as peak-RSS (VmHWM) growth in a fresh child process per run:
Pillow allocates pixel buffers with C malloc, which tracemalloc cannot see, and
a process's high-water mark never goes down, so each run needs its own process.
No Django needed.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The imports below come after the sys.path insert so the project package resolves when run as a script.
import PIL  # noqa: E402
from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageStat  # noqa: E402

from inspection import photos  # noqa: E402

SIZE = (4032, 3024)  # 12 MP, the usual phone sensor


def make_photo(size=SIZE) -> bytes:
    """A photographic-ish JPEG: smooth gradients, blotchy mid-frequency texture,
    hard edges and sensor grain, saved like a phone does (q90, EXIF rotation+GPS)."""
    w, h = size
    vertical = Image.linear_gradient("L").resize(size)
    radial = Image.radial_gradient("L").resize(size)
    fractal = Image.effect_mandelbrot((w // 4, h // 4), (-2.1, -1.2, 0.9, 1.2), 80)
    fractal = fractal.resize(size, Image.Resampling.BICUBIC)
    bands = []
    for sigma, base in ((60, vertical), (45, radial), (70, fractal)):
        texture = Image.effect_noise((w // 16, h // 16), sigma).resize(
            size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
        band = Image.blend(base, texture, 0.45)
        band = Image.blend(band, fractal, 0.25)
        grain = Image.effect_noise(size, 10)  # centred on 128
        bands.append(ImageChops.add(band, grain, scale=1.0, offset=-128))
    im = Image.merge("RGB", bands)
    exif = Image.Exif()
    exif[0x010F], exif[0x0112] = "BenchPhone", 6  # portrait shot, stored landscape
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 22.0, 30.5)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def _fit(size, px):
    w, h = size
    s = px / max(w, h)
    return (max(1, round(w * s)), max(1, round(h * s)))


def _save(im, progressive):
    im.info = {}
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=photos.JPEG_QUALITY, optimize=True, progressive=progressive)
    return buf.getvalue()


def naive(data: bytes):
    im = Image.open(io.BytesIO(data))
    im.load()  # full 12 MP decode
    im = ImageOps.exif_transpose(im)
    large = im.resize(_fit(im.size, photos.LARGE_PX), Image.Resampling.LANCZOS)
    thumb = im.resize(_fit(im.size, photos.THUMB_PX), Image.Resampling.LANCZOS)
    return _save(large, True), _save(thumb, False)


def module(data: bytes):
    out = photos.make_renditions(data)
    return out.large.jpeg, out.thumb.jpeg


APPROACHES = {"a": naive, "b": module}


def _peak_rss_kib() -> int:
    # VmHWM belongs to this process's own address space. ru_maxrss would not do:
    # Linux carries the forking parent's high-water mark across exec into it.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _mem_child(which: str, path: str) -> None:
    data = Path(path).read_bytes()
    Image.open(io.BytesIO(data))  # plugin registration outside the measurement
    before = _peak_rss_kib()
    APPROACHES[which](data)
    print(_peak_rss_kib() - before)


def _mem_run(which: str, path: str) -> float:
    out = subprocess.run([sys.executable, __file__, "--mem-child", which, path],
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024  # MiB


def _p90(xs):
    return statistics.quantiles(xs, n=10, method="inclusive")[8]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--mem-rounds", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "photos.txt"))
    ap.add_argument("--mem-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mem_child:
        return _mem_child(*args.mem_child)

    data = make_photo()
    times = {"a": [], "b": []}
    for fn in APPROACHES.values():  # warm-up: plugin loading, allocator arenas
        fn(data)
    for r in range(args.rounds):
        for key in ("ab" if r % 2 == 0 else "ba"):
            t0 = time.perf_counter()
            APPROACHES[key](data)
            times[key].append((time.perf_counter() - t0) * 1000)

    mem = {"a": [], "b": []}
    with tempfile.NamedTemporaryFile(suffix=".jpg") as f:
        f.write(data)
        f.flush()
        for r in range(args.mem_rounds):
            for key in ("ab" if r % 2 == 0 else "ba"):
                mem[key].append(_mem_run(key, f.name))

    a_large, _ = naive(data)
    out = photos.make_renditions(data)
    diff = ImageChops.difference(Image.open(io.BytesIO(a_large)).convert("RGB"),
                                 Image.open(io.BytesIO(out.large.jpeg)).convert("RGB"))
    mad = sum(ImageStat.Stat(diff).mean) / 3

    med = {k: statistics.median(v) for k, v in times.items()}
    p90 = {k: _p90(v) for k, v in times.items()}
    mmed = {k: statistics.median(v) for k, v in mem.items()}
    lines = [
        "photos_bench: naive (a) vs inspection.photos.make_renditions (b)",
        (f"python {platform.python_version()}, Pillow {PIL.__version__}, "
         f"{platform.machine()}, {os.cpu_count()} CPUs, single-threaded"),
        f"input: {SIZE[0]}x{SIZE[1]} JPEG q90, {len(data) / 1e6:.1f} MB, EXIF orientation 6",
        (f"output: large {out.large.width}x{out.large.height} "
         f"({out.large.byte_size // 1000} KB), thumb {out.thumb.width}x{out.thumb.height}; "
         f"(b) decoded at {out.decoded_size[0]}x{out.decoded_size[1]}"),
        (f"rounds: {args.rounds} interleaved (+1 warm-up each); memory: {args.mem_rounds} "
         "fresh processes each, peak RSS growth"),
        "",
        f"{'':14}{'median ms':>10}{'p90 ms':>9}{'peak MiB':>10}",
        f"{'(a) naive':14}{med['a']:>10.0f}{p90['a']:>9.0f}{mmed['a']:>10.1f}",
        f"{'(b) module':14}{med['b']:>10.0f}{p90['b']:>9.0f}{mmed['b']:>10.1f}",
        "",
        f"time ratio b/a (median): {med['b'] / med['a']:.2f}  (p90: {p90['b'] / p90['a']:.2f})",
        f"memory ratio b/a (median peak): {mmed['b'] / mmed['a']:.2f}",
        f"large rendition, mean abs pixel difference a vs b: {mad:.2f} / 255",
    ]
    text = "\n".join(lines) + "\n"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
