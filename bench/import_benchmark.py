"""Time the import of a synthetic register into a fresh PostgreSQL database.

    python bench/import_benchmark.py --victims 1000000 [--seed 1] [--data DIR] [--database-url URL]
                                     [--database NAME] [--export]

Generates the register with bench/generate_register.py (or reuses the one
already in DIR for that size and seed), creates an empty database
`torju_bench` (or --database NAME) next to the one the URL names, migrates it, and imports with
`torju.register.exchange.import_register`, the function behind the
`import_register` command. Prints the time, applications per second and the
peak memory of this process (resource.getrusage). With --export it also
times an export of the loaded register to a .zip.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_register_arguments, fresh_database, register_folder, set_up_django

BENCH_DATABASE = "torju_bench"


def _peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kilobytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_register_arguments(parser)
    parser.add_argument(
        "--database", default=BENCH_DATABASE, help="name of the scratch database (dropped and created anew)"
    )
    parser.add_argument("--export", action="store_true", help="also time an export of the loaded register")
    arguments = parser.parse_args(argv)

    folder = register_folder(arguments.data, arguments.victims, arguments.seed)
    set_up_django(fresh_database(arguments.database_url, arguments.database))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from torju.actor import Actor
    from torju.register.exchange import export_register, import_register

    before = _peak_memory_mb()
    started = time.perf_counter()
    result = import_register(folder, actor=Actor.system("benchmark"))
    seconds = time.perf_counter() - started
    applications = result.created["applications.csv"]
    rows = sum(result.created.values())
    print(f"imported {rows} rows ({result.created}) in {seconds:.1f} s")
    print(f"applications per second: {applications / seconds:,.0f}")
    print(f"rows per second: {rows / seconds:,.0f}")
    print(f"peak memory of the process: {_peak_memory_mb():,.0f} MB (before the import: {before:,.0f} MB)")
    if arguments.export:
        target = arguments.data / f"export-{arguments.victims}.zip"
        started = time.perf_counter()
        export_register(target, actor=Actor.system("benchmark"))
        seconds = time.perf_counter() - started
        print(f"exported to {target} in {seconds:.1f} s ({applications / seconds:,.0f} applications per second)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
