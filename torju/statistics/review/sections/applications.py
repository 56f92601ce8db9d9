"""The review's section on applications and decisions: submitters, decisions, reasons, clienthoods ended."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.statistics.review.breakdowns import BY_SOURCE, ENDED_BY_REASON, NEGATIVE_BY_REASON
from torju.statistics.review.builder import ReviewBuilder, present
from torju.statistics.review.model import Section, Table, percent_text

TOP_SOURCES, TOP_REASONS = 3, 2


def applications(review: ReviewBuilder) -> Section:
    sources = review.breakdown(BY_SOURCE)
    decisions = review.figures_table(
        "decisions",
        _("Decisions"),
        pgettext("spreadsheet tab, at most 31 characters", "Decisions"),
        [
            ("positive", _("Positive decisions"), lambda s: s["decisions"]["positive"]),
            ("negative", _("Negative decisions"), lambda s: s["decisions"]["negative"]),
        ],
    )
    reasons = review.breakdown(NEGATIVE_BY_REASON)
    ended = review.breakdown(ENDED_BY_REASON)
    paragraphs = [
        _("The number of applications recorded in the assistance system in %(year)s was %(count)s.")
        % {"year": review.year, "count": review.with_previous(lambda s: s["applications"]["received"])},
        review.most_common(
            sources,
            TOP_SOURCES,
            _("The most common submitter of applications was %(items)s."),
            _("The most common submitters of applications were %(items)s."),
        ),
        largest_change_in_share(review, sources),
        " ".join(
            [
                _("The number of positive decisions was %(count)s.")
                % {"count": review.with_previous(lambda s: s["decisions"]["positive"])},
                _(
                    "A person who may be a victim of human trafficking and who needs assistance because of it "
                    "can be accepted as a client with their own consent."
                ),
            ]
        ),
        " ".join(
            [
                _("The number of negative decisions was %(count)s.")
                % {"count": review.with_previous(lambda s: s["decisions"]["negative"])},
                review.most_common(
                    reasons,
                    TOP_REASONS,
                    _("The most common reason for a negative decision was %(items)s."),
                    _("The most common reasons for a negative decision were %(items)s."),
                ),
            ]
        ),
        " ".join(
            [
                _("The number of clienthoods that ended was %(count)s.")
                % {"count": review.with_previous(lambda s: s["clienthoods_ended"]["total"])},
                review.most_common(
                    ended,
                    TOP_REASONS,
                    _("The most common reason for ending the clienthood was %(items)s."),
                    _("The most common reasons for ending the clienthood were %(items)s."),
                ),
            ]
        ),
    ]
    return Section(
        key="applications",
        heading=_("Applications and decisions in %(year)s") % {"year": review.year},
        paragraphs=present(paragraphs),
        tables=[sources, decisions, reasons, ended],
        charts=[],
    )


def largest_change_in_share(review: ReviewBuilder, table: Table) -> str:
    """The submitter whose share changed most from the previous year, as the review notes such a change."""
    if review.before is None:
        return ""
    changes = [
        row
        for row in table.rows
        if row.share is not None and row.previous_share is not None and row.share != row.previous_share
    ]
    if not changes:
        return ""
    row = max(changes, key=lambda row: abs((row.share or 0) - (row.previous_share or 0)))
    values = {
        "source": row.in_text,
        "previous": percent_text(row.previous_share),
        "previous_year": review.previous_year,
        "share": percent_text(row.share),
    }
    if (row.share or 0) > (row.previous_share or 0):
        return (
            _(
                "The share of applications submitted by %(source)s grew the most: from %(previous)s "
                "in %(previous_year)s to %(share)s."
            )
            % values
        )
    return (
        _(
            "The share of applications submitted by %(source)s fell the most: from %(previous)s "
            "in %(previous_year)s to %(share)s."
        )
        % values
    )
