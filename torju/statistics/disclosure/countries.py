"""Country breakdowns as they may be published: small countries merged into `other`, and the nested-breakdown rule.

A country breakdown (`by_nationality`, `events_by_country`) merges every
country under k into one key `other`, and while `other` is under k the
smallest country too (`merge_small_countries`).

Nested breakdowns (spec/annual-statistics.md, "Public form"): those exploited
in Finland are a subset of the new clients, country by country, so a reader
can subtract one breakdown from the other. `merge_nested` publishes the pair:

1. the whole (new clients) merged as above;
2. in the part (exploited in Finland): every country merged in the whole is
   merged too; every country whose difference (whole − part) is from 1 to
   k−1 is merged; then the part's own `other` rule;
3. while an attacker who knows both published breakdowns, that counts are
   whole and non-negative and that the part is a subset per country, can
   pin a country's count (in either breakdown, or of those exploited
   abroad) to one value from 1 to k−1 (`pinned`), the smallest country still
   shown in the part is merged as well; when the part has nothing left to
   merge, the smallest country still shown in the whole (and with it in the
   part). That last step goes beyond the spec, whose rule can leave a
   country pinned when the whole shows one country only
   (docs/decisions/0022).

`pinned` computes the attacker's bounds in closed form. The constraints are a
box per country with one equality per `other`: a country merged in the part
but shown in the whole holds between max(0, other_part − what the rest of the
part's `other` can hold) and min(its whole, other_part); a country merged in
both could be any country of the world (the reader does not know which
countries `other` holds), so nothing pins it. The test side checks the same
property with a linear programme over every published figure
(tests/statistics/attacker.py).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from torju.statistics.disclosure.threshold import check_threshold
from torju.statistics.schema import OTHER, Counts


@dataclass(frozen=True)
class Withheld:
    """A figure that disclosure control did not publish, and why (for the approver of a release)."""

    key: str  # e.g. "exploited_in_finland.by_nationality.NP", "new_clients_by_sex_and_age_band.X.60+"
    value: int
    reason: str  # one of REASONS


# Why a figure is withheld.
UNDER_K = "under_k"  # from 1 to k−1
OTHER_UNDER_K = "other_under_k"  # merged so that `other` is not under k
DIFFERENCE = "difference"  # the whole less the part is from 1 to k−1
MERGED_IN_WHOLE = "merged_in_whole"  # merged in the whole breakdown, so in the nested one too
ATTACKER = "attacker"  # the published figures would pin a count from 1 to k−1
SECONDARY = "secondary"  # withheld so that another withheld cell cannot be derived
MARGINS = "margins"  # a cross-table whose margins alone give a cell away: no cell published
CHANGED = "changed"  # changed by 1 to k−1 from an earlier release of the same figure
REASONS = (UNDER_K, OTHER_UNDER_K, DIFFERENCE, MERGED_IN_WHOLE, ATTACKER, SECONDARY, MARGINS, CHANGED)


def _smallest(shown: set[str], counts: Mapping[str, int]) -> str:
    return min(shown, key=lambda country: (counts[country], country))


def _shown(counts: Mapping[str, int], k: int, merged: set[str], kept: frozenset[str]) -> tuple[set[str], set[str]]:
    """The countries shown, and those merged only so that `other` is not under k."""
    shown = {country for country, n in counts.items() if (n >= k or country in kept) and country not in merged}
    other = sum(n for country, n in counts.items() if country not in shown)
    topped_up: set[str] = set()
    while 0 < other < k and shown - kept:
        smallest = _smallest(shown - kept, counts)
        shown.discard(smallest)
        topped_up.add(smallest)
        other += counts[smallest]
    return shown, topped_up


def published(counts: Mapping[str, int], shown: Iterable[str]) -> Counts:
    """The breakdown with only `shown` countries, most first, and `other` last when anything was merged."""
    kept = set(shown)
    merged = {country: n for country, n in counts.items() if country in kept}
    result = dict(sorted(merged.items(), key=lambda item: (-item[1], item[0])))
    other = sum(n for country, n in counts.items() if country not in kept)
    if other:
        result[OTHER] = other
    return result


def merge_small_countries(by_country: Mapping[str, int], k: int, *, kept: Iterable[str] = ()) -> Counts:
    """Countries under k persons merged into `other`, and while `other` is under k the smallest country too.

    The smallest is the one with the fewest persons, of equal ones the first
    by code. Countries stay most frequent first; `other` comes last and only
    when something was merged. Should every country be merged and `other`
    still be under k, it equals the population's total, which is published
    anyway. `kept`: countries released with a stated reason, shown whatever
    their count.
    """
    check_threshold(k)
    shown, _topped_up = _shown(by_country, k, set(), frozenset(kept))
    return published(by_country, shown)


def withheld_countries(key: str, by_country: Mapping[str, int], k: int, public: Mapping[str, int]) -> list[Withheld]:
    """The countries of a breakdown merged into `other`, each with why."""
    small = [country for country, n in by_country.items() if country not in public and 0 < n < k]
    topped_up = [country for country, n in by_country.items() if country not in public and n >= k]
    return [Withheld(f"{key}.{country}", by_country[country], UNDER_K) for country in sorted(small)] + [
        Withheld(f"{key}.{country}", by_country[country], OTHER_UNDER_K) for country in sorted(topped_up)
    ]


@dataclass(frozen=True)
class NestedPair:
    """The two breakdowns as published, and what the part withheld beyond the whole's own rule."""

    whole: Counts
    part: Counts
    withheld: list[Withheld]


