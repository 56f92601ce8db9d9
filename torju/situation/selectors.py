"""Reading the criminal-justice figures and the situational pictures."""

from django.db.models import Count, QuerySet

from torju.situation.models import DimensionMapping, JusticeFigure, SituationalPicture


def figures() -> QuerySet[JusticeFigure]:
    """Every figure, newest year first, with how many times it was revised."""
    return JusticeFigure.objects.annotate(revision_count=Count("revisions")).order_by(
        "-year", "stage", "offence", "court"
    )


def mappings() -> QuerySet[DimensionMapping]:
    return DimensionMapping.objects.order_by("name")


def pictures() -> QuerySet[SituationalPicture]:
    return SituationalPicture.objects.select_related("created_by", "proposed_by", "release").order_by("-created_at")
