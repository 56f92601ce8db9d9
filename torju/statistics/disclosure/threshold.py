"""k, the disclosure threshold: the smallest count published as it is (the setting STATISTICS_DISCLOSURE_K)."""

from django.conf import settings

DEFAULT_THRESHOLD = 5


def disclosure_threshold() -> int:
    """k: the setting STATISTICS_DISCLOSURE_K, default 5."""
    return int(getattr(settings, "STATISTICS_DISCLOSURE_K", DEFAULT_THRESHOLD))


def check_threshold(k: int) -> None:
    if k < 1:
        raise ValueError(f"the disclosure threshold must be at least 1, not {k}")
