"""The public API of the statistics (mounted at /api/public/releases/): published releases only, no sign-in.

The same data as the public pages' JSON download: each release with its
licence (CC BY 4.0) and the public figures it was built from. Nothing live
from the register, no proposal, no year that has not ended.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.accounts.permissions import PUBLIC
from torju.statistics.models import Release, ReleaseStatus
from torju.statistics.public_views import release_data


class ReleaseSerializer(serializers.Serializer[Any]):
    """A published release, as open data under CC BY 4.0."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["annual_review", "situational_picture"])
    title = serializers.DictField(child=serializers.CharField(), help_text="fi, sv and en.")
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    publisher = serializers.CharField()
    corrects = serializers.IntegerField(allow_null=True, help_text="The release this one corrects, if any.")
    correction_note = serializers.CharField(allow_blank=True)
    changes = serializers.ListField(child=serializers.DictField(), help_text="The figures that changed.")
    licence = serializers.CharField()
    licence_url = serializers.URLField()
    figures = serializers.DictField(help_text="The public figures the release was built from.")

    def to_representation(self, instance: Release) -> dict[str, Any]:
        return release_data(instance)


class PublicReleaseList(generics.ListAPIView[Release]):
    """The published releases, newest first (paginated)."""

    access_rule = PUBLIC
    authentication_classes: list[Any] = []
    serializer_class = ReleaseSerializer
    pagination_class = PageNumberPagination

    def get_queryset(self) -> QuerySet[Release]:
        return Release.objects.filter(status=ReleaseStatus.PUBLISHED).order_by("-last_year", "-approved_at")


class PublicRelease(APIView):
    """One published release (404 for anything else)."""

    access_rule = PUBLIC
    authentication_classes: list[Any] = []

    @extend_schema(responses=ReleaseSerializer)
    def get(self, request: Request, pk: int) -> Response:
        found = Release.objects.filter(pk=pk, status=ReleaseStatus.PUBLISHED).first()
        if found is None:
            raise exceptions.NotFound
        return Response(release_data(found))
