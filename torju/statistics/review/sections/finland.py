"""The review's section on exploitation in Finland: sex, nationality, forms, sectors, residence status."""

from django.utils.translation import gettext as _

from torju.statistics.review.breakdowns import (
    FINLAND_BY_NATIONALITY,
    FINLAND_BY_RESIDENCE_STATUS,
    FINLAND_BY_SEX,
    FINLAND_EVENTS_BY_FORM,
    FORCED_LABOUR_BY_SECTOR,
    REPEATED_BY_SEX,
)
from torju.statistics.review.builder import ReviewBuilder, join_items, present
from torju.statistics.review.model import Section, Table, figure, percent, percent_text
from torju.statistics.schema import (
    FEMALE,
    FINLAND,
    FORCED_LABOUR,
    MALE,
    OTHER,
    STATELESS,
    UNKNOWN,
    UNKNOWN_COUNTRY,
    WITH_RESIDENCE_PERMIT,
)

TOP_SECTORS, TOP_PERMITS = 4, 3
PROTECTION_APPLICANT = "international_protection_applicant"
NO_LEGAL_RESIDENCE = "no_legal_residence"


def finland(review: ReviewBuilder) -> Section:
    sex = review.breakdown(FINLAND_BY_SEX)
    nationalities = review.breakdown(FINLAND_BY_NATIONALITY)
    forms = review.breakdown(FINLAND_EVENTS_BY_FORM)
    sectors = review.breakdown(FORCED_LABOUR_BY_SECTOR)
    residence = review.breakdown(FINLAND_BY_RESIDENCE_STATUS)
    repeated = review.breakdown(REPEATED_BY_SEX)
    paragraphs = [
        finland_overview(review, sex),
        repeated_sentence(review, repeated),
        forced_labour_sentences(review, forms, sectors),
        finland_nationalities_sentence(review, nationalities),
        residence_sentences(review, residence),
    ]
    return Section(
        key="finland",
        heading=_("Exploitation in Finland"),
        paragraphs=present(paragraphs),
        tables=[sex, nationalities, forms, sectors, residence, repeated],
        charts=[],
    )


def finland_overview(review: ReviewBuilder, sex: Table) -> str:
    sentences = [
        _("In %(year)s, the number of persons who became victims of human trafficking in Finland was %(count)s.")
        % {"year": review.year, "count": review.with_previous(lambda s: s["exploited_in_finland"]["victims"])}
    ]
    men, women = review.row_of(sex, MALE), review.row_of(sex, FEMALE)
    if men is not None and women is not None and review.value(lambda s: s["exploited_in_finland"]["victims"]):
        sentences.append(
            _("Of them, %(men)s were men and %(women)s women.")
            % {"men": figure(men.count), "women": figure(women.count)}
        )
    sentences.append(
        _("The number of nationalities among the victims was %(count)s.")
        % {"count": figure(review.value(lambda s: s["exploited_in_finland"]["nationalities"]))}
    )
    sentences.append(
        _("The number of trafficking events they were subject to was %(count)s.")
        % {"count": review.with_previous(lambda s: s["exploited_in_finland"]["events"])}
    )
    return " ".join(sentences)


def repeated_sentence(review: ReviewBuilder, repeated: Table) -> str:
    victims = review.value(lambda s: s["exploited_in_finland"]["multiple_events"]["victims"])
    if victims == 0:
        return ""
    by_sex = ", ".join(f"{row.in_text} {figure(row.count)}" for row in repeated.rows if row.count != 0)
    return _(
        "Persons who were subjected to human trafficking repeatedly, or to several forms of it at once, "
        "numbered %(count)s (%(by_sex)s)."
    ) % {"count": figure(victims), "by_sex": by_sex}


def forced_labour_sentences(review: ReviewBuilder, forms: Table, sectors: Table) -> str:
    forced = review.row_of(forms, FORCED_LABOUR)
    if forced is None or not forced.count:
        return ""
    sentences = [
        _("Of the trafficking events in Finland, %(count)s (%(percent)s) were forced labour.")
        % {"count": figure(forced.count), "percent": percent_text(forced.share)}
    ]
    common = [row.in_text for row in review.top(sectors, TOP_SECTORS, exclude=(UNKNOWN,))]
    if len(common) == 1:
        sentences.append(_("The most common sector was %(items)s.") % {"items": common[0]})
    elif common:
        sentences.append(_("The most common sectors were %(items)s.") % {"items": join_items(common)})
    if review.before is not None:
        sentences.append(
            _("In %(year)s, the number of forced labour cases in Finland was %(count)s.")
            % {"year": review.previous_year, "count": figure(forced.previous)}
        )
    return " ".join(sentences)


def finland_nationalities_sentence(review: ReviewBuilder, nationalities: Table) -> str:
    sentences = []
    common = review.top(nationalities, 1, exclude=(OTHER, STATELESS, UNKNOWN_COUNTRY, FINLAND))
    if common:
        sentences.append(
            _("The most common nationality of those exploited in Finland was %(country)s (%(count)s, %(percent)s).")
            % {
                "country": common[0].in_text,
                "count": figure(common[0].count),
                "percent": percent_text(common[0].share),
            }
        )
    finns = review.row_of(nationalities, FINLAND)
    if finns is not None and finns.count:
        sentences.append(
            _("Finnish citizens numbered %(count)s (%(percent)s).")
            % {"count": figure(finns.count), "percent": percent_text(finns.share)}
        )
    return " ".join(sentences)


def residence_sentences(review: ReviewBuilder, residence: Table) -> str:
    victims = review.value(lambda s: s["exploited_in_finland"]["victims"])
    if not victims:
        return ""
    permitted = review.value(lambda s: s["exploited_in_finland"]["with_residence_permit"])
    sentences = [
        _(
            "Of those exploited in Finland, %(percent)s were lawfully in the country with a residence permit "
            "(%(count)s)."
        )
        % {"percent": percent_text(percent(permitted, victims)), "count": figure(permitted)}
    ]
    others = set(review.code_labels("residence_status")) - set(WITH_RESIDENCE_PERMIT)
    permits = [f"{row.in_text} ({figure(row.count)})" for row in review.top(residence, TOP_PERMITS, exclude=others)]
    if len(permits) == 1:
        sentences.append(_("The most common permit was %(items)s.") % {"items": permits[0]})
    elif permits:
        sentences.append(_("The most common permits were %(items)s.") % {"items": join_items(permits)})
    applicants = review.row_of(residence, PROTECTION_APPLICANT)
    if applicants is not None and applicants.count:
        sentences.append(
            _(
                "Applicants for international protection numbered %(count)s, that is %(percent)s of all "
                "victims exploited in Finland."
            )
            % {"count": figure(applicants.count), "percent": percent_text(applicants.share)}
        )
    unlawful = review.row_of(residence, NO_LEGAL_RESIDENCE)
    if unlawful is not None and unlawful.count:
        sentences.append(
            _("The number of victims staying in the country without a legal right of residence was %(count)s.")
            % {"count": figure(unlawful.count)}
        )
    return " ".join(sentences)
