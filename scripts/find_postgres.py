"""Print the URL of a reachable PostgreSQL server for the test suite, or exit 1.

Candidates, in order: DATABASE_URL when it names PostgreSQL, 127.0.0.1:5432
(user postgres, trust authentication), and the local Unix socket (a server
that listens on its socket only). The tests that start servers, workers and
pg_dump hand the URL on and derive other databases' URLs from it with the
socket's folder percent-encoded as host (tests/processes.py), as libpq reads it.
"""

import os
import sys

import psycopg


def candidates() -> list[str]:
    urls = []
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        urls.append(configured)
    urls += [
        "postgres://postgres@127.0.0.1:5432/postgres",
        "postgres://postgres@%2Fvar%2Frun%2Fpostgresql:5432/postgres",
    ]
    return urls


def main() -> int:
    import dj_database_url

    for url in candidates():
        config = dj_database_url.parse(url)
        try:
            with psycopg.connect(
                dbname=config["NAME"],
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
                connect_timeout=3,
            ) as connection:
                connection.execute("SELECT 1")
        except psycopg.Error:
            continue
        print(url)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
