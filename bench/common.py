"""What the benchmarks share: the synthetic register on disk, a scratch PostgreSQL database, Django's set-up."""

import argparse
import os
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from cryptography.fernet import Fernet
from psycopg import sql

from bench.generate_register import generate_register

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def add_register_arguments(parser: argparse.ArgumentParser, *, victims: int | None = None) -> None:
    """--victims, --seed, --data and --database-url, as every benchmark takes them."""
    if victims is None:
        parser.add_argument("--victims", type=int, required=True)
    else:
        parser.add_argument("--victims", type=int, default=victims)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "torju-bench")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)


def database_url(base: str, name: str) -> str:
    """The URL of the database `name` on the server that `base` names."""
    return urlunsplit(urlsplit(base)._replace(path="/" + name))


def database_exists(base: str, name: str) -> bool:
    with psycopg.connect(base, autocommit=True) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def fresh_database(base: str, name: str) -> str:
    """Drop and create the scratch database `name`; its URL."""
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url(base, name)


def register_folder(data: Path, victims: int, seed: int) -> Path:
    """The synthetic register of that size and seed, generated once and reused afterwards."""
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


def set_up_django(url: str) -> None:
    """Production settings on the database `url`, with throw-away secrets (the data is synthetic)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "torju.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("TORJU_FIELD_ENCRYPTION_KEY", Fernet.generate_key().decode())
    os.environ.setdefault("TORJU_IDENTIFIER_HASH_KEY", secrets.token_urlsafe(32))

    import django

    django.setup()
