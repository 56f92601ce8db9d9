"""Checks of a rendered document as its reader sees it: each page drawn to a PNG (poppler's pdftoppm), the
words' places read with pdftotext -bbox, and nothing but the footer outside the page's content box."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image, ImageDraw

IMAGE_DPI = 50
WHITE = 250
POINTS_PER_MM = 72 / 25.4
TOLERANCE_MM = 1.0  # anti-aliasing, and a rule drawn on the content box's edge
LIBREOFFICE_TIMEOUT = 180


@dataclass(frozen=True)
class Margins:
    """A page's margins in millimetres."""

    top: float
    right: float
    bottom: float
    left: float


WEASYPRINT = Margins(top=22, right=20, bottom=24, left=20)  # torju/documents/pdf.py
DOCX = Margins(top=20, right=20, bottom=22, left=20)  # torju/documents/docx.py


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[float, float, float, float]  # points from the top left: x, y, x, y


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is needed (Debian: poppler-utils, libreoffice-writer-nogui)"
    return path


def libreoffice_pdf(docx_file: Path, out: Path) -> Path:
    """The DOCX as LibreOffice lays it out, as PDF (a fresh profile each time: no shared state)."""
    subprocess.run(
        [
            tool("libreoffice"),
            f"-env:UserInstallation=file://{out / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx_file),
        ],
        capture_output=True,
        check=True,
        timeout=LIBREOFFICE_TIMEOUT,
    )
    converted = out / f"{docx_file.stem}.pdf"
    assert converted.exists(), "LibreOffice did not convert the document"
    return converted


def pages_of(pdf: Path) -> list[tuple[float, float, list[Word]]]:
    """Each page's width, height and words, as pdftotext -bbox places them."""
    result = subprocess.run([tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, check=True)
    text = re.sub(rb"<!DOCTYPE[^>]*>", b"", result.stdout)
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ElementTree.fromstring(text).iterfind(".//x:page", namespace):
        words = [
            Word(word.text or "", tuple(float(word.attrib[edge]) for edge in ("xMin", "yMin", "xMax", "yMax")))  # type: ignore[arg-type]
            for word in page.iterfind("x:word", namespace)
        ]
        pages.append((float(page.attrib["width"]), float(page.attrib["height"]), words))
    return pages


def page_images(pdf: Path, out: Path) -> list[Path]:
    prefix = out / f"{pdf.stem}-page"
    subprocess.run([tool("pdftoppm"), "-r", str(IMAGE_DPI), "-png", str(pdf), str(prefix)], check=True)
    return sorted(out.glob(f"{pdf.stem}-page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))


def overflow(pdf: Path, out: Path, margins: Margins) -> dict[str, list[str]]:
    """Per page image (kept in `out`), what lies outside the content box: words, or ink in a margin. The
    footer (words wholly below the content box) is allowed."""
    pages = pages_of(pdf)
    images = page_images(pdf, out)
    assert len(images) == len(pages) > 0
    tolerance = TOLERANCE_MM * POINTS_PER_MM
    found: dict[str, list[str]] = {}
    for (width, height, words), image in zip(pages, images, strict=True):
        box = (
            margins.left * POINTS_PER_MM,
            margins.top * POINTS_PER_MM,
            width - margins.right * POINTS_PER_MM,
            height - margins.bottom * POINTS_PER_MM,
        )
        footer = [word for word in words if word.box[1] >= box[3]]
        problems = [
            word.text
            for word in words
            if word not in footer
            and (
                word.box[0] < box[0] - tolerance
                or word.box[1] < box[1] - tolerance
                or word.box[2] > box[2] + tolerance
                or word.box[3] > box[3] + tolerance
            )
        ]
        scale = IMAGE_DPI / 72
        with Image.open(image) as picture:
            grey = picture.convert("L")
        paint = ImageDraw.Draw(grey)
        for x_min, y_min, x_max, y_max in [box, *(word.box for word in footer)]:
            paint.rectangle(
                [
                    (x_min - tolerance) * scale,
                    (y_min - tolerance) * scale,
                    (x_max + tolerance) * scale,
                    (y_max + tolerance) * scale,
                ],
                fill=255,
            )
        if any(isinstance(value, int) and value < WHITE for value in grey.get_flattened_data()):
            problems.append("ink in a margin")
        if problems:
            found[image.name] = problems
    return found


def text_of(pdf: Path) -> str:
    return subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()


def fonts_embedded_with_unicode(pdf: Path) -> bool:
    result = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, check=True, text=True)
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    return bool(rows) and all(row[-5] == "yes" and row[-3] == "yes" and "Type 3" not in " ".join(row) for row in rows)
