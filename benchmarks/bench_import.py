"""README import benchmark: prints how long a large synthetic README takes to read and import.

    DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/bench_import.py --entries 600

The README mixes the shapes groups write (a talk table with dates and presenters, a bulleted
list with venues and links, a numbered list with authors); every paper is distinct.  It creates
a throwaway test database (``test_<name>``), times the parse, a dry run, the first import (all
papers created) and a second import of the same file (all unchanged), prints the figures, then
drops the database.  Issue 11's goal: 600 entries in under 10 s on SQLite.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from reviews.importers import parse_readme  # noqa: E402
from reviews.management.commands.bench import WORDS  # noqa: E402
from reviews.services.papers import import_catalog  # noqa: E402

VENUES = ["CVPR", "ICCV", "ECCV", "NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "AAAI"]
PEOPLE = ["김민수", "이서연", "박지훈", "Alice Chen", "Bob Smith", "张伟"]


def title(rng: random.Random, number: int) -> str:
    words = rng.sample(WORDS, 6)
    return f"{words[0].title()}{number}: {' '.join(words[1:]).capitalize()}"


def synthetic_readme(entries: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    third = entries // 3
    lines = ["# Paper study", "", "## 발표 기록", "", "| 날짜 | 논문 | 발표자 | 학회 | 자료 |"]
    lines.append("|---|---|---|---|---|")
    for n in range(third):
        day = f"2023.{1 + n % 12:02d}.{1 + n % 28:02d}"
        arxiv = f"{2000 + n % 24:02d}{1 + n % 12:02d}.{10000 + n:05d}"
        lines.append(
            f"| {day} | [{title(rng, n)}](https://arxiv.org/abs/{arxiv}) | {rng.choice(PEOPLE)} "
            f"| {rng.choice(VENUES)} {2015 + n % 9} | [리뷰](reviews/{n}.md) |"
        )
    lines += ["", "## Vision", ""]
    for n in range(third, 2 * third):
        lines.append(
            f"- [{title(rng, n)}](https://arxiv.org/abs/19{n % 12 + 1:02d}.{20000 + n:05d}) "
            f"({rng.choice(VENUES)} {2015 + n % 9}) [code](https://github.com/x/r{n})"
        )
    lines += ["", "## Language", ""]
    for position, n in enumerate(range(2 * third, entries), start=1):
        lines.append(f"{position}. {title(rng, n)} ({2015 + n % 9}), A. Author{n} et al.")
    return "\n".join(lines) + "\n"


def timed(label: str, work):
    start = time.perf_counter()
    result = work()
    print(f"{label:<28} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=600)
    args = parser.parse_args()
    text = synthetic_readme(args.entries)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"{connection.vendor}: a README of {args.entries} entries, {len(text):,} bytes")
        parsed = timed("parse", lambda: parse_readme(text, source="bench.md"))
        print(f"{'':<28} {len(parsed.entries)} entries read ({parsed.format})")
        timed("dry run", lambda: import_catalog(parsed=parsed, dry_run=True))
        report = timed("first import", lambda: import_catalog(parsed=parsed))
        print(f"{'':<28} {report.created} created, {report.reviews_created} talks")
        report = timed("same file again", lambda: import_catalog(parsed=parsed))
        print(f"{'':<28} {report.unchanged} unchanged")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
