"""The legal path's sections on the register's case page: `{% legal_path_sections application abilities %}`.

A template tag, so that the register's case page shows the legal path
without the register importing this app.
"""

from typing import Any

from django import template

from torju.accounts.models import Role
from torju.legalpath.selectors import legal_path_of

register = template.Library()


@register.inclusion_tag("legalpath/_case_sections.html", takes_context=True)
def legal_path_sections(context: template.Context, application: Any, abilities: Any) -> dict[str, Any]:
    return {
        "application": application,
        "can_record": bool(getattr(abilities, "can_work", False)),
        "legal": legal_path_of(application),
        "request": context.get("request"),
    }


@register.inclusion_tag("legalpath/_work_list_link.html", takes_context=True)
def legal_path_work_lists(context: template.Context) -> dict[str, Any]:
    """The legal path's work lists among the register's (its home page); likely duplicates for decision makers."""
    return {"decides": Role.DECISION_MAKER in (context.get("user_roles") or ())}


@register.inclusion_tag("legalpath/_auditor_card.html")
def legal_path_auditor_card() -> dict[str, Any]:
    """The register of disclosures on the auditor's front page."""
    return {}
