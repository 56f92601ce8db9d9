"""Reading the code lists."""

from django.db.models import QuerySet
from django.utils.translation import get_language

from torju.codes.models import Code


def codes_of(code_list: str, *, include_inactive: bool = False) -> QuerySet[Code]:
    codes = Code.objects.filter(code_list=code_list)
    if not include_inactive:
        codes = codes.filter(active=True)
    return codes.order_by("position")


def choices(code_list: str) -> list[tuple[str, str]]:
    """(code, label in the active language) pairs for a form field."""
    return [(code.code, code.label) for code in codes_of(code_list)]


def labels(code_list: str) -> dict[str, str]:
    """Every code of the list (dropped ones too: old records refer to them) with its label in the active language."""
    return {code.code: code.label for code in codes_of(code_list, include_inactive=True)}


def label(code_list: str, code: str) -> str:
    found = Code.objects.filter(code_list=code_list, code=code).first()
    return found.label if found is not None else code


def labels_of_every_list() -> dict[tuple[str, str], str]:
    """Every code of every list, dropped ones too, with its label in the active language: one query of plain rows.

    A page that shows many codes reads them at once; plain rows rather than
    Code instances, as building a model per code was a third of a case page's time.
    """
    language = (get_language() or "fi")[:2]
    column = f"label_{language}" if language in ("fi", "sv", "en") else "label_fi"
    return {
        (code_list, code): label or label_fi
        for code_list, code, label, label_fi in Code.objects.values_list("code_list", "code", column, "label_fi")
    }
