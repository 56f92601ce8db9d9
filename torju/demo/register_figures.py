"""The figures of the published 2025 statistics review that the demo register reproduces, and the
distributions it draws the rest from (torju.demo.register_rows builds the register from them)."""

from datetime import date
from typing import TypeVar

T = TypeVar("T")
REFERENCE_DATE = date(2026, 11, 20)  # the latest date in the register
SEED = 2025
FIRST_YEAR = 2006  # the assistance system began in 2006
YEAR, PREVIOUS_YEAR, NEXT_YEAR = 2025, 2024, 2026  # the review's year, the one it compares with, the one in progress
YEAR_END = date(YEAR, 12, 31)
ADULT = 18
POSITIVE, NEGATIVE, WITHDRAWN, LAPSED = "positive", "negative", "withdrawn", "lapsed"
FINLAND = "FI"
FORCED_LABOUR = "forced_labour"
NO_LEGAL_RESIDENCE = "no_legal_residence"
WELLBEING_COUNTY = "wellbeing_services_county"
WELLBEING_COUNTIES_SINCE = 2023  # the wellbeing services counties began their work in 2023
EU = frozenset({"RO", "BG", "EE", "PL"})
# History: (year, new clients, of them still clients at the end of 2024).
HISTORY = (
    (2006, 10, 1),
    (2007, 14, 1),
    (2008, 16, 2),
    (2009, 20, 3),
    (2010, 26, 5),
    (2011, 30, 7),
    (2012, 40, 10),
    (2013, 48, 14),
    (2014, 60, 20),
    (2015, 80, 30),
    (2016, 150, 70),
    (2017, 170, 85),
    (2018, 185, 100),
    (2019, 195, 115),
    (2020, 170, 110),
    (2021, 200, 140),
    (2022, 235, 170),
    (2023, 326, 255),  # Annex 1 of the action plan (torju.demo.register_annex)
    (2024, 207, 193),
)
HISTORY_ENDED_IN_YEAR = 129  # of those still clients at the end of 2024, ended in 2025
NEW_CLIENTS_ENDED_IN_YEAR = 40  # of the new clients of 2025, ended in 2025
ENDING_NEXT_YEAR = (120, 30)  # ended in 2026: of the history's clients, of 2025's new clients
# The year's applications, by when they were received and decided.
RECEIVED_BEFORE_DECIDED_IN_YEAR = {POSITIVE: 30, NEGATIVE: 15, WITHDRAWN: 2}
RECEIVED_AND_DECIDED_IN_YEAR = {NEGATIVE: 139, WITHDRAWN: 14, LAPSED: 6}  # and 271 - 30 positive
RECEIVED_IN_YEAR_DECIDED_NEXT = {POSITIVE: 40, NEGATIVE: 20, WITHDRAWN: 2, LAPSED: 1}
RECEIVED_IN_YEAR_PENDING = 4
RECEIVED_AND_DECIDED_NEXT_YEAR = {POSITIVE: 160, NEGATIVE: 95, WITHDRAWN: 7, LAPSED: 3}
RECEIVED_NEXT_YEAR_PENDING = 45
NEXT_YEAR_APPLYING_AGAIN = 6  # of 2026's new clients, refused in 2025
SOURCES_IN_YEAR = {
    "migri_or_reception_centre": 234,  # "Hakemuksista puolet tuli Maahanmuuttovirastosta ja vastaanottokeskuksista."
    "self": 93,  # "Joka viides hakemus oli uhrin itsensä tekemä."
    WELLBEING_COUNTY: 37,
    "police": 30,
    "ngo": 28,
    "legal_counsel": 15,
    "labour_protection": 12,
    "border_guard": 10,
    "other_authority": 5,
    "other": 3,
}
NEGATIVE_REASONS_IN_YEAR = {"no_need_for_assistance": 75, "not_trafficking": 62, "other": 17}
END_REASONS_IN_YEAR = {
    "no_longer_needs_assistance": 98,
    "left_country_or_disappeared": 61,
    "own_request": 7,
    "other": 3,
}
REFLECTION_PERIODS_IN_YEAR = 35
# The new clients of 2025: 141 exploited in Finland, 130 only abroad.
NATIONALITIES_IN_FINLAND = {
    "NP": 59, "FI": 17, "TH": 12, "VN": 6, "UA": 6, "IN": 5, "PH": 4, "NG": 3, "RU": 3, "CN": 3, "SO": 2, "IQ": 2,
    "AF": 1, "RO": 1, "BG": 1, "EE": 1, "MA": 1, "GH": 1, "KE": 1, "CM": 1, "UZ": 1, "BD": 1, "LK": 1, "PK": 1,
    "SY": 1, "TR": 1, "ER": 1, "ET": 1, "MN": 1, "KG": 1, "ID": 1,
}  # fmt: skip
NATIONALITIES_ABROAD = {
    "SO": 28, "NG": 8, "IQ": 7, "AF": 7, "VN": 6, "PH": 4, "UA": 4, "RU": 4, "CN": 4, "TH": 2, "IN": 2, "NP": 1,
    "FI": 1, "BD": 3, "SY": 3, "ER": 3, "RO": 2, "MA": 2, "CM": 2, "PK": 2, "ET": 2, "IR": 3, "BG": 1, "GH": 1,
    "KE": 1, "UZ": 1, "LK": 1, "TR": 1, "ID": 1, "SD": 2, "CD": 2, "MM": 2, "UG": 1, "ZW": 1, "SN": 1, "KH": 1,
    "AL": 1, "GE": 1, "AM": 1, "AZ": 1, "BY": 1, "MD": 1, "CO": 1, "BR": 1, "VE": 1, "DO": 1, "PL": 1, "XX": 1,
    "ZZ": 1,
}  # fmt: skip
SEXES_IN_FINLAND = {"M": 86, "F": 55}
SEXES_ABROAD = {"F": 110, "M": 20}
AGE_BANDS_IN_YEAR = {(18, 29): 114, (30, 39): 95, (40, 49): 41, (50, 59): 8, (60, 68): 3}  # and 10 minors, abroad
MINORS_IN_YEAR = 10
# Residence statuses of those exploited in Finland other than Finnish and EU citizens and Ukrainians under
# temporary protection ("kausityölupa (50 henkilöä), työntekoon oikeuttava lupa (21) tai perhesidelupa (13)").
STATUSES_IN_FINLAND = {
    "seasonal_work_permit": 50, "work_permit": 21, "family_ties_permit": 13, "student_permit": 5, "other_permit": 7,
    "international_protection_applicant": 9, NO_LEGAL_RESIDENCE: 14,
}  # fmt: skip
TEMPORARY_PROTECTION_IN_FINLAND = 2
STATUSES_ABROAD = {
    "international_protection_applicant": 78, "temporary_protection": 6, NO_LEGAL_RESIDENCE: 8, "unknown": 6,
    "family_ties_permit": 8, "other_permit": 5, "work_permit": 5, "seasonal_work_permit": 5,
}  # fmt: skip
# Events in Finland: the men's one each, the women's 63 (eight women with two).
FORMS_IN_FINLAND_MEN = {FORCED_LABOUR: 80, "forced_criminality": 5, "forced_begging": 1}
FORMS_IN_FINLAND_WOMEN = {
    FORCED_LABOUR: 21, "sexual_exploitation": 25, "forced_marriage": 8, "forced_criminality": 4, "forced_begging": 2,
    "other": 3,
}  # fmt: skip
WOMEN_WITH_TWO_EVENTS_IN_FINLAND = 8
SECTORS_IN_FINLAND = {
    "forestry_and_logging": 22, "restaurants": 20, "agriculture_and_horticulture": 16, "construction": 12,
    "berry_farms": 9, "cleaning": 7, "wild_products_picking": 4, "wellness_and_beauty": 3, "domestic_work": 3,
    "transport_and_logistics": 2, "manufacturing": 1, "other": 1, "": 1,
}  # fmt: skip
# Events abroad: the men's one each; the women's and 15 second events of those exploited in Finland.
FORMS_ABROAD_MEN = {FORCED_LABOUR: 14, "forced_criminality": 3, "organ_removal": 1, "other": 2}
FORMS_ABROAD_OTHERS = {
    FORCED_LABOUR: 6, "sexual_exploitation": 75, "forced_marriage": 35, "forced_criminality": 9,
    "forced_begging": 8, "surrogacy": 2, "illegal_adoption": 1, "other": 9,
}  # fmt: skip
WOMEN_WITH_TWO_EVENTS_ABROAD = 20
IN_FINLAND_ALSO_ABROAD = 15
# The year-end stock of 2025.
WOMEN_AT_YEAR_END = 869  # "Noin 61 % ihmiskaupan uhreista oli naisia." (of 1 424)
ENTERED_AS_MINORS = 85
UNDER_18_AT_YEAR_END = 10
CHILDREN_JOINED = {"open at year end": 30, "left in the year": 2}  # joined in 2025
# When they joined (year: how many): open at the end of 2025; left in 2025 (so clients at the end of 2024: 180 +
# 99 = 279, "heidän alaikäisiä lapsiaan 279"); left before. 2023: 36 joined, 2024: 23 (Annex 1).
CHILDREN_OPEN_BY_YEAR = {2016: 12, 2017: 15, 2018: 17, 2019: 20, 2020: 22, 2021: 23, 2022: 25, 2023: 26, 2024: 20}
CHILDREN_LEFT_IN_YEAR_BY_YEAR = {**{year: 8 for year in range(2012, 2023)}, 2023: 8, 2024: 3}
CHILDREN_LEFT_BEFORE_BY_YEAR = {2010: 3, 2011: 3, 2012: 3, **{year: 4 for year in range(2013, 2023)}, 2023: 2}
CHILDREN_JOINING_NEXT_YEAR = 20
# Random draws for what the review does not state.
SEX_WEIGHTS = {"F": 55, "M": 44, "X": 1}
NATIONALITY_WEIGHTS = {
    "NP": 24, "SO": 18, "FI": 14, "NG": 12, "IQ": 10, "AF": 10, "TH": 10, "VN": 8, "UA": 8, "RU": 6, "CN": 6,
    "PH": 6, "IN": 6, "BD": 4, "ER": 4, "SY": 4, "TR": 4, "MA": 4, "GH": 2, "CM": 2, "KE": 2, "RO": 2, "BG": 2,
    "EE": 2, "IR": 2, "PK": 2, "ET": 2, "UZ": 1, "LK": 1, "MN": 1, "KG": 1, "ID": 1, "SD": 1, "CD": 1, "UG": 1,
    "ZW": 1, "SN": 1, "MM": 1, "KH": 1, "AL": 1, "GE": 1, "AM": 1, "AZ": 1, "BY": 1, "MD": 1, "CO": 1, "BR": 1,
    "VE": 1, "DO": 1, "PL": 1, "XX": 2, "ZZ": 2,
}  # fmt: skip
OFFICE_WEIGHTS = {"HEL": 50, "TRE": 25, "LPR": 25}
SOURCE_WEIGHTS = {
    "migri_or_reception_centre": 52, "self": 20, WELLBEING_COUNTY: 4, "police": 7, "ngo": 6, "legal_counsel": 4,
    "labour_protection": 3, "border_guard": 2, "other_authority": 1, "other": 1,
}  # fmt: skip
STATUS_WEIGHTS = {
    "international_protection_applicant": 32, "seasonal_work_permit": 12, "work_permit": 10,
    "family_ties_permit": 7, NO_LEGAL_RESIDENCE: 8, "finnish_citizen": 6, "eu_citizen": 5,
    "temporary_protection": 5, "student_permit": 3, "other_permit": 4, "unknown": 4,
}  # fmt: skip
FORM_WEIGHTS = {
    FORCED_LABOUR: 45, "sexual_exploitation": 28, "forced_marriage": 10, "forced_criminality": 8,
    "forced_begging": 3, "surrogacy": 1, "illegal_adoption": 1, "organ_removal": 1, "other": 3,
}  # fmt: skip
SECTOR_WEIGHTS = {
    "forestry_and_logging": 12, "restaurants": 14, "agriculture_and_horticulture": 12, "berry_farms": 10,
    "construction": 10, "cleaning": 7, "wild_products_picking": 5, "wellness_and_beauty": 4, "domestic_work": 3,
    "transport_and_logistics": 2, "manufacturing": 1, "other": 2, "": 10,
}  # fmt: skip
NEGATIVE_REASON_WEIGHTS = {"no_need_for_assistance": 48, "not_trafficking": 40, "other": 12}
END_REASON_WEIGHTS = {"no_longer_needs_assistance": 58, "left_country_or_disappeared": 34, "own_request": 5, "other": 3}
SERVICE_WEIGHTS = {
    "counselling": 30, "social_services": 14, "health_services": 16, "reception_allowance": 8,
    "social_assistance": 8, "safe_accommodation": 6, "interpretation": 10, "legal_advice": 5, "crisis_support": 3,
}  # fmt: skip
ABROAD_FOR_FINNS = ("SE", "ES", "DE", "EE")
NEGATIVE_PER_POSITIVE, WITHDRAWN_PER_POSITIVE, LAPSED_PER_POSITIVE = 0.55, 0.04, 0.02
MINOR_SHARE, UNKNOWN_BIRTH_SHARE = 0.04, 0.02
APPLYING_AGAIN_SHARE = 0.06  # of the history's new clients who are no longer clients: refused once before
NEXT_YEAR_NEW_CLIENTS_ENDED = 10
CHILDREN_LEAVING_NEXT_YEAR = 10
SEX_OTHER_AT_YEAR_END = 8  # of the history's clients at the end of 2025, sex X
CHILD_PARENT_MIN_AGE = 16
ADULTS_BY_YEAR_END_IF_TAKEN_IN_BEFORE = 2022  # a minor (15-17) taken in before 2022 is an adult at the end of 2025
