"""Reading international reporting's data: the CTDC datasets imported, and Finland beside their global and
European rows (the same dimensions: form of exploitation, sex, age group, citizenship region)."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from torju.international.ctdc_import import AGES, FORMS, REGIONS, SEXES, country_regions
from torju.international.models import CtdcDataset
from torju.international.population import victims
from torju.statistics.schema import FEMALE, FIRST_YEAR, MALE
from torju.statistics.selectors import current_year

DIMENSIONS: dict[str, tuple[str, ...]] = {"form": FORMS, "sex": SEXES, "age": AGES, "region": REGIONS}
FORM_CODES = {"sexual": {"sexual_exploitation"}, "labour": {"forced_labour"}}


def datasets() -> QuerySet[CtdcDataset]:
    return CtdcDataset.objects.select_related("imported_by").order_by("-imported_at")


def latest_dataset() -> CtdcDataset | None:
    return datasets().first()


def finland_counts(first: int, last: int) -> dict[str, Any]:
    """Finland's new clients of `first`..`last` (years that have ended, from 2006) counted as the CTDC rows are."""
    first, last = max(first, FIRST_YEAR), min(last, current_year() - 1)
    counted = [victim for victim in victims(first, last) if victim.status == "identified"] if first <= last else []
    regions = country_regions()
    form: Counter[str] = Counter()
    sex: Counter[str] = Counter()
    age: Counter[str] = Counter()
    region: Counter[str] = Counter()
    for victim in counted:
        forms = set(victim.forms)
        flags = {key for key, codes in FORM_CODES.items() if forms & codes}
        if forms - FORM_CODES["sexual"] - FORM_CODES["labour"]:
            flags.add("other")
        form.update(flags or {"unknown"})
        sex[{FEMALE: "Female", MALE: "Male"}.get(victim.sex, "unknown")] += 1
        age["unknown" if victim.age is None else ("minor" if victim.age < 18 else "adult")] += 1
        region[regions.get(victim.nationality, "unknown")] += 1
    return {
        "rows": len(counted),
        "first": first,
        "last": last,
        "form": {key: form[key] for key in FORMS},
        "sex": {key: sex[key] for key in SEXES},
        "age": {key: age[key] for key in AGES},
        "region": {key: region[key] for key in REGIONS},
    }


@dataclass(frozen=True)
class ShareRow:
    dimension: str
    category: str
    finland: float | None
    europe: float | None
    world: float | None


def _share(counts: dict[str, Any], dimension: str, category: str) -> float | None:
    rows = counts.get("rows", 0)
    return round(100 * counts[dimension].get(category, 0) / rows, 1) if rows else None


def comparison(dataset: CtdcDataset) -> tuple[dict[str, Any], list[ShareRow]]:
    """Finland's counts over the dataset's years, and the shares (%) of Finland, Europe and the world side by side."""
    finland = finland_counts(dataset.first_year, dataset.last_year)
    europe, world = dataset.summary.get("europe", {}), dataset.summary.get("global", {})
    rows = [
        ShareRow(
            dimension,
            category,
            _share(finland, dimension, category),
            _share(europe, dimension, category) if europe else None,
            _share(world, dimension, category) if world else None,
        )
        for dimension, categories in DIMENSIONS.items()
        for category in categories
    ]
    return finland, rows
