"""Lighthouse scores of the published pages, as a phone reader would load them.

Run with ``make lighthouse`` (the committed ``exports/``) or as part of ``make bench`` (a fresh
build). Serves a folder with a plain static server on 127.0.0.1 (Python's ``http.server`` in a
thread: no compression, no cache headers, like the simplest web host), runs Lighthouse 12 from npm
(``make npm-tools`` installs it into ``.venv/npm``) against Debian's chromium with the mobile preset
(Moto G Power emulation, simulated slow 4G and 4× CPU slowdown), and prints the four category scores
of each page with the median of several runs. Chromium is told to make no connection of its own
(no background networking, no component updates, every host name unresolvable): the only traffic is
to the local server.

Not a test: performance numbers depend on the machine and its load. The targets (issue 12) are
performance ≥ 0.95 and accessibility, best practices and SEO = 1.00 for both pages.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.tool_paths import CHROMIUM, NPM_DIR  # noqa: E402

LIGHTHOUSE = NPM_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = ("report.html", "index.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "speed-index",
    "total-blocking-time",
    "cumulative-layout-shift",
)

#: Headless chromium that makes no connection of its own; loopback is reached by IP, so the
#: host-resolver rule (every name lookup fails) does not get in the way.
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile preset) of *url*; returns the report (LHR) as a dict.

    Raises:
        FileNotFoundError: If Lighthouse or chromium is missing.
        RuntimeError: If Lighthouse fails or reports a runtime error.
    """
    for tool, hint in ((LIGHTHOUSE, "run `make npm-tools`"), (CHROMIUM, "run `make system-test`")):
        if not Path(tool).exists():
            raise FileNotFoundError(f"{tool} not found; {hint}")
    with tempfile.TemporaryDirectory(prefix="runreport-lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ]
        env = {**os.environ, "CHROME_PATH": str(CHROMIUM), "HOME": tmp}
        result = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"lighthouse failed ({result.returncode}) on {url}: {result.stderr[-1500:]}"
            )
        lhr = json.loads(out.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not load {url}: {lhr['runtimeError']}")
    return lhr


def summarise(runs: Sequence[dict]) -> dict:
    """Median category scores and metrics of several runs, with the audits that lost points."""
    scores = {c: statistics.median(r["categories"][c]["score"] for r in runs) for c in CATEGORIES}
    metrics = {m: statistics.median(r["audits"][m]["numericValue"] for r in runs) for m in METRICS}
    failed = sorted(
        {
            f"{ref['id']} ({category})"
            for r in runs
            for category in CATEGORIES
            for ref in r["categories"][category]["auditRefs"]
            if ref["weight"] > 0
            and (r["audits"][ref["id"]]["score"] or 0) < 1
            and r["audits"][ref["id"]]["scoreDisplayMode"]
            not in ("notApplicable", "manual", "informative")
        }
    )
    return {
        "scores": scores,
        "metrics": metrics,
        "failed": failed,
        "lighthouse": runs[0]["lighthouseVersion"],
        "chrome": runs[0]["environment"]["hostUserAgent"],
    }


def measure(directory: Path, runs: int = 3, pages: Sequence[str] = PAGES) -> dict[str, dict]:
    """Serve *directory* and summarise *runs* Lighthouse runs of each page."""
    with serve(directory) as base:
        return {
            page: summarise([run_lighthouse(base + page) for _ in range(runs)]) for page in pages
        }


def table(results: dict[str, dict]) -> str:
    """The scores as a table, one row per page, with the targets."""
    head = (
        f"{'page':<12} "
        + " ".join(f"{c:>14}" for c in CATEGORIES)
        + "   FCP / LCP / TBT / CLS (median)"
    )
    lines = [head, "-" * len(head)]
    for page, result in results.items():
        cells = []
        for category in CATEGORIES:
            score = result["scores"][category]
            mark = "" if score >= TARGETS[category] else " ✗"
            cells.append(f"{score:>12.2f}{mark:2}")
        m = result["metrics"]
        lines.append(
            f"{page:<12} "
            + " ".join(cells)
            + (
                f"   {m['first-contentful-paint'] / 1000:.1f} s "
                f"/ {m['largest-contentful-paint'] / 1000:.1f} s"
                f" / {m['total-blocking-time']:.0f} ms / {m['cumulative-layout-shift']:.2f}"
            )
        )
    lines.append("targets: " + ", ".join(f"{c} ≥ {t:.2f}" for c, t in TARGETS.items()))
    for page, result in results.items():
        if result["failed"]:
            lines.append(f"{page}: points lost on " + ", ".join(result["failed"]))
    first = next(iter(results.values()))
    lines.append(
        f"Lighthouse {first['lighthouse']}, mobile preset (simulated throttling), {first['chrome']}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "directory",
        nargs="?",
        default=str(HERE.parent / "exports"),
        help="folder holding report.html and index.html (default: exports/)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is shown")
    args = parser.parse_args(argv)
    print(table(measure(Path(args.directory), runs=args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
