"""The register's background jobs over the REST API: imports (the register's coordinator) and extracts (analysts).

The same services, rules and audit trail as the pages (views/jobs.py): an
import uploads the files and queues them, an extract queues a document job;
both answer 202 with the job, which the caller polls.
A job is its starter's own: to anybody else it is "not found". An extract's
file downloads from the documents app (`download`), as from the pages, and
every download is an export in the audit trail.
"""

from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.accounts.models import User
from torju.documents.jobs import LANGUAGES
from torju.documents.models import DocumentJob, JobStatus
from torju.documents.tasks import start_document_job
from torju.register import selectors
from torju.register.api.common import actor_of
from torju.register.document_jobs import REGISTER_EXTRACT, ZIP
from torju.register.exchange import ExtractOptions
from torju.register.exchange.extract import PURPOSE_MAX_LENGTH, SERIES_MAX_LENGTH
from torju.register.forms_import import RegisterImportForm
from torju.register.models import RegisterImportJob, RegisterImportProblem
from torju.register.permissions import EXTRACT_REGISTER, IMPORT_REGISTER
from torju.register.tasks import start_register_import

JOB_NOT_FOUND = OpenApiResponse(description="No such job, or not one the caller started.")


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


# Imports.


class ImportJobSerializer(serializers.ModelSerializer[RegisterImportJob]):
    per_cent = serializers.IntegerField(read_only=True, help_text="Bytes read of all, while running (PostgreSQL).")
    files = serializers.CharField(source="file_names", read_only=True)

    class Meta:
        model = RegisterImportJob
        fields = [
            "id",
            "files",
            "update",
            "status",
            "stage",
            "done",
            "total",
            "per_cent",
            "created",
            "updated",
            "problem_count",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportProblemSerializer(serializers.ModelSerializer[RegisterImportProblem]):
    class Meta:
        model = RegisterImportProblem
        fields = ["position", "file", "line", "column", "value", "reason"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer[Any]):
    """multipart/form-data: the files in `register_files` (repeat the field for several CSV files)."""

    register_files = serializers.ListField(
        child=serializers.FileField(),
        help_text="A .zip of the register folder, or its CSV files (persons.csv and applications.csv at least).",
    )
    update = serializers.BooleanField(  # type: ignore[assignment]  # a field, not Serializer.update
        required=False, default=False, help_text="Replace rows whose identifiers are in the register already."
    )


class ImportListView(APIView):
    """Imports of register files in the exchange format: all or nothing, in the background."""

    access_rule = IMPORT_REGISTER
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(responses=ImportJobSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The caller's imports, newest first."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.import_jobs_of(_user(request)), request, view=self)
        return paginator.get_paginated_response(ImportJobSerializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={202: ImportJobSerializer})
    def post(self, request: Request) -> Response:
        """Upload the files and queue their import; poll the job (`imports/{id}/`) for its outcome."""
        form = RegisterImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError(
                {field: [str(error) for error in errors] for field, errors in form.errors.items()}
            )
        job = start_register_import(
            actor=actor_of(request),
            files=form.cleaned_data["register_files"],
            update=form.cleaned_data["update"],
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportDetailView(APIView):
    access_rule = IMPORT_REGISTER

    @extend_schema(responses={200: ImportJobSerializer, 404: JOB_NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """The import's status and progress; the rows created and updated, or how many errors the files have."""
        return Response(ImportJobSerializer(get_object_or_404(selectors.import_jobs_of(_user(request)), pk=pk)).data)


class ImportProblemListView(APIView):
    access_rule = IMPORT_REGISTER
    pagination_class = PageNumberPagination

    @extend_schema(responses={200: ImportProblemSerializer(many=True), 404: JOB_NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """Every error of a refused import (file, line, column, value, reason), in order, a page at a time."""
        job = get_object_or_404(selectors.import_jobs_of(_user(request)), pk=pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(job.problems.all(), request, view=self)
        return paginator.get_paginated_response(ImportProblemSerializer(page, many=True).data)


# Extracts.


class ExtractJobSerializer(serializers.ModelSerializer[DocumentJob]):
    download = serializers.SerializerMethodField(help_text="Where the .zip downloads once the job is ready.")

    class Meta:
        model = DocumentJob
        fields = ["id", "status", "created_at", "started_at", "finished_at", "file_name", "size", "download"]
        read_only_fields = fields

    def get_download(self, job: DocumentJob) -> str | None:
        return reverse("documents:download", args=[job.pk]) if job.status == JobStatus.SUCCEEDED else None


class ExtractRequestSerializer(serializers.Serializer[Any]):
    """What the analyst asks of an extract; everything may be left out."""

    series = serializers.CharField(
        max_length=SERIES_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="A name of the analyst's own: the same pseudonyms in every extract of the series.",
    )
    exact_birth_dates = serializers.BooleanField(required=False, default=False)
    purpose = serializers.CharField(
        max_length=PURPOSE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required with exact_birth_dates: what they are needed for.",
    )


def _extract_jobs(request: Request) -> Any:
    return DocumentJob.objects.filter(requested_by=_user(request), kind=REGISTER_EXTRACT.name)


class ExtractListView(APIView):
    """The pseudonymous register extract (the exchange format, no direct identifiers), prepared in the background."""

    access_rule = EXTRACT_REGISTER
    pagination_class = PageNumberPagination

    @extend_schema(responses=ExtractJobSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The caller's extracts, newest first (files are kept for a week)."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(_extract_jobs(request), request, view=self)
        return paginator.get_paginated_response(ExtractJobSerializer(page, many=True).data)

    @extend_schema(request=ExtractRequestSerializer, responses={202: ExtractJobSerializer})
    def post(self, request: Request) -> Response:
        """Queue an extract of the register as it is now; poll `extracts/{id}/` for the download.

        Identifiers are pseudonyms of this extract (or of the named `series`); dates of birth are months
        unless `exact_birth_dates` with a `purpose` (flagged for the auditor).
        """
        given = ExtractRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        options = ExtractOptions.checked(**given.validated_data)
        language = translation.get_language()  # of the job's page only: the format is the same in every language
        job = start_document_job(
            actor=actor_of(request),
            kind=REGISTER_EXTRACT,
            fmt=ZIP,
            language=language if language in LANGUAGES else settings.LANGUAGE_CODE,
            parameters=options.as_parameters(),
        )
        return Response(ExtractJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExtractDetailView(APIView):
    access_rule = EXTRACT_REGISTER

    @extend_schema(responses={200: ExtractJobSerializer, 404: JOB_NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ExtractJobSerializer(get_object_or_404(_extract_jobs(request), pk=pk)).data)
