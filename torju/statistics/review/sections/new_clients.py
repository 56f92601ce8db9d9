"""The review's section on the new clients: sex, age, nationality, Finnish citizens, minors."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from torju.statistics.review.breakdowns import NEW_CLIENTS_BY_AGE, NEW_CLIENTS_BY_NATIONALITY, NEW_CLIENTS_BY_SEX
from torju.statistics.review.builder import ReviewBuilder, join_items, present
from torju.statistics.review.model import SUPPRESSED, Chart, Section, Table, figure, percent, percent_text
from torju.statistics.schema import (
    AGE_BANDS,
    FEMALE,
    FINLAND,
    MALE,
    MINOR_BAND,
    OLDEST_BAND,
    OTHER,
    STATELESS,
    UNKNOWN,
    UNKNOWN_COUNTRY,
)

TOP_NATIONALITIES = 2


def new_clients(review: ReviewBuilder) -> Section:
    sex = review.breakdown(NEW_CLIENTS_BY_SEX)
    ages = review.breakdown(NEW_CLIENTS_BY_AGE)
    nationalities = review.breakdown(NEW_CLIENTS_BY_NATIONALITY)
    women = review.row_of(sex, FEMALE)
    paragraphs = [
        _("New clients in %(year)s: %(victims)s victims of human trafficking and %(children)s children of victims.")
        % {
            "year": review.year,
            "victims": review.with_previous(lambda s: s["new_clients"]["victims"]),
            "children": review.with_previous(lambda s: s["new_clients"]["children_of_victims"]),
        },
        _("Of the victims, %(percent)s were women and girls.") % {"percent": percent_text(women.share)}
        if women is not None and review.value(lambda s: s["new_clients"]["victims"])
        else "",
        ages_sentence(review, ages),
        nationalities_sentence(review, nationalities),
        finnish_citizens_sentence(review, nationalities),
        _("Of all new clients, %(count)s were minors.")
        % {"count": review.with_previous(lambda s: s["new_clients"]["minors"])},
        other_countries_sentence(review, nationalities),
    ]
    return Section(
        key="new_clients",
        heading=_("New clients in %(year)s") % {"year": review.year},
        paragraphs=present(paragraphs),
        tables=[sex, ages, nationalities],
        charts=[
            review.chart(sex, "new_clients.by_sex", _("New clients by sex"), keep_zero=(FEMALE, MALE)),
            review.chart(ages, "new_clients.by_age_band", _("New clients by age"), keep_zero=AGE_BANDS[:-1]),
            nationality_chart(review, nationalities),
        ],
    )


def ages_sentence(review: ReviewBuilder, ages: Table) -> str:
    if not review.value(lambda s: s["new_clients"]["victims"]):
        return ""
    shares = {row.key: percent_text(row.share) for row in ages.rows}
    sentences = [
        _(
            "Of the new clients, %(minors)s were minors, %(age18)s were aged 18–29, %(age30)s 30–39, "
            "%(age40)s 40–49 and %(age50)s 50–59."
        )
        % {
            "minors": shares.get(MINOR_BAND, SUPPRESSED),
            "age18": shares.get("18-29", SUPPRESSED),
            "age30": shares.get("30-39", SUPPRESSED),
            "age40": shares.get("40-49", SUPPRESSED),
            "age50": shares.get("50-59", SUPPRESSED),
        }
    ]
    older = review.row_of(ages, OLDEST_BAND)
    if older is not None:
        sentences.append(_("The number of clients older than this was %(count)s.") % {"count": figure(older.count)})
    unknown = review.row_of(ages, UNKNOWN)
    if unknown is not None and unknown.count != 0:
        sentences.append(_("Clients whose age was not known: %(count)s.") % {"count": figure(unknown.count)})
    return " ".join(sentences)


def nationalities_sentence(review: ReviewBuilder, nationalities: Table) -> str:
    sentence = _("The number of different nationalities among the new clients was %(count)s.") % {
        "count": review.with_previous(lambda s: s["new_clients"]["nationalities"])
    }
    common = [
        row.in_text
        for row in review.top(nationalities, TOP_NATIONALITIES, exclude=(OTHER, STATELESS, UNKNOWN_COUNTRY, FINLAND))
    ]
    if len(common) == 1:
        sentence += " " + _("The most common nationality was %(items)s.") % {"items": common[0]}
    elif common:
        sentence += " " + _("The most common nationalities were %(items)s.") % {"items": join_items(common)}
    return sentence


def finnish_citizens_sentence(review: ReviewBuilder, nationalities: Table) -> str:
    finns = review.row_of(nationalities, FINLAND)
    if finns is None or not finns.count:
        return ""
    sentence = _("Finnish citizens were also among the victims: %(count)s (%(percent)s).") % {
        "count": figure(finns.count),
        "percent": percent_text(finns.share),
    }
    in_finland = (review.value(lambda s: s["exploited_in_finland"]["by_nationality"]) or {}).get(FINLAND)
    if in_finland is None or in_finland > finns.count:
        return sentence
    abroad = review.derived(finns.count - in_finland)
    if abroad is None:
        sentence += " " + _("Of them, %(finland)s had been exploited in Finland and the others abroad.") % {
            "finland": in_finland
        }
    else:
        sentence += " " + _("Of them, %(abroad)s had been exploited abroad and %(finland)s in Finland.") % {
            "abroad": abroad,
            "finland": in_finland,
        }
    return sentence


def other_countries_sentence(review: ReviewBuilder, nationalities: Table) -> str:
    """The share of "other countries": nationalities with fewer than k persons, merged as the review merges them."""
    victims = review.value(lambda s: s["new_clients"]["victims"])
    small = sum(row.count or 0 for row in nationalities.rows if row.key == OTHER or (row.count or 0) < review.k)
    if not small or not victims:
        return ""
    return _("Other countries (%(percent)s) covers all nationalities with fewer than %(k)s persons.") % {
        "percent": percent_text(percent(small, victims)),
        "k": review.k,
    }


def nationality_chart(review: ReviewBuilder, nationalities: Table) -> Chart:
    """The largest nationalities; those under k persons (and the public form's "other") as other countries."""
    large = [row for row in nationalities.rows if row.key != OTHER and (row.count is None or row.count >= review.k)]
    shown = {row.key for row in large}
    other = sum(row.count or 0 for row in nationalities.rows if row.key not in shown)
    categories = [row.label for row in large]
    values: list[int | None] = [row.count for row in large]
    if other:
        categories.append(capfirst(_("other countries")))
        values.append(other)
    return Chart(
        key="new_clients.by_nationality",
        title=_("New clients by nationality"),
        categories=categories,
        values=values,
        axis_label=_("Persons"),
    )
