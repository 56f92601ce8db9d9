"""The annual review's content, built once from the statistics JSON in the active language.

The published review of the assistance system (the 2025 one is the model)
says the same things every year: applications and decisions, the new
clients by sex, age and nationality, the forms of exploitation, exploitation
in Finland, reflection periods and all clients at the year's end, each
figure with the previous year's beside it; then the clients' legal path
(clients by category, their criminal process and permits: issue #13,
torju.statistics.legal_path); then the info line's work
(contacts, consultation cases, referrals: issue #12), in its public form.
`build_review` turns the spec's
JSON (in the publication the reader may see) into that content as plain
data (review.model): the web page, the PDF, the DOCX and the XLSX and CSV
tables all lay out this one model, so no format can say something another
does not.

The parts: review.model (the content model), review.builder (reading the
figures, labels, tables, shared sentences), review.breakdowns (the breakdown
tables, declared) and review.sections (one module per section).

Beyond the spec's JSON the review has one cross-tabulation, the 2025
review's forms of exploitation by sex (`ReviewStatistics.events_by_form_and_sex`,
suppressed in the public form by torju.statistics.disclosure.public_table).
"""

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from torju.statistics.permissions import EXACT
from torju.statistics.review.builder import ReviewBuilder, figure_label
from torju.statistics.review.model import DATE, SUPPRESSED, Review
from torju.statistics.review.sections.applications import applications
from torju.statistics.review.sections.finland import finland
from torju.statistics.review.sections.forms import forms
from torju.statistics.review.sections.helpline import helpline
from torju.statistics.review.sections.key_figures import key_figures
from torju.statistics.review.sections.legal_path import legal_path
from torju.statistics.review.sections.new_clients import new_clients
from torju.statistics.review.sections.reflection import reflection
from torju.statistics.review.sections.year_end import year_end
from torju.statistics.selectors import ReviewStatistics, is_complete


def notes(review: ReviewBuilder) -> list[str]:
    """What the reader must know first: the publication, a year not over, no previous year."""
    found = []
    if review.statistics.publication == EXACT:
        found.append(
            _(
                "Exact figures for internal use: not to be published. Downloads and the API give the public "
                "form, under disclosure control."
            )
        )
    else:
        found.append(
            _(
                "Public form under disclosure control: nationalities with fewer than %(k)s persons are "
                "combined into other countries, and a figure shown as %(symbol)s is withheld to protect the "
                "persons concerned."
            )
            % {"k": review.k, "symbol": SUPPRESSED}
        )
    statistics = review.statistics
    if statistics.published_on is not None:
        found.append(
            _(
                "Published on %(date)s. The figures are those of that day: the register keeps changing, a published "
                "figure does not."
            )
            % {"date": date_format(statistics.published_on, DATE)}
        )
    if statistics.correction:
        found.append(_("This release corrects an earlier one: %(note)s") % {"note": statistics.correction})
    for key, reason in statistics.released:
        found.append(
            _("Released with a stated reason although disclosure control withheld it: %(figure)s. Reason: %(reason)s")
            % {"figure": figure_label(key), "reason": reason}
        )
    if not is_complete(review.year):
        found.append(_("The year %(year)s is not over: the figures are preliminary.") % {"year": review.year})
    if review.before is None:
        found.append(_("The register has no data for the previous year, so there are no comparisons."))
    return found


def build_review(statistics: ReviewStatistics) -> Review:
    """The review of `statistics.year` in the active language (call it inside `translation.override`)."""
    review = ReviewBuilder(statistics)
    info_line = helpline(review)
    clients_legal_path = legal_path(review)
    return Review(
        language=translation.get_language() or settings.LANGUAGE_CODE,
        year=review.year,
        previous_year=review.previous_year,
        publication=statistics.publication,
        threshold=review.k,
        title=_("Statistics of the Assistance System for Victims of Human Trafficking %(year)s")
        % {"year": review.year},
        introduction=[
            _(
                "The Assistance System for Victims of Human Trafficking, working since 2006, is the national "
                "expert authority on human trafficking. It helps victims of human trafficking and their minor "
                "children, and persons who assist in the investigation of a trafficking offence; Finnish and "
                "foreign victims alike."
            ),
            _(
                "The statistical review of %(year)s presents the key figures of the assistance system's work: "
                "the numbers of applications and decisions, and the sex, age, nationalities and forms of "
                "exploitation of the new clients. Persons who became victims in Finland and all clients at the "
                "end of the year are examined separately."
            )
            % {"year": review.year},
        ],
        notes=notes(review),
        key_figures=key_figures(review),
        sections=[
            applications(review),
            new_clients(review),
            forms(review),
            finland(review),
            reflection(review),
            year_end(review),
            *([clients_legal_path] if clients_legal_path is not None else []),
            *([info_line] if info_line is not None else []),
        ],
        labels={
            "table": _("Table"),
            "title": _("Title"),
            "code": _("Code"),
            "item": _("Item"),
            "year": _("Year"),
            "count": _("Count"),
            "share": _("Share, %"),
        },
    )
