"""Counts as people read them: grouped by thousands in the active language (issue 16).

"1 634" with a no-break space in Finnish and Swedish, "1,634" in English
(Django's locale formats). Only counts: years, identifiers, case numbers and
codes are never grouped, so the setting USE_THOUSAND_SEPARATOR stays off and
templates and code group a count where they show one (`count_text`, the
template filter `count` of torju.web's `torju_numbers` library).
"""

from django.utils.formats import number_format


def count_text(value: int | None) -> str:
    """A count grouped by thousands in the active language; "" for None."""
    if value is None:
        return ""
    return str(number_format(value, force_grouping=True))
