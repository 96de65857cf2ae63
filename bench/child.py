"""One phase of the benchmark in its own process, on the database DATABASE_URL names:
`python -m bench.child PHASE --vendor V --tier N --mode quick|full --out results.json`.

A process per phase keeps each database's Django set-up, caches and memory apart, so one phase
cannot warm or pollute the next.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def _progress(stage: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r    {stage:<28} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("phase", choices=["prepare", "seed", "ingest", "read", "memory"])
    parser.add_argument("--vendor", required=True)
    parser.add_argument("--tier", type=int, default=0)
    parser.add_argument("--mode", choices=["quick", "full"], default="quick")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    output: dict = {"results": [], "info": {}}
    if args.phase == "prepare":
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_taxonomy", verbosity=0)
    elif args.phase == "seed":
        from bench.seed import seed_database

        output["info"]["seed"] = seed_database(args.tier, progress=_progress)
    else:
        if args.phase == "read":
            # Pages render with DEBUG off, as in production: through the hashed static manifest.
            call_command("collectstatic", "--noinput", verbosity=0)
        from bench.cases import run_phase

        output["results"] = [result.as_dict() for result in run_phase(args.phase, args)]
    output["info"]["seconds"] = round(time.perf_counter() - started, 1)
    with open(args.out, "w") as handle:
        json.dump(output, handle, default=str)


if __name__ == "__main__":
    main()
