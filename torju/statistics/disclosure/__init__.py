"""Disclosure control: the public form of the statistics (spec/annual-statistics.md, "Public form").

What the public form changes, and why only that:

- Country breakdowns merge every country with fewer than k persons (events,
  for the events by country) into `other`, and while `other` is under k the
  smallest country too (disclosure.countries). Nationality is the attribute
  that singles a person out: it has two hundred values, most of them rare in
  the register, and a rare one together with what a reader knows from
  elsewhere points at one person.
- The two nationality breakdowns are nested (those exploited in Finland are
  a subset of the new clients, country by country): a country whose
  difference would be from 1 to k−1 is merged in the nested one, and further
  countries until no published figure lets an attacker pin a country's count,
  or of those exploited abroad, from 1 to k−1 (`merge_nested`). So Nepal (60
  new clients, 59 exploited in Finland) and Finland (18 and 17) leave the
  nested breakdown of 2025.
- Cross-tabulations (the new clients by sex × age band; the review's events
  by form × sex) withhold every cell from 1 to k−1, and so many more that no
  withheld cell can be derived from what is published with them
  (disclosure.tables).
- Everything else is published as counts: one-dimensional totals of one
  population by a code list of a handful of values fixed in advance (sex,
  age band, form, sector, residence status, reason, source) or a single
  number. The spec allows these, as the review prints them ("Kolme asiakasta
  oli tätä vanhempia").

Residual risk, accepted by the spec (docs/decisions/0022): one-dimensional
breakdowns of nested populations (the new clients and those exploited in
Finland by sex, say) are published separately, so their difference can show
a small count; the count of nationalities (distinct codes) is published and
is not a linear figure, so the linear attacker does not use it.

The threshold k is the setting STATISTICS_DISCLOSURE_K (default 5), read by
`disclosure_threshold`. Tests hold every public output to the spec's property
with a linear-programming attacker (tests/statistics/attacker.py).
"""

from torju.statistics.disclosure.countries import Withheld, merge_nested, merge_small_countries
from torju.statistics.disclosure.public_form import (
    public_cross_table,
    public_form,
    public_statistics_with_withheld,
    public_year,
    shows_small_counts,
)
from torju.statistics.disclosure.tables import (
    PublishedTable,
    UnprotectableTableError,
    exact_table,
    public_table,
    suppress_table,
)
from torju.statistics.disclosure.threshold import disclosure_threshold

__all__ = [
    "PublishedTable",
    "UnprotectableTableError",
    "Withheld",
    "disclosure_threshold",
    "exact_table",
    "merge_nested",
    "merge_small_countries",
    "public_cross_table",
    "public_form",
    "public_statistics_with_withheld",
    "public_table",
    "public_year",
    "shows_small_counts",
    "suppress_table",
]
