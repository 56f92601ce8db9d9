"""The review's section on all clients at the end of the year."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.statistics.review.breakdowns import YEAR_END_BY_SEX
from torju.statistics.review.builder import ReviewBuilder, present
from torju.statistics.review.model import DATE, Section, figure, percent_text
from torju.statistics.schema import FEMALE


def year_end(review: ReviewBuilder) -> Section:
    day = date_format(date(review.year, 12, 31), DATE)
    clients = review.figures_table(
        "clients_at_year_end",
        _("All clients on %(date)s") % {"date": day},
        pgettext("spreadsheet tab, at most 31 characters", "All clients at year end"),
        [
            ("total", _("Clients"), lambda s: s["clients_at_year_end"]["total"]),
            ("victims", _("Victims of human trafficking"), lambda s: s["clients_at_year_end"]["victims"]),
            (
                "children_of_victims",
                _("Children of victims"),
                lambda s: s["clients_at_year_end"]["children_of_victims"],
            ),
            (
                "victims_entered_as_minors",
                _("Victims who entered as minors"),
                lambda s: s["clients_at_year_end"]["victims_entered_as_minors"],
            ),
            ("victims_under_18", _("Victims under 18"), lambda s: s["clients_at_year_end"]["victims_under_18"]),
        ],
    )
    sex = review.breakdown(YEAR_END_BY_SEX)
    women = review.row_of(sex, FEMALE)
    paragraphs = [
        _(
            "On %(date)s, the number of clients of the assistance system was %(total)s: %(victims)s "
            "identified victims of human trafficking and %(children)s of their minor children."
        )
        % {
            "date": day,
            "total": review.with_previous(lambda s: s["clients_at_year_end"]["total"]),
            "victims": figure(review.value(lambda s: s["clients_at_year_end"]["victims"])),
            "children": figure(review.value(lambda s: s["clients_at_year_end"]["children_of_victims"])),
        },
        " ".join(
            [
                _("The number of clients who had entered the assistance system as minors was %(count)s.")
                % {"count": figure(review.value(lambda s: s["clients_at_year_end"]["victims_entered_as_minors"]))},
                _("The number of children among the victims was %(count)s.")
                % {"count": figure(review.value(lambda s: s["clients_at_year_end"]["victims_under_18"]))},
            ]
        ),
        _("About %(percent)s of the victims of human trafficking were women.") % {"percent": percent_text(women.share)}
        if women is not None and review.value(lambda s: s["clients_at_year_end"]["victims"])
        else "",
    ]
    return Section(
        key="year_end",
        heading=_("All clients on %(date)s") % {"date": day},
        paragraphs=present(paragraphs),
        tables=[clients, sex],
        charts=[],
    )
