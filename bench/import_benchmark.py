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
import os
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from cryptography.fernet import Fernet
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_register import generate_register

BENCH_DATABASE = "torju_bench"


def _database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def _fresh_database(base: str, name: str) -> str:
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return _database_url(base, name)


def _register(data: Path, victims: int, seed: int) -> Path:
    folder = data / f"register-{victims}-seed{seed}"
    done = folder / ".complete"
    if not done.exists():
        started = time.perf_counter()
        counts = generate_register(folder, victims, seed=seed)
        done.write_text(f"{counts}\n")
        print(f"generated {folder} in {time.perf_counter() - started:.1f} s: {counts}")
    else:
        print(f"reusing {folder}")
    return folder


def _peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kilobytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--victims", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "torju-bench")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--database", default=BENCH_DATABASE, help="name of the scratch database (dropped and created anew)"
    )
    parser.add_argument("--export", action="store_true", help="also time an export of the loaded register")
    arguments = parser.parse_args(argv)

    folder = _register(arguments.data, arguments.victims, arguments.seed)
    os.environ["DATABASE_URL"] = _fresh_database(arguments.database_url, arguments.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "torju.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("TORJU_FIELD_ENCRYPTION_KEY", Fernet.generate_key().decode())
    os.environ.setdefault("TORJU_IDENTIFIER_HASH_KEY", secrets.token_urlsafe(32))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from torju.register.exchange import export_register, import_register

    before = _peak_memory_mb()
    started = time.perf_counter()
    result = import_register(folder)
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
        export_register(target)
        seconds = time.perf_counter() - started
        print(f"exported to {target} in {seconds:.1f} s ({applications / seconds:,.0f} applications per second)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
