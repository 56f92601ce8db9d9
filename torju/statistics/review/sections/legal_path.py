"""The review's section on the clients' legal path: clients by category, their criminal process and permits.

From the second JSON beside the annual one (torju.statistics.legal_path, docs/legal-path.md), in the
review's publication: exact on the analyst's screen, the public form elsewhere, as a release froze it in a
published review. Shares are whole percent of the year's clients (victims and assisting persons), the base
the JSON names.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.statistics.review.builder import ReviewBuilder, present
from torju.statistics.review.model import Row, Section, Table, figure, percent, percent_text

Figures = Mapping[str, Any]


def _criminal_process_labels() -> list[tuple[str, str]]:
    """The JSON's keys of the criminal process and their labels in the active language."""
    return [
        ("reported", _("Reported to the police")),
        ("investigated", _("Pre-trial investigation opened")),
        ("charged", _("Charged")),
        ("judged", _("Judged by a court")),
        ("convicted", _("Convicted")),
    ]


def _permit_labels() -> list[tuple[str, str]]:
    return [
        ("applied", _("Applied for a residence permit")),
        ("granted", _("Granted a residence permit")),
        ("refused", _("Refused a residence permit")),
    ]


def _counted(figures: Figures | None, section: str, key: str) -> int | None:
    if figures is None:
        return None
    node = figures[section].get(key)
    return None if node is None else node["count"]


def _share_row(key: str, label: str, now: Figures, before: Figures | None, read: Any) -> Row:
    count, previous = read(now), None if before is None else read(before)
    return Row(
        key=key,
        label=label,
        count=count,
        share=percent(count, now["clients_by_category"]["clients"]),
        previous=previous,
        previous_share=None if before is None else percent(previous, before["clients_by_category"]["clients"]),
    )


def _clients_row(now: Figures, before: Figures | None) -> Row:
    clients = now["clients_by_category"]["clients"]
    previous = None if before is None else before["clients_by_category"]["clients"]
    return Row(
        key="clients",
        label=_("Clients"),
        count=clients,
        share=100 if clients else None,
        previous=previous,
        previous_share=100 if previous else None,
    )


def _share_table(review: ReviewBuilder, key: str, title: str, sheet: str, rows: list[Row], total: Row) -> Table:
    return Table(
        key=key,
        title=title,
        sheet=sheet,
        label_heading=pgettext("a statistical figure, e.g. the number of applications", "Figure"),
        share_of=_("% of the year's clients"),
        year=review.year,
        previous_year=review.previous_year if total.previous is not None else None,
        rows=rows,
        total=total,
    )


def legal_path(review: ReviewBuilder) -> Section | None:
    figures = review.statistics.legal_path or {}
    now = figures.get(str(review.year))
    if now is None:
        return None
    before = figures.get(str(review.year - 1)) if review.previous_year is not None else None

    def category(key: str) -> Any:
        return lambda f: f["clients_by_category"][key]

    categories = Table(
        key="legal_path_clients_by_category",
        title=_("Clients by category during the year"),
        sheet=pgettext("spreadsheet tab, at most 31 characters", "Clients by category"),
        label_heading=pgettext("a statistical figure, e.g. the number of applications", "Figure"),
        share_of="",
        year=review.year,
        previous_year=review.previous_year if before is not None else None,
        rows=[
            Row(
                key=key,
                label=label,
                count=category(key)(now),
                previous=None if before is None else category(key)(before),
            )
            for key, label in (
                ("clients", _("Clients")),
                ("victim", _("Victims of human trafficking")),
                ("assisting_person", _("Persons assisting in the investigation of a trafficking offence")),
                ("child_of_client", _("Children of clients")),
            )
        ],
    )
    process = _share_table(
        review,
        "legal_path_criminal_process",
        _("The criminal process of the year's clients"),
        pgettext("spreadsheet tab, at most 31 characters", "Criminal process"),
        [
            _share_row(key, label, now, before, lambda f, key=key: _counted(f, "criminal_process", key))
            for key, label in _criminal_process_labels()
        ],
        _clients_row(now, before),
    )
    granted_types = list(now["residence_permits"]["granted_by_type"])
    if before is not None:
        granted_types += [code for code in before["residence_permits"]["granted_by_type"] if code not in granted_types]
    permit_rows = [
        _share_row(key, label, now, before, lambda f, key=key: _counted(f, "residence_permits", key))
        for key, label in _permit_labels()
    ]
    permit_rows += [
        _share_row(
            f"granted.{code}",
            _("Granted: %(type)s") % {"type": review.code_label("permit_type", code)},
            now,
            before,
            lambda f, code=code: (f["residence_permits"]["granted_by_type"].get(code) or {"count": 0})["count"],
        )
        for code in granted_types
    ]
    permits = _share_table(
        review,
        "legal_path_residence_permits",
        _("Residence permits of the year's clients"),
        pgettext("spreadsheet tab, at most 31 characters", "Residence permits"),
        permit_rows,
        _clients_row(now, before),
    )
    clients = now["clients_by_category"]["clients"]
    reported = _counted(now, "criminal_process", "reported")
    paragraphs = [
        _(
            "Besides victims of human trafficking, persons who assist in the criminal investigation of a "
            "trafficking offence are clients of the assistance system, with the same decision, services and "
            "clienthood; they are not counted among the victims above. In %(year)s the assistance system had "
            "%(clients)s clients: %(victims)s victims and %(assisting)s persons assisting in an investigation. "
            "%(children)s children of clients were clients too."
        )
        % {
            "year": review.year,
            "clients": review.compared(
                category("clients")(now),
                None if before is None else category("clients")(before),
                has_previous=before is not None,
            ),
            "victims": figure(category("victim")(now)),
            "assisting": figure(category("assisting_person")(now)),
            "children": figure(category("child_of_client")(now)),
        },
        _(
            "The matter of %(reported)s of these clients (%(share)s) had been reported to the police; in "
            "%(investigated)s a pre-trial investigation had been opened, %(charged)s had led to a charge and "
            "%(judged)s to a judgment of a court, %(convicted)s to a conviction."
        )
        % {
            "reported": figure(reported),
            "share": percent_text(percent(reported, clients)),
            "investigated": figure(_counted(now, "criminal_process", "investigated")),
            "charged": figure(_counted(now, "criminal_process", "charged")),
            "judged": figure(_counted(now, "criminal_process", "judged")),
            "convicted": figure(_counted(now, "criminal_process", "convicted")),
        }
        if clients
        else "",
        _(
            "%(applied)s of the clients had applied for a residence permit: %(granted)s had been granted one "
            "and %(refused)s refused."
        )
        % {
            "applied": figure(_counted(now, "residence_permits", "applied")),
            "granted": figure(_counted(now, "residence_permits", "granted")),
            "refused": figure(_counted(now, "residence_permits", "refused")),
        }
        if clients
        else "",
        _(
            "The clients of a year are those whose clienthood was current at some time in it. Their criminal "
            "process and permits are as recorded in the register when the figures were computed: a matter not "
            "recorded counts as not reported."
        ),
    ]
    return Section(
        key="legal_path",
        heading=_("The clients' legal path"),
        paragraphs=present(paragraphs),
        tables=[categories, process, permits],
        charts=[],
    )
