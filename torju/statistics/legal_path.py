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
base is withheld.
"""

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

CLIENTS_BASE = "clients: victims and assisting persons whose clienthood was current at some time in the year"
SHARE_DECIMALS = 3


def _clients(year: int) -> QuerySet[Application]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return Application.objects.filter(decision=POSITIVE, decided_on__lte=last).filter(
        Q(clienthood_ended_on__isnull=True) | Q(clienthood_ended_on__gte=first)
    )


def _share(count: int | None, base: int | None) -> float | None:
    if count is None or not base:
        return None
    return round(count / base, SHARE_DECIMALS)


def _counted(count: int | None, base: int | None) -> dict[str, Any]:
    return {"count": count, "share": _share(count, base), "base": "clients"}


def legal_path_figures(year: int) -> dict[str, Any]:
    """The exact figures of `year`."""
    clients = _clients(year)
    pks = list(clients.values_list("pk", flat=True))
    assisting = ApplicantCategory.objects.filter(application__in=pks, category=ClientCategory.ASSISTING_PERSON).count()
    first, last = date(year, 1, 1), date(year, 12, 31)
    children = Person.objects.filter(child_joined_on__lte=last).filter(
        Q(child_left_on__isnull=True) | Q(child_left_on__gte=first)
    )
    matters = CriminalMatter.objects.filter(application__in=pks)

    def with_matter(condition: Q) -> int:
        return matters.filter(condition).values("application").distinct().count()

    permits = ResidencePermit.objects.filter(application__in=pks)

    def with_permit(condition: Q) -> int:
        return permits.filter(condition).values("application").distinct().count()

    base = len(pks)
    granted_by_type: dict[str, int] = {}
    for permit_type in sorted(set(permits.filter(status=PermitStatus.GRANTED).values_list("permit_type", flat=True))):
        granted_by_type[permit_type] = with_permit(Q(status=PermitStatus.GRANTED, permit_type=permit_type))
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
            "reported": _counted(with_matter(Q(reported_on__isnull=False)), base),
            "investigated": _counted(with_matter(Q(investigation_opened_on__isnull=False)), base),
            "charged": _counted(with_matter(Q(prosecution=Prosecution.CHARGED)), base),
            "judged": _counted(with_matter(~Q(court_outcome="")), base),
            "convicted": _counted(with_matter(Q(court_outcome=CourtOutcome.CONVICTED)), base),
        },
        "residence_permits": {
            "base": CLIENTS_BASE,
            "clients": base,
            "applied": _counted(with_permit(Q()), base),
            "granted": _counted(with_permit(Q(status=PermitStatus.GRANTED)), base),
            "refused": _counted(with_permit(Q(status=PermitStatus.REFUSED)), base),
            "granted_by_type": {code: _counted(count, base) for code, count in granted_by_type.items()},
        },
    }


def _withheld(count: int | None, k: int) -> int | None:
    return None if count is not None and 0 < count < k else count


def public_legal_path(figures: dict[str, Any], k: int) -> dict[str, Any]:
    """The public form: counts from 1 to k − 1 withheld, and the shares that rest on a withheld count or base."""

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

    return {**public(figures, None), "year": figures["year"], "threshold": k}
