"""What an uploaded attachment is, read from its content (never from its name), and whether it is taken.

Taken: PDF, DOCX, XLSX and ODT. Refused: the macro-enabled Office formats
(DOCM, XLSM: a `vbaProject` part or a macro-enabled content type), ODT with
Basic or script macros, PDF with JavaScript or launch actions, the old binary
Office formats (which carry macros unseen), anything else, and zip files that
would unpack to far more than they weigh (a "zip bomb" fills the disk or the
memory of whoever opens it).
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from torju.programme.models import AttachmentKind

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # unpacked size per packed byte, for the whole file
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch")
NOT_TAKEN = "Only PDF, DOCX, XLSX and ODT files are taken."


def max_bytes() -> int:
    return int(getattr(settings, "PROGRAMME_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _macro_refused() -> ValidationError:
    return ValidationError(
        _("Files with macros are not taken: save the document without macros (as DOCX, XLSX or ODT).")
    )


def _zip_kind(archive: zipfile.ZipFile, size: int) -> AttachmentKind:
    members = archive.infolist()
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(size, 1):
        raise ValidationError(_("The file unpacks to far more than it weighs: it is not taken."))
    names = {member.filename for member in members}
    if "mimetype" in names:
        if archive.read("mimetype").strip() != ODT:
            raise ValidationError(_(NOT_TAKEN))
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            raise _macro_refused()
        return AttachmentKind.ODT
    if "[Content_Types].xml" in names:
        types = archive.read("[Content_Types].xml")
        if b"macroEnabled" in types or any(name.lower().endswith("vbaproject.bin") for name in names):
            raise _macro_refused()
        if "word/document.xml" in names and DOCX_MAIN in types:
            return AttachmentKind.DOCX
        if "xl/workbook.xml" in names and XLSX_MAIN in types:
            return AttachmentKind.XLSX
    raise ValidationError(_(NOT_TAKEN))


def recognise(content: bytes) -> AttachmentKind:
    """The format of the file, or ValidationError saying why it is not taken."""
    if not content:
        raise ValidationError(_("The file is empty."))
    if len(content) > max_bytes():
        raise ValidationError(
            _("The file is larger than %(megabytes)s MB.") % {"megabytes": max_bytes() // (1024 * 1024)}
        )
    if content.startswith(b"%PDF-"):
        if any(marker in content for marker in PDF_ACTIVE_CONTENT):
            raise ValidationError(_("PDF files with scripts or launch actions are not taken."))
        return AttachmentKind.PDF
    if content.startswith(OLE_MAGIC):
        raise ValidationError(_("Old Office files (.doc, .xls) may hold macros: save the file as DOCX or XLSX."))
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return _zip_kind(archive, len(content))
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as error:
            raise ValidationError(_(NOT_TAKEN)) from error
    raise ValidationError(_(NOT_TAKEN))
