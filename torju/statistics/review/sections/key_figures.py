"""The review's table of key figures, each compared with the previous year."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.statistics.review.builder import ReviewBuilder
from torju.statistics.review.model import Table


def key_figures(review: ReviewBuilder) -> Table:
    return review.figures_table(
        "key_figures",
        _("Key figures"),
        pgettext("spreadsheet tab, at most 31 characters", "Key figures"),
        [
            ("applications_received", _("Applications received"), lambda s: s["applications"]["received"]),
            ("positive_decisions", _("Positive decisions"), lambda s: s["decisions"]["positive"]),
            ("negative_decisions", _("Negative decisions"), lambda s: s["decisions"]["negative"]),
            ("new_victims", _("New clients: victims of human trafficking"), lambda s: s["new_clients"]["victims"]),
            ("new_children", _("New clients: children of victims"), lambda s: s["new_clients"]["children_of_victims"]),
            ("new_minors", _("New clients: minors among the victims"), lambda s: s["new_clients"]["minors"]),
            ("nationalities", _("Nationalities of the new clients"), lambda s: s["new_clients"]["nationalities"]),
            ("events", _("Trafficking events of the new clients"), lambda s: s["new_clients"]["events"]),
            ("finland_victims", _("Victims exploited in Finland"), lambda s: s["exploited_in_finland"]["victims"]),
            ("finland_events", _("Trafficking events in Finland"), lambda s: s["exploited_in_finland"]["events"]),
            ("reflection_periods", _("Reflection periods granted"), lambda s: s["reflection_periods_granted"]),
            ("clienthoods_ended", _("Clienthoods ended"), lambda s: s["clienthoods_ended"]["total"]),
            (
                "clients_at_year_end",
                _("All clients at the end of the year"),
                lambda s: s["clients_at_year_end"]["total"],
            ),
        ],
    )
