"""What the walk over every page reads: the pages each identity may open, and what a page shows in words.

The pages are the permission matrix's (tests/web/test_permission_matrix.py): every URL pattern of every
app, once, on the sample objects made for the identity, kept where the identity gets a 200 to a GET.
The checks (issue 16, "Labels everywhere") look at the visible text: a raw model name (`register.person`),
an English msgid of the catalogs shown untranslated on a Finnish or Swedish page, a code of a code list
shown where its label exists.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

from tests.matrix import Samples
from tests.web.test_permission_matrix import all_endpoints, expectation_for, path_of
from torju.codes.models import Code

LANGUAGES = ["fi", "sv", "en"]
# Attributes that a user reads (or hears): their text is visible text.
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript"})
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
# The languages' names in their own languages, as the language choices show them (an English reader's "English").
ENDONYMS = frozenset({"suomi", "svenska", "English"})
NO_LANGUAGE = "zxx"
PLACEHOLDER = re.compile(r"%(\([^)]*\))?[sdif]|\{[^}]*\}")


@dataclass(frozen=True)
class Page:
    name: str  # the URL pattern's name
    path: str


def pages_for(identity: str, samples: Samples) -> Iterator[Page]:
    """One page per URL pattern that the identity opens with a GET and a 200 (the matrix's expectation)."""
    for endpoint in all_endpoints():
        expectation = expectation_for(endpoint)
        if expectation is None or expectation.method != "get" or expectation.data is not None:
            continue
        if expectation.statuses.get(identity) != 200:
            continue
        yield Page(endpoint.name, path_of(endpoint, expectation, samples))


@dataclass
class Text:
    """A piece of visible text and the language it is marked as (the nearest `lang` attribute)."""

    text: str
    language: str


@dataclass
class _VisibleText(HTMLParser):
    page_language: str = "fi"
    texts: list[Text] = field(default_factory=list)
    stack: list[tuple[str, str, bool]] = field(default_factory=list)  # tag, language, hidden

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _language(self) -> str:
        return self.stack[-1][1] if self.stack else self.page_language

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        # A <code> shows a code as a code (next to its label): "zxx", no linguistic content.
        language = NO_LANGUAGE if tag == "code" else (attributes.get("lang") or self._language()).split("-")[0]
        hidden = self._hidden() or tag in HIDDEN_ELEMENTS
        if not hidden:
            for name in READ_ATTRIBUTES:
                if attributes.get(name):
                    self._add(str(attributes[name]), language)
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self._add(str(attributes["value"]), language)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, language, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self._add(data, self._language())

    def _add(self, text: str, language: str) -> None:
        text = " ".join(text.split())
        if text:
            self.texts.append(Text(text, language))


def visible_text(html: str) -> list[Text]:
    """The text nodes outside scripts and styles, and the attributes read aloud, each with its language."""
    language = re.search(r"<html[^>]*\blang=\"([a-z]{2,3})", html)
    parser = _VisibleText(page_language=language.group(1) if language else "fi")
    parser.feed(html)
    parser.close()
    return parser.texts


@cache
def model_name_pattern() -> re.Pattern[str]:
    """`app_label.model_name` of every installed model, in any case ("Register.person 4269")."""
    names = sorted({f"{model._meta.app_label}\\.{model._meta.model_name}" for model in apps.get_models()})
    return re.compile(r"(?<![\w.])(?:" + "|".join(names) + r")(?![\w.])", re.IGNORECASE)


def _catalogs() -> Iterator[Path]:
    yield from Path(settings.BASE_DIR).glob("locale/*/LC_MESSAGES/django.po")
    yield from Path(settings.BASE_DIR).glob("torju/*/locale/*/LC_MESSAGES/django.po")


@cache
def translated_msgids(language: str) -> frozenset[str]:
    """The catalogs' English msgids whose translation into `language` differs from them (placeholders left out)."""
    msgids: set[str] = set()
    for path in _catalogs():
        if path.parent.parent.name != language:
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags or PLACEHOLDER.search(entry.msgid):
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [(entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
                pairs.append((entry.msgid, entry.msgstr_plural.get(0, "")))
            for msgid, msgstr in pairs:
                msgid = " ".join(msgid.split())
                if msgstr and " ".join(msgstr.split()) != msgid and not PLACEHOLDER.search(msgid):
                    msgids.add(msgid)
    # A msgid that is also a translation in this language (e.g. "Helsinki") is a word of the language too.
    for path in _catalogs():
        if path.parent.parent.name == language:
            msgids -= {" ".join(entry.msgstr.split()) for entry in polib.pofile(str(path))}
    return frozenset(msgids)


def code_labels(language: str) -> dict[str, str]:
    """Codes whose label in `language` differs from the code, with that label (one list's, for the message)."""
    labels: dict[str, str] = {}
    every_label = set()
    for code in Code.objects.all():
        label = getattr(code, f"label_{language}") or code.label_fi
        every_label.add(label)
        # A code of digits (a region's "17") reads as a count, a year or an id: not told apart from them.
        if label != code.code and not code.code.isdigit():
            labels.setdefault(code.code, f"{code.code_list}: {label}")
    # A code that is also some code's label (a place name, "chat") may be that label.
    return {code: label for code, label in labels.items() if code not in every_label}


def findings(html: str, language: str, codes: dict[str, str]) -> list[str]:
    """What the page shows that a reader should not see: model names, English msgids, codes."""
    found = []
    untranslated = translated_msgids(language) if language != "en" else frozenset()
    for text in visible_text(html):
        for match in model_name_pattern().finditer(text.text):
            found.append(f"model name {match.group(0)!r} in {text.text[:80]!r}")
        if text.language == language and text.text in untranslated and text.text not in ENDONYMS:
            found.append(f"untranslated {text.text!r}")
        if text.language != NO_LANGUAGE and text.text in codes:
            found.append(f"code {text.text!r} where its label exists ({codes[text.text]})")
    return found
