"""The review's section on the forms of exploitation, with the cross-tabulation of the forms by sex."""

from collections.abc import Mapping
from itertools import cycle

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.documents.charts import OKABE_ITO
from torju.statistics.review.breakdowns import EVENTS_BY_FORM
from torju.statistics.review.builder import ReviewBuilder, join_items, present
from torju.statistics.review.model import Chart, CrossTable, GroupedChart, Section, Table, figure, percent_text
from torju.statistics.schema import FEMALE, MALE

TOP_FORMS_BY_SEX = 2
# The colours of the sexes in the chart of the forms by sex (Okabe & Ito's; the others in the code list's order).
SEX_COLOURS = {FEMALE: OKABE_ITO["vermillion"], MALE: OKABE_ITO["blue"]}
OTHER_SEX_COLOURS = (OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])


def forms(review: ReviewBuilder) -> Section:
    forms = review.breakdown(EVENTS_BY_FORM)
    victims, events = (
        review.value(lambda s: s["new_clients"]["victims"]),
        review.value(lambda s: s["new_clients"]["events"]),
    )
    if victims is not None and events is not None and events > victims:
        counts = _(
            "The new clients (%(victims)s) were subject to %(events)s trafficking events in all, because "
            "some clients had been subjected to more than one form of exploitation."
        )
    else:
        counts = _("The number of trafficking events of the new clients (%(victims)s) was %(events)s.")
    by_sex = forms_by_sex_table(
        review,
    )
    paragraphs = [
        forms_by_sex_sentences(review, by_sex),
        counts % {"victims": figure(victims), "events": review.with_previous(lambda s: s["new_clients"]["events"])},
        _("The charts show both the primary and the secondary forms of exploitation."),
        most_common_form(review, forms),
    ]
    charts: list[Chart | GroupedChart] = [
        review.chart(
            forms,
            "new_clients.events_by_form",
            _("Forms of exploitation of the new clients"),
            axis_label=_("Trafficking events"),
            largest_first=True,
        )
    ]
    by_sex_chart = forms_by_sex_chart(review, by_sex)
    if by_sex_chart is not None:
        charts.insert(0, by_sex_chart)
    return Section(
        key="forms",
        heading=_("Forms of exploitation"),
        paragraphs=present(paragraphs),
        tables=[forms, by_sex],
        charts=charts,
    )


def sex_column_label(review: ReviewBuilder, code: str) -> str:
    """The review's "Naiset ja tytöt" and "Miehet ja pojat"; other codes by their label."""
    if code == FEMALE:
        return _("Women and girls")
    if code == MALE:
        return _("Men and boys")
    return capfirst(review.code_label("sex", code))


def forms_by_sex_table(review: ReviewBuilder) -> CrossTable:
    published = review.statistics.events_by_form_and_sex
    forms = review.code_labels("exploitation_form")
    return CrossTable(
        key="new_clients.events_by_form_and_sex",
        title=_("Trafficking events of the new clients by form of exploitation and sex"),
        sheet=pgettext("spreadsheet tab, at most 31 characters", "Forms of exploitation by sex"),
        label_heading=_("Form of exploitation"),
        year=review.year,
        rows=[(code, capfirst(forms.get(code, code))) for code in published.cells],
        columns=[(code, sex_column_label(review, code)) for code in published.columns],
        published=published,
        total_label=_("Trafficking events of the new clients"),
        total_column=_("Total"),
    )


def forms_by_sex_chart(review: ReviewBuilder, table: CrossTable) -> GroupedChart | None:
    """The review's chart: the forms with events, the most first, a bar per sex; None if nothing can be drawn.

    Women and men always have their bars, as in the review; another sex
    code only with k events or more, as fewer would be bars of withheld
    cells (the table shows them all).
    """
    forms = [(code, label) for code, label in table.rows if table.published.row_totals[code] != 0]
    if all(table.cell(form, column) is None for form, _form_label in forms for column, _label in table.columns):
        return None  # no events, or every cell withheld: nothing to draw
    forms.sort(key=lambda form: -(table.published.row_totals[form[0]] or 0))
    other_colours = cycle(OTHER_SEX_COLOURS)
    series = [
        (
            label,
            SEX_COLOURS.get(code) or next(other_colours),
            [table.cell(form, code) for form, _label in forms],
        )
        for code, label in table.columns
        if code in SEX_COLOURS or (table.published.column_totals[code] or 0) >= review.k
    ]
    return GroupedChart(
        key="new_clients.events_by_form_and_sex",
        title=_("Forms of exploitation of the new clients by sex"),
        categories=[label for _code, label in forms],
        series=series,
        axis_label=_("Trafficking events"),
    )


def cell_bounds(cells: Mapping[str, int | None], total: int, column: str) -> tuple[int, int]:
    """The least and the most a cell of a row can be, given the row's shown cells and its total."""
    value = cells[column]
    if value is not None:
        return value, value
    return 0, total - sum(shown for shown in cells.values() if shown is not None)


def forms_by_sex_sentences(review: ReviewBuilder, table: CrossTable) -> str:
    """Which forms were directed more often at women and girls, which at men and boys (the review's words).

    A form counts for one sex when its count is certainly greater than
    the other's: a withheld cell is taken at what the published figures
    leave possible (from 0 to the row total less the row's shown cells),
    so the text says nothing that the tables do not. Of each sex the
    forms with the most events are named.
    """
    if FEMALE not in table.published.column_totals or MALE not in table.published.column_totals:
        return ""
    women: list[tuple[int, str]] = []
    men: list[tuple[int, str]] = []
    labels = review.code_labels("exploitation_form")
    for code, _label in table.rows:
        total = table.published.row_totals[code]
        if total is None:
            continue
        female = cell_bounds(table.published.cells[code], total, FEMALE)
        male = cell_bounds(table.published.cells[code], total, MALE)
        name = labels.get(code, code)
        if female[0] > male[1]:
            women.append((female[0], name))
        elif male[0] > female[1]:
            men.append((male[0], name))
    sentences = []
    for found, one, several in (
        (
            women,
            _("%(forms)s was directed more often at women and girls than at men and boys."),
            _("%(forms)s were directed more often at women and girls than at men and boys."),
        ),
        (
            men,
            _("%(forms)s was directed more often at men and boys than at women and girls."),
            _("%(forms)s were directed more often at men and boys than at women and girls."),
        ),
    ):
        names = [name for _count, name in sorted(found, key=lambda item: -item[0])[:TOP_FORMS_BY_SEX]]
        if names:
            sentences.append(capfirst((one if len(names) == 1 else several) % {"forms": join_items(names)}))
    return " ".join(sentences)


def most_common_form(review: ReviewBuilder, forms: Table) -> str:
    common = review.top(forms, 1)
    if not common:
        return ""
    return _("The most common form of exploitation was %(form)s (%(percent)s of the events).") % {
        "form": common[0].in_text,
        "percent": percent_text(common[0].share),
    }
