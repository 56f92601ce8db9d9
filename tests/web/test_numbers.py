"""Counts grouped by thousands in the reader's language; years and identifiers never (issue 16)."""

from django.template import Context, Template
from django.utils import translation

from torju.numbers import count_text
from torju.statistics.review.model import Row, figure


def test_a_count_is_grouped_as_each_language_writes_it() -> None:
    expected = {"fi": "1\xa0634", "sv": "1\xa0634", "en": "1,634"}
    for language, text in expected.items():
        with translation.override(language):
            assert count_text(1634) == text
            assert count_text(634) == "634"
            assert count_text(None) == ""
            assert figure(1634) == text
            assert figure(None) == ".."
    with translation.override("fi"):
        assert count_text(1_234_567) == "1\xa0234\xa0567"
        assert Row(key="k", label="l", count=3000, previous=1000).change_text == "+2\xa0000"


def test_the_template_filter_groups_counts_and_leaves_years_alone() -> None:
    template = Template("{% load torju_numbers %}{{ year }}: {{ total|count }}")
    with translation.override("sv"):
        assert template.render(Context({"year": 2025, "total": 12500})) == "2025: 12\xa0500"
    with translation.override("en"):
        assert template.render(Context({"year": 2025, "total": 12500})) == "2025: 12,500"
