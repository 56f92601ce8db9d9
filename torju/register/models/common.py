"""What the register's models share: sizes, the codes rules depend on, and the constraints' building blocks."""

from django.core.validators import RegexValidator
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from torju.documents.tabular import FORMULA_STARTS
from torju.register import lookups  # noqa: F401  (registers the lookup capital_letters)

IDENTIFIER_MAX_LENGTH = 64
CODE_MAX_LENGTH = 80  # as torju.codes.models.Code.code
HASH_LENGTH = 64  # hex SHA-256
POSITIVE, NEGATIVE = "positive", "negative"  # codes of the list `decision` that rules depend on
FORCED_LABOUR = "forced_labour"  # the exploitation form that has a sector
MIN_REFLECTION_MONTHS, MAX_REFLECTION_MONTHS = 1, 6
ADULT_AGE = 18  # a child of a victim is a client as a minor: under 18 when joining

languages_validator = RegexValidator(
    r"^([a-z]{2}(,[a-z]{2})*)?$", _("Give ISO 639-1 language codes separated by commas, e.g. fi,en.")
)


def is_safe_identifier(field: str) -> Q:
    """Not empty, and not starting like a spreadsheet formula.

    The exchange format is exact, so exported identifiers cannot be escaped
    with an apostrophe as other CSV exports are; instead no identifier may
    start with a character that would make a spreadsheet run the cell.
    """
    return ~Q(**{field: ""}) & ~Q(In(Substr(field, 1, 1), list(FORMULA_STARTS)))


def is_country_code_format(field: str) -> Q:
    """Two capital letters (which two is checked against torju.register.countries on the way in)."""
    return Q(**{f"{field}__capital_letters": 2})


def not_before(later: str, earlier: str) -> Q:
    """`later` >= `earlier`; a missing date passes, in SQL and in Django's validation alike."""
    return Q(**{f"{later}__gte": F(earlier)})
