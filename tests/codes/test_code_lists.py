"""The code lists ship with the product and follow their data file."""

import csv
import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from torju.codes.models import Code
from torju.codes.selectors import choices, label
from torju.codes.services import CODES_FILE, PRODUCT_CODE_FILES, load_codes, read_all_codes, read_codes

pytestmark = pytest.mark.django_db
SPEC_COPY = CODES_FILE


def test_every_migrated_database_has_every_code() -> None:
    rows = read_all_codes()
    assert Code.objects.count() == len(rows) > len(read_codes()) > 60
    lists = {row["list"] for row in rows}
    assert lists >= {"sex", "office", "decision", "exploitation_form", "service", "residence_status"}
    assert lists >= {"contact_channel", "contact_type", "region", "screening_indicator"}  # the product's own


def test_a_list_is_defined_in_one_file_only(tmp_path: Path) -> None:
    twice = tmp_path / "product.csv"
    twice.write_text("list,code,fi,sv,en\nsex,Q,kysymys,fråga,question\n", encoding="utf-8")
    with pytest.raises(ValueError, match="the code list sex is defined in"):
        load_codes(product_files=(*PRODUCT_CODE_FILES, twice))
    assert not Code.objects.filter(code_list="sex", code="Q").exists()


def test_labels_in_three_languages() -> None:
    assert label("office", "LPR") == "Lappeenranta"
    with translation.override("sv"):
        assert label("office", "LPR") == "Villmanstrand"
        assert dict(choices("decision"))["negative"] == "negativt"
    with translation.override("en"):
        assert dict(choices("sex"))["F"] == "female"
    assert [code for code, _label in choices("sex")] == ["F", "M", "X"]


def test_loading_again_changes_nothing() -> None:
    before = list(Code.objects.order_by("pk").values())
    result = load_codes()
    assert (result.created, result.updated, result.deactivated) == (0, 0, 0)
    assert list(Code.objects.order_by("pk").values()) == before


def test_changed_file_is_applied_idempotently(tmp_path: Path) -> None:
    rows = read_codes()
    removed = rows.pop()
    rows[0]["sv"] = "kvinna (ändrad)"
    rows.append({"list": "office", "code": "OUL", "fi": "Oulu", "sv": "Uleåborg", "en": "Oulu"})
    changed = tmp_path / "codes.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["list", "code", "fi", "sv", "en"])
        writer.writeheader()
        writer.writerows(rows)
    total = Code.objects.count()
    for _run in range(2):
        call_command("load_codes", file=changed, stdout=io.StringIO())
    assert Code.objects.count() == total + 1
    assert Code.objects.get(code_list="sex", code="F").label_sv == "kvinna (ändrad)"
    assert Code.objects.get(code_list="office", code="OUL").active
    gone = Code.objects.get(code_list=removed["list"], code=removed["code"])
    assert not gone.active
    assert removed["code"] not in dict(choices(removed["list"]))


def test_malformed_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "codes.csv"
    broken.write_text("list,code,fi,sv,en\nsex,F,nainen,kvinna,female\nsex,F,nainen,kvinna,female\n", encoding="utf-8")
    with pytest.raises(ValueError, match="appears twice"):
        load_codes(path=broken)
    assert Code.objects.get(code_list="sex", code="F").label_fi == "nainen"


def test_migrate_refreshes_changed_labels_idempotently() -> None:
    """A database whose labels differ from the file (an older file loaded it) is brought in line by `migrate`."""
    Code.objects.filter(code_list="office", code="LPR").update(label_sv="Lappeenranta (gammal)", position=99)
    Code.objects.filter(code_list="sex", code="X").delete()
    Code.objects.create(code_list="office", code="ZZZ", label_fi="Poistunut", label_sv="Borta", label_en="Gone")
    call_command("migrate", verbosity=0)
    office = Code.objects.get(code_list="office", code="LPR")
    assert (office.label_sv, office.position) == ("Villmanstrand", 3)
    assert Code.objects.get(code_list="sex", code="X").label_fi
    assert not Code.objects.get(code_list="office", code="ZZZ").active
    after_first = list(Code.objects.order_by("pk").values())
    call_command("migrate", verbosity=0)
    assert list(Code.objects.order_by("pk").values()) == after_first


# The SHA-256 of spec/codes.csv as it was copied into the product. The suite runs wherever the repository is
# cloned, without the shared spec beside it, so the copy is checked against the recorded digest: a change of
# the copy fails here until the digest is updated with it, deliberately, from a new version of the spec.
SPEC_SHA256 = "e356af794e66a56de523c699a68d85a1a8d5c78d0f5e1446b2d5cb6dafaae5b0"


def test_product_copy_is_the_recorded_spec() -> None:
    assert hashlib.sha256(SPEC_COPY.read_bytes()).hexdigest() == SPEC_SHA256, (
        f"{SPEC_COPY} is not the spec/codes.csv recorded here"
    )
