"""Reading the code lists."""

from django.db.models import QuerySet

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
