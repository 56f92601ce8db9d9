"""The review's fourteen breakdown tables, declared: what each counts, of what base, with which labels.

Each `Breakdown` names a breakdown of the statistics JSON (read through its
typed keys, torju.statistics.schema), the figure its shares are of, how its
rows are labelled and ordered, and its texts. `ReviewBuilder.breakdown` turns
one into a table of this year and the previous one; the sections choose
which tables they show and what they say about them.

The texts are lazy: they are translated when the review is built, in its
language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from torju.statistics.schema import FORCED_LABOUR, AnnualStatistics, Counts

TAB = "spreadsheet tab, at most 31 characters"
# How the rows are labelled and ordered: by a code list (its labels and order), as countries (their names, the
# most persons first, "other" last), or as the spec's age bands (in their order).
Rows = Literal["code_list", "countries", "age_bands"]


@dataclass(frozen=True)
class Breakdown:
    key: str  # the table's key in the CSV: the breakdown's place in the JSON
    counts: Callable[[AnnualStatistics], Counts]
    base: Callable[[AnnualStatistics], int]  # what the shares are of, and the total line
    title: StrOrPromise
    sheet: StrOrPromise
    share_of: StrOrPromise
    label_heading: StrOrPromise
    total_label: StrOrPromise
    rows: Rows = "code_list"
    code_list: str = ""
    unknown_last: bool = False  # an `unknown` key after the code list's codes (the sectors)


NEW_CLIENTS = _("New clients: victims of human trafficking")
IN_FINLAND = _("Victims exploited in Finland")
SHARE_OF_NEW_CLIENTS = _("% of the new clients")
SHARE_IN_FINLAND = _("% of the victims exploited in Finland")

BY_SOURCE = Breakdown(
    key="applications.by_source",
    counts=lambda s: s["applications"]["by_source"],
    base=lambda s: s["applications"]["received"],
    title=_("Applications by submitter"),
    sheet=pgettext_lazy(TAB, "Applications"),
    share_of=_("% of the applications received"),
    label_heading=_("Submitted by"),
    total_label=_("Applications received"),
    code_list="application_source",
)
NEGATIVE_BY_REASON = Breakdown(
    key="decisions.negative_by_reason",
    counts=lambda s: s["decisions"]["negative_by_reason"],
    base=lambda s: s["decisions"]["negative"],
    title=_("Negative decisions by reason"),
    sheet=pgettext_lazy(TAB, "Negative decisions"),
    share_of=_("% of the negative decisions"),
    label_heading=_("Reason"),
    total_label=_("Negative decisions"),
    code_list="negative_reason",
)
ENDED_BY_REASON = Breakdown(
    key="clienthoods_ended.by_reason",
    counts=lambda s: s["clienthoods_ended"]["by_reason"],
    base=lambda s: s["clienthoods_ended"]["total"],
    title=_("Clienthoods ended by reason"),
    sheet=pgettext_lazy(TAB, "Clienthoods ended"),
    share_of=_("% of the clienthoods ended"),
    label_heading=_("Reason"),
    total_label=_("Clienthoods ended"),
    code_list="end_reason",
)
NEW_CLIENTS_BY_SEX = Breakdown(
    key="new_clients.by_sex",
    counts=lambda s: s["new_clients"]["by_sex"],
    base=lambda s: s["new_clients"]["victims"],
    title=_("New clients by sex"),
    sheet=pgettext_lazy(TAB, "New clients by sex"),
    share_of=SHARE_OF_NEW_CLIENTS,
    label_heading=_("Sex"),
    total_label=NEW_CLIENTS,
    code_list="sex",
)
NEW_CLIENTS_BY_AGE = Breakdown(
    key="new_clients.by_age_band",
    counts=lambda s: s["new_clients"]["by_age_band"],
    base=lambda s: s["new_clients"]["victims"],
    title=_("New clients by age"),
    sheet=pgettext_lazy(TAB, "New clients by age"),
    share_of=SHARE_OF_NEW_CLIENTS,
    label_heading=_("Age"),
    total_label=NEW_CLIENTS,
    rows="age_bands",
)
NEW_CLIENTS_BY_NATIONALITY = Breakdown(
    key="new_clients.by_nationality",
    counts=lambda s: s["new_clients"]["by_nationality"],
    base=lambda s: s["new_clients"]["victims"],
    title=_("New clients by nationality"),
    sheet=pgettext_lazy(TAB, "New clients by nationality"),
    share_of=SHARE_OF_NEW_CLIENTS,
    label_heading=_("Nationality"),
    total_label=NEW_CLIENTS,
    rows="countries",
)
EVENTS_BY_FORM = Breakdown(
    key="new_clients.events_by_form",
    counts=lambda s: s["new_clients"]["events_by_form"],
    base=lambda s: s["new_clients"]["events"],
    title=_("Trafficking events of the new clients by form of exploitation"),
    sheet=pgettext_lazy(TAB, "Forms of exploitation"),
    share_of=_("% of the trafficking events"),
    label_heading=_("Form of exploitation"),
    total_label=_("Trafficking events of the new clients"),
    code_list="exploitation_form",
)
FINLAND_BY_SEX = Breakdown(
    key="exploited_in_finland.by_sex",
    counts=lambda s: s["exploited_in_finland"]["by_sex"],
    base=lambda s: s["exploited_in_finland"]["victims"],
    title=_("Victims exploited in Finland by sex"),
    sheet=pgettext_lazy(TAB, "Finland by sex"),
    share_of=SHARE_IN_FINLAND,
    label_heading=_("Sex"),
    total_label=IN_FINLAND,
    code_list="sex",
)
FINLAND_BY_NATIONALITY = Breakdown(
    key="exploited_in_finland.by_nationality",
    counts=lambda s: s["exploited_in_finland"]["by_nationality"],
    base=lambda s: s["exploited_in_finland"]["victims"],
    title=_("Victims exploited in Finland by nationality"),
    sheet=pgettext_lazy(TAB, "Finland by nationality"),
    share_of=SHARE_IN_FINLAND,
    label_heading=_("Nationality"),
    total_label=IN_FINLAND,
    rows="countries",
)
FINLAND_EVENTS_BY_FORM = Breakdown(
    key="exploited_in_finland.events_by_form",
    counts=lambda s: s["exploited_in_finland"]["events_by_form"],
    base=lambda s: s["exploited_in_finland"]["events"],
    title=_("Trafficking events in Finland by form of exploitation"),
    sheet=pgettext_lazy(TAB, "Finland by form"),
    share_of=_("% of the trafficking events in Finland"),
    label_heading=_("Form of exploitation"),
    total_label=_("Trafficking events in Finland"),
    code_list="exploitation_form",
)
FORCED_LABOUR_BY_SECTOR = Breakdown(
    key="exploited_in_finland.forced_labour_by_sector",
    counts=lambda s: s["exploited_in_finland"]["forced_labour_by_sector"],
    base=lambda s: s["exploited_in_finland"]["events_by_form"].get(FORCED_LABOUR, 0),
    title=_("Forced labour in Finland by sector"),
    sheet=pgettext_lazy(TAB, "Forced labour by sector"),
    share_of=_("% of the forced labour cases in Finland"),
    label_heading=_("Sector"),
    total_label=_("Forced labour cases in Finland"),
    code_list="sector",
    unknown_last=True,
)
FINLAND_BY_RESIDENCE_STATUS = Breakdown(
    key="exploited_in_finland.by_residence_status",
    counts=lambda s: s["exploited_in_finland"]["by_residence_status"],
    base=lambda s: s["exploited_in_finland"]["victims"],
    title=_("Victims exploited in Finland by residence status"),
    sheet=pgettext_lazy(TAB, "Finland by residence status"),
    share_of=SHARE_IN_FINLAND,
    label_heading=_("Residence status"),
    total_label=IN_FINLAND,
    code_list="residence_status",
)
REPEATED_BY_SEX = Breakdown(
    key="exploited_in_finland.multiple_events.by_sex",
    counts=lambda s: s["exploited_in_finland"]["multiple_events"]["by_sex"],
    base=lambda s: s["exploited_in_finland"]["multiple_events"]["victims"],
    title=_("Victims of repeated or several forms of trafficking in Finland by sex"),
    sheet=pgettext_lazy(TAB, "Finland repeated by sex"),
    share_of=_("% of the victims of repeated trafficking"),
    label_heading=_("Sex"),
    total_label=_("Victims of repeated or several forms of trafficking"),
    code_list="sex",
)
YEAR_END_BY_SEX = Breakdown(
    key="clients_at_year_end.victims_by_sex",
    counts=lambda s: s["clients_at_year_end"]["victims_by_sex"],
    base=lambda s: s["clients_at_year_end"]["victims"],
    title=_("Victims among all clients by sex"),
    sheet=pgettext_lazy(TAB, "All victims by sex"),
    share_of=_("% of the victims among all clients"),
    label_heading=_("Sex"),
    total_label=_("Victims of human trafficking"),
    code_list="sex",
)

BREAKDOWNS = (
    BY_SOURCE,
    NEGATIVE_BY_REASON,
    ENDED_BY_REASON,
    NEW_CLIENTS_BY_SEX,
    NEW_CLIENTS_BY_AGE,
    NEW_CLIENTS_BY_NATIONALITY,
    EVENTS_BY_FORM,
    FINLAND_BY_SEX,
    FINLAND_BY_NATIONALITY,
    FINLAND_EVENTS_BY_FORM,
    FORCED_LABOUR_BY_SECTOR,
    FINLAND_BY_RESIDENCE_STATUS,
    REPEATED_BY_SEX,
    YEAR_END_BY_SEX,
)
