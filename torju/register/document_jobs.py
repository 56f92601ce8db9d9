"""The analysts' pseudonymous register extract, prepared in the background (torju.documents.jobs).

The whole register in the exchange format takes a minute for a million
victims: far too long for a web request. It is one .zip of the files of
the exchange format's newest version (exchange/versions.py: version 2, the
legal path's coded facts included) without direct identifiers, its
identifiers replaced by pseudonyms of this extract (or of a series the analyst names) and birth
dates given as months unless a stated purpose needs them exact
(exchange/extract.py), written from one snapshot of the register; the
writing is recorded as an export by extract_register_zip, and each download
once more by the documents app.
"""

from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torju.documents.jobs import DocumentKind, Exported, Progress, job_actor, register
from torju.documents.models import DocumentJob, Stage
from torju.register.exchange import ExtractOptions
from torju.register.exchange.versions import extract_current_zip
from torju.register.permissions import EXTRACT_REGISTER

ZIP = "zip"


def extract_file_name(job: DocumentJob) -> str:
    return f"register-{timezone.localdate(job.created_at).isoformat()}.{ZIP}"


def render_extract(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
    progress(Stage.COLLECTING, 0)
    name = extract_file_name(job)
    options = ExtractOptions.from_parameters(job.parameters or {})
    extract_current_zip(output, name=name, actor=job_actor(job), options=options)
    return name


def extract_exported(job: DocumentJob) -> Exported:
    """As the export itself is recorded: the register, and the file's name as the reason."""
    return Exported(object_type="register", object_id="", reason=job.file_name)


REGISTER_EXTRACT = DocumentKind(
    name="register.extract",
    title=_("Pseudonymous register extract"),
    access_rule=EXTRACT_REGISTER,
    content_types={ZIP: "application/zip"},
    render=render_extract,
    exported=extract_exported,
)
register(REGISTER_EXTRACT)