def merge_nested(
    whole: Mapping[str, int],
    part: Mapping[str, int],
    k: int,
    *,
    keys: tuple[str, str] = ("new_clients.by_nationality", "exploited_in_finland.by_nationality"),
    kept_whole: Iterable[str] = (),
    kept_part: Iterable[str] = (),
    also_merge_whole: Iterable[str] = (),
    also_merge_part: Iterable[str] = (),
) -> NestedPair:
    """`whole` and its subset `part` by country, published so that neither nor their difference pins a count.

    `kept_whole` and `kept_part`: countries released with a stated reason;
    shown whatever the rules say, and not counted as pinned (a reasoned
    exception that the release's notes state). `also_merge_whole` and
    `also_merge_part`: countries to merge whatever their counts (a
    correction's countries that changed by 1 to k−1 from the earlier release).
    """
    check_threshold(k)
    kept_w, kept_p = frozenset(kept_whole), frozenset(kept_part)
    changed_whole, changed_part = set(also_merge_whole) - kept_w, set(also_merge_part) - kept_p
    merged_whole: set[str] = set(changed_whole)
    merged_part: set[str] = set(changed_part)
    attacked: set[str] = set()
    while True:
        shown_whole, topped_up_whole = _shown(whole, k, merged_whole, kept_w)
        merged_by_rule = {
            country
            for country, n in part.items()
            if country not in kept_p and (country not in shown_whole or 1 <= whole.get(country, 0) - n <= k - 1)
        }
        shown_part, topped_up_part = _shown(part, k, merged_by_rule | merged_part, kept_p)
        if not pinned(whole, part, shown_whole, shown_part, k, exceptions=kept_w | kept_p):
            break
        candidates = shown_part - kept_p
        if candidates:
            smallest = _smallest(candidates, part)
            merged_part.add(smallest)
        elif shown_whole - kept_w:
            smallest = _smallest(shown_whole - kept_w, whole)
            merged_whole.add(smallest)
        else:
            break
        attacked.add(smallest)
    whole_key, part_key = keys
    withheld = [
        *_reasons(whole_key, whole, shown_whole, k, topped_up_whole, attacked & merged_whole, set(), changed_whole),
        *_reasons(part_key, part, shown_part, k, topped_up_part, attacked, shown_whole, changed_part),
    ]
    return NestedPair(published(whole, shown_whole), published(part, shown_part), withheld)


def _reasons(
    key: str,
    counts: Mapping[str, int],
    shown: set[str],
    k: int,
    topped_up: set[str],
    attacked: set[str],
    shown_whole: set[str] | None,
    changed: set[str],
) -> list[Withheld]:
    found = []
    for country in sorted(set(counts) - shown):
        n = counts[country]
        if country in changed:
            reason = CHANGED
        elif country in attacked:
            reason = ATTACKER
        elif 0 < n < k:
            reason = UNDER_K
        elif country in topped_up:
            reason = OTHER_UNDER_K
        elif shown_whole and country not in shown_whole:
            reason = MERGED_IN_WHOLE
        else:
            reason = DIFFERENCE
        found.append(Withheld(f"{key}.{country}", n, reason))
    return found


def pinned(
    whole: Mapping[str, int],
    part: Mapping[str, int],
    shown_whole: set[str],
    shown_part: set[str],
    k: int,
    *,
    exceptions: frozenset[str] = frozenset(),
) -> list[str]:
    """The countries whose count an attacker can pin to one value from 1 to k−1 from the published pair.

    Targets: a country's count in the whole, in the part, and their
    difference (those exploited abroad). Countries in `exceptions` (released
    with a reason) are not reported.
    """
    other_whole = sum(n for country, n in whole.items() if country not in shown_whole)
    other_part = sum(n for country, n in part.items() if country not in shown_part)
    in_part_other = shown_whole - shown_part  # known in the whole, hidden in the part's `other` (or absent)
    found = []
    for country in sorted(shown_part):
        difference = whole.get(country, 0) - part[country]
        if 1 <= difference <= k - 1 and country not in exceptions:
            found.append(country)
    capacity = sum(whole[country] for country in in_part_other) + other_whole
    for country in sorted(in_part_other - exceptions):
        rest = capacity - whole[country]
        least, most = max(0, other_part - rest), min(whole[country], other_part)
        if least == most and (1 <= least <= k - 1 or 1 <= whole[country] - least <= k - 1):
            found.append(country)
    return found
