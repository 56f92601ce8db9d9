"""Reading settings from the environment, failing closed.

Outside demo mode a missing secret stops the start-up instead of silently
falling back to a default that would be the same on every installation.
"""

import os
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}, not {raw!r}")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from error


def secret(name: str, *, demo_mode: bool, demo_file: Path, generate: Callable[[], str]) -> str:
    """A secret from the environment; in demo mode generated once into a file.

    The demo secret is kept in the (git-ignored) data directory so that
    sessions and encrypted demo data survive a restart of `make run`.
    """
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if not demo_mode:
        raise ImproperlyConfigured(f"{name} must be set (outside TORJU_DEMO_MODE there is no default)")
    if demo_file.exists():
        return demo_file.read_text().strip()
    demo_file.parent.mkdir(parents=True, exist_ok=True)
    value = generate()
    demo_file.write_text(value + "\n")
    demo_file.chmod(0o600)
    return value
