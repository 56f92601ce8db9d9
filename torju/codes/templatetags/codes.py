"""Showing a code of a code list as its label in the user's language."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def code_label(labels: dict[str, str], code: str) -> SafeString:
    """The code's label with the code after it, marked as a code (for pages where codes are typed, e.g. imports);
    the code alone when the list does not know it or its label is the code itself."""
    name = labels.get(code, code)
    if name == code:
        return format_html("{}", code)
    return format_html('{} <code class="code">{}</code>', name, code)
