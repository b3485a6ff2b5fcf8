"""sitrep's body extraction against trafilatura on the public article-extraction benchmark.

The benchmark (github.com/scrapinghub/article-extraction-benchmark: 181 real pages,
reference bodies, its own scorer) is never committed. Bring a snapshot as a bare git
directory (the session's ``fetch`` tool, or ``git clone --bare``), then::

    python3 -m uv run python -m tests.quality.pages.benchmark --repo PATH/TO/repo.git

The snapshot is unpacked into ``tests/quality/pages/cache/aeb`` (gitignored), each system
writes ``output/<name>.json`` there, and the benchmark's own ``evaluate.py`` scores them
all in the same run. CPU time is process time per page, extraction only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from summaries.text import article_from_html

CACHE = Path(__file__).parent / "cache" / "aeb"

Extractor = Callable[[str], str]


def unpack(repo: Path) -> None:
    """Check out the snapshot's tree into the cache (once)."""
    if (CACHE / "evaluate.py").exists():
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", f"--git-dir={repo}", "archive", "HEAD", "evaluate.py", "ground-truth.json", "html"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(CACHE)], input=archive, check=True)


def sitrep(html: str) -> str:
    return article_from_html(html).text


def trafilatura_defaults(html: str) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


def trafilatura_precision(html: str) -> str:
    return trafilatura.extract(html, include_comments=False, favor_precision=True) or ""


SYSTEMS: dict[str, Extractor] = {
    "sitrep": sitrep,
    "trafilatura": trafilatura_defaults,
    "trafilatura_precision": trafilatura_precision,
}


def run_system(name: str, extract: Extractor, pages: dict[str, str]) -> float:
    """Write the system's predictions; return CPU milliseconds per page."""
    output: dict[str, dict[str, str]] = {}
    started = time.process_time()
    for item_id, html in pages.items():
        output[item_id] = {"articleBody": extract(html)}
    cpu_ms = (time.process_time() - started) * 1000 / len(pages)
    (CACHE / "output").mkdir(exist_ok=True)
    (CACHE / "output" / f"{name}.json").write_text(json.dumps(output), encoding="utf-8")
    return cpu_ms


def load_pages() -> dict[str, str]:
    pages = {}
    for path in sorted((CACHE / "html").glob("*.html.gz")):
        with gzip.open(path, "rt", encoding="utf8") as handle:
            pages[path.name.split(".")[0]] = handle.read()
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True, help="bare git dir of the benchmark")
    parser.add_argument("--only", nargs="*", default=list(SYSTEMS))
    args = parser.parse_args()
    unpack(args.repo)
    pages = load_pages()
    for extract in SYSTEMS.values():  # warm imports and caches outside the timing
        extract(next(iter(pages.values())))
    cpu = {name: run_system(name, SYSTEMS[name], pages) for name in args.only}
    scored = subprocess.run(
        [sys.executable, "evaluate.py", "--n-bootstrap", "100", "--output", "scores.json"],
        cwd=CACHE,
        check=True,
        capture_output=True,
        text=True,
    )
    print(scored.stdout)
    scores = json.loads((CACHE / "scores.json").read_text(encoding="utf-8"))
    print(f"{len(pages)} pages, trafilatura {trafilatura.__version__}")
    print("| system | F1 | precision | recall | exact | CPU ms/page |")
    print("|---|---|---|---|---|---|")
    for name in args.only:
        m = scores[name]
        row = [m["f1"], m["precision"], m["recall"], m["accuracy"]]
        cells = " | ".join(re.sub(r"^0", "", f"{v:.3f}") for v in row)
        print(f"| {name} | {cells} | {cpu[name]:.0f} |")


if __name__ == "__main__":
    main()
