#!/usr/bin/env python3
"""Benchmark healthlint against proselint on generated articles (run by hand, never in CI).

    pip install proselint
    python benchmarks/bench.py                       # 300 and 2,000 articles, 5 rounds
    python benchmarks/bench.py --files 300 --rounds 3 --skip-scale

Measures, on the same machine and corpus, alternating the two tools round by round:
- throughput over N generated articles (healthlint with its default --jobs, no cache);
- latency of one article as a whole process (start-up included);
- scale: 2,000 articles, peak memory of the largest process, time per article vs 300;
- cache: a second run over the same articles, against the first (cold) run.
The corpus comes from ../shared/bench/gen_corpus.py (deterministic), or --corpus DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GEN = HERE.parent.parent / "shared" / "bench" / "gen_corpus.py"
BIN = Path(sys.executable).parent

_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "wall = time.perf_counter() - t\n"
    "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process of one run of ``cmd``."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env, check=True
    )
    wall, rss_kb = out.stdout.split()
    return float(wall), int(rss_kb) / 1024


def generate(gen: Path, out: Path, n: int) -> Path:
    if not out.exists():
        subprocess.run(
            [sys.executable, str(gen), str(out), str(n)], check=True, stdout=subprocess.DEVNULL
        )
    return out


def byte_compile_healthlint() -> None:
    """Compile healthlint's modules as ``pip install`` does, so both tools start from bytecode.

    An editable install run with PYTHONDONTWRITEBYTECODE set would otherwise recompile every
    module in every process (about 50 ms each start), while proselint's came compiled from pip.
    """
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import compileall, healthlint, os; "
            "compileall.compile_dir(os.path.dirname(healthlint.__file__), quiet=1)",
        ],
        check=True,
    )


def corpus_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def alternate(cmds: dict[str, list[str]], rounds: int, env: dict) -> dict[str, float]:
    """Median wall time of each command, run alternately round by round."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(rounds):
        for name, cmd in cmds.items():
            times[name].append(measure(cmd, env)[0])
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gen", type=Path, default=DEFAULT_GEN)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--scale-files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    healthlint = str(BIN / "healthlint")
    proselint = shutil.which("proselint", path=str(BIN)) or shutil.which("proselint")
    if proselint is None:
        sys.exit("bench: proselint is not installed (pip install proselint)")
    byte_compile_healthlint()
    work = Path(tempfile.mkdtemp(prefix="healthlint-bench-"))
    env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(work / "cache")}
    figures: dict[str, float] = {}
    try:
        small = generate(args.gen, work / f"corpus-{args.files}", args.files)
        size = corpus_mb(small)
        files = sorted(str(p) for p in small.iterdir())
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        print(f"corpus: {args.files} articles, {size:.2f} MB ({args.gen})")

        t = alternate(
            {
                "healthlint": [healthlint, "check", "--no-cache", "--isolated", str(small)],
                "proselint": [proselint, "check", str(small)],
            },
            args.rounds,
            env,
        )
        figures.update(
            throughput_healthlint_s=t["healthlint"],
            throughput_proselint_s=t["proselint"],
            throughput_ratio=t["proselint"] / t["healthlint"],
        )
        print(
            f"throughput  healthlint {t['healthlint']:.2f} s ({size / t['healthlint']:.2f} MB/s)"
            f"  proselint {t['proselint']:.2f} s ({size / t['proselint']:.2f} MB/s)"
            f"  -> healthlint is {figures['throughput_ratio']:.1f}x faster"
        )

        one = files[0]
        t = alternate(
            {
                "healthlint": [healthlint, "check", "--no-cache", "--isolated", one],
                "proselint": [proselint, "check", one],
            },
            max(args.rounds, 7),
            env,
        )
        figures.update(
            latency_healthlint_s=t["healthlint"],
            latency_proselint_s=t["proselint"],
            latency_ratio=t["healthlint"] / t["proselint"],
        )
        print(
            f"latency     healthlint {t['healthlint'] * 1000:.0f} ms  proselint "
            f"{t['proselint'] * 1000:.0f} ms  -> {figures['latency_ratio']:.2f}x proselint's time"
        )

        cache_env = {**env, "HEALTHLINT_CACHE_DIR": str(work / "cache-run")}
        cold, _ = measure([healthlint, "check", "--isolated", str(small)], cache_env)
        warm, _ = measure([healthlint, "check", "--isolated", str(small)], cache_env)
        figures.update(cache_cold_s=cold, cache_warm_s=warm, cache_speedup=cold / warm)
        print(
            f"cache       first run {cold:.2f} s, second run {warm:.2f} s -> "
            f"{cold / warm:.1f}x faster"
        )

        if not args.skip_scale:
            big = generate(args.gen, work / f"corpus-{args.scale_files}", args.scale_files)
            small_t, small_rss = measure(
                [healthlint, "check", "--no-cache", "--isolated", str(small)], env
            )
            big_t, big_rss = measure(
                [healthlint, "check", "--no-cache", "--isolated", str(big)], env
            )
            per_small = small_t / args.files
            per_big = big_t / args.scale_files
            figures.update(
                scale_small_s=small_t,
                scale_big_s=big_t,
                scale_peak_mb=big_rss,
                scale_per_article_ratio=per_big / per_small,
            )
            print(
                f"scale       {args.files}: {small_t:.2f} s ({small_rss:.0f} MB peak)  "
                f"{args.scale_files}: {big_t:.2f} s ({big_rss:.0f} MB peak)  "
                f"per-article time ratio {per_big / per_small:.2f}"
            )
        if args.json:
            print(json.dumps(figures, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
