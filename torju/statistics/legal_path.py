"""The second statistics JSON: the legal path of a year's clients (issue 13), beside the annual statistics JSON.

Aggregation module: reads the models of torju.register and torju.legalpath,
counts only (no identifiers, no free text). The annual statistics JSON stays
exactly as specified; these figures are their own document
(`/statistics/<year>/legal-path.json`), documented in docs/legal-path.md:

- clients by category: the clienthoods current at some time in the year
  (positive decision on or before 31 December, not ended before 1 January)
  by the applicant's category (victim, assisting person), and the children
  who were clients in the year;
- the criminal process of those clients (victims and assisting persons): how
  many had a matter reported to the police, investigated, charged and judged
  (convicted or the charge rejected), each a count and a share of the base
  `clients`, as recorded when the figures are computed;
- residence permits of those clients: applied for, granted, refused, and the
  granted by permit type, each a count and a share of the base `clients`.

The public form applies the annual statistics' disclosure threshold k: a
count from 1 to k − 1 is withheld (null), and so is a share whose count or
base is withheld. Where counts add up to a published total, one withheld
count would be the total less the others: the victims and assisting persons
add up to the clients, so when one of them is withheld the other is too; of
the permits granted by type, when one type is withheld the smallest other is
too (secondary suppression, as the annual cross-tabulations have it).

The review shows these figures as sections of their own (review.sections.legal_path): the exact form on the
analyst's screen, the public form elsewhere, and a release freezes the public form of its years
(`legal_path_years`).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from torju.legalpath.models import (
    ApplicantCategory,
    ClientCategory,
    CourtOutcome,
    CriminalMatter,
    PermitStatus,
    Prosecution,
    ResidencePermit,
)
from torju.register.models import POSITIVE, Application, Person
from torju.statistics.models import LegalPathSnapshot, Release, ReleaseStatus
from torju.statistics.permissions import EXACT
from torju.statistics.release_content import content_of
from torju.statistics.schema import FIRST_YEAR
from torju.statistics.snapshots import stored_figures

CLIENTS_BASE = "clients: victims and assisting persons whose clienthood was current at some time in the year"
SHARE_DECIMALS = 3


def _clients(year: int) -> QuerySet[Application]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return Application.objects.filter(decision=POSITIVE, decided_on__lte=last).filter(
        Q(clienthood_ended_on__isnull=True) | Q(clienthood_ended_on__gte=first)
    )


def _distinct_applications(rows: QuerySet[Any], condition: Q) -> int:
    return rows.filter(condition).order_by().values("application").distinct().count()


def _share(count: int | None, base: int | None) -> float | None:
    if count is None or not base:
        return None
    return round(count / base, SHARE_DECIMALS)


def _counted(count: int | None, base: int | None) -> dict[str, Any]:
    return {"count": count, "share": _share(count, base), "base": "clients"}


def legal_path_figures(year: int) -> dict[str, Any]:
    """The exact figures of `year`.

    The year's clients are a subquery of every count (never a list of keys held in Python: a year of a large
    register has tens of thousands of clients).
    """
    clients = _clients(year).values("pk")
    base = _clients(year).count()
    assisting = ApplicantCategory.objects.filter(
        application__in=clients, category=ClientCategory.ASSISTING_PERSON
    ).count()
    first, last = date(year, 1, 1), date(year, 12, 31)
    children = Person.objects.filter(child_joined_on__lte=last).filter(
        Q(child_left_on__isnull=True) | Q(child_left_on__gte=first)
    )
    matters = CriminalMatter.objects.filter(application__in=clients)
    permits = ResidencePermit.objects.filter(application__in=clients)
    granted = permits.filter(status=PermitStatus.GRANTED)
    granted_by_type = {
        permit_type: _distinct_applications(granted, Q(permit_type=permit_type))
        for permit_type in sorted(set(granted.order_by().values_list("permit_type", flat=True)))
    }
    return {
        "year": year,
        "clients_by_category": {
            "base": CLIENTS_BASE,
            "clients": base,
            "victim": base - assisting,
            "assisting_person": assisting,
            "child_of_client": children.count(),
        },
        "criminal_process": {
            "base": CLIENTS_BASE,
            "clients": base,
            "reported": _counted(_distinct_applications(matters, Q(reported_on__isnull=False)), base),
            "investigated": _counted(_distinct_applications(matters, Q(investigation_opened_on__isnull=False)), base),
            "charged": _counted(_distinct_applications(matters, Q(prosecution=Prosecution.CHARGED)), base),
            "judged": _counted(_distinct_applications(matters, ~Q(court_outcome="")), base),
            "convicted": _counted(_distinct_applications(matters, Q(court_outcome=CourtOutcome.CONVICTED)), base),
        },
        "residence_permits": {
            "base": CLIENTS_BASE,
            "clients": base,
            "applied": _counted(_distinct_applications(permits, Q()), base),
            "granted": _counted(_distinct_applications(permits, Q(status=PermitStatus.GRANTED)), base),
            "refused": _counted(_distinct_applications(permits, Q(status=PermitStatus.REFUSED)), base),
            "granted_by_type": {code: _counted(count, base) for code, count in granted_by_type.items()},
        },
    }


def _withheld(count: int | None, k: int) -> int | None:
    return None if count is not None and 0 < count < k else count


def public_legal_path(figures: dict[str, Any], k: int) -> dict[str, Any]:
    """The public form: counts from 1 to k − 1 withheld, the counts a withheld one could be worked out from
    (secondary suppression, see the module), and the shares that rest on a withheld count or base."""

    def public(node: Any, base: int | None) -> Any:
        if isinstance(node, dict) and "count" in node and "share" in node:
            count = _withheld(node["count"], k)
            return {**node, "count": count, "share": _share(count, base)}
        if isinstance(node, dict):
            inner_base = _withheld(node["clients"], k) if "clients" in node else base
            return {
                key: public(value, inner_base) if key not in ("year", "base") else value for key, value in node.items()
            }
        if isinstance(node, int) and not isinstance(node, bool):
            return _withheld(node, k)
        return node

    found = {**public(figures, None), "year": figures["year"], "threshold": k}
    categories = found["clients_by_category"]
    if (categories["victim"] is None) != (categories["assisting_person"] is None):
        categories["victim"] = categories["assisting_person"] = None
    by_type = found["residence_permits"]["granted_by_type"]
    shown = [code for code, counted in by_type.items() if counted["count"] not in (None, 0)]
    if sum(counted["count"] is None for counted in by_type.values()) == 1 and shown:
        smallest = min(shown, key=lambda code: (by_type[code]["count"], code))
        by_type[smallest] = {**by_type[smallest], "count": None, "share": None}
    return found


def legal_path_years(
    years: Iterable[int], publication: str, k: int, *, on_screen: bool = False
) -> dict[str, dict[str, Any]]:
    """The figures of each of `years` from the assistance system's first year: year → the exact figures, or the
    public form (as a published release has it, else of the day). `on_screen`: for a page, as
    snapshots.screen_figures_of_years (stored figures a few minutes older than the register's latest change)."""
    found: dict[str, dict[str, Any]] = {}
    for year in years:
        if year < FIRST_YEAR:
            continue
        published = None if publication == EXACT else published_legal_path(year)
        if published is not None:
            found[str(year)] = published
        else:
            figures = stored_legal_path_figures(year, on_screen=on_screen)
            found[str(year)] = figures if publication == EXACT else public_legal_path(figures, k)
    return found


def stored_legal_path_figures(year: int, *, on_screen: bool = False) -> dict[str, Any]:
    """The exact figures of `year`, stored while the year's register version is current (snapshots.stored_figures;
    the version triggers cover the register's tables and the legal path's counted ones: statistics migration
    0004)."""
    return stored_figures(LegalPathSnapshot, year, lambda: legal_path_figures(year), on_screen=on_screen)


def published_legal_path(year: int) -> dict[str, Any] | None:
    """The public figures of `year` as the latest published release has them, or None if none has.

    A year's legal path published once stays as published (a correction of the register's figures does not
    reopen it): a reader who compares two releases learns nothing from a difference, as with the helpline's
    figures (torju.statistics.helpline_figures).
    """
    releases = Release.objects.filter(status=ReleaseStatus.PUBLISHED, first_year__lte=year + 1, last_year__gte=year)
    for release in releases.order_by("-approved_at", "-pk"):
        found = content_of(release).get("legal_path", {}).get(str(year))
        if found is not None:
            return dict(found)
    return None
