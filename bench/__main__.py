"""python -m bench [--tier S] [--reuse] [--only CASE …]: load, measure, report."""

import argparse
import os
import sys
from pathlib import Path

CASES = ("pages", "save", "duplicates", "importing", "reassign", "throughput")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kontaktpflege_bench"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--tier", default="S", choices=("XS", "S", "L"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the data an earlier run loaded for the same tier and seed.",
    )
    parser.add_argument(
        "--only", nargs="+", choices=CASES, help="Run these cases only."
    )
    parser.add_argument("--out", default="var/bench", help="Where the report goes.")
    parser.add_argument(
        "--label", default="", help="Report as report-TIER-LABEL.md (what-if runs)."
    )
    parser.add_argument(
        "--repetitions", type=int, help="Measured runs per case (default: the tier's)."
    )
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

    import django

    django.setup()
    from bench import dataset, run

    try:
        dataset.check_target()
    except dataset.UnsafeDatabase as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    dataset.create_if_missing()
    return run.run(
        tier_name=args.tier,
        seed=args.seed,
        reuse=args.reuse,
        cases=args.only or CASES,
        out_dir=Path(args.out),
        repetitions=args.repetitions,
        label=args.label,
    )


if __name__ == "__main__":
    sys.exit(main())
