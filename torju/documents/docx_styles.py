"""Torju's own styles in a Word document: the title, the headings, body text and "Torju Table".

python-docx's template styles are Word 2010's (blue Cambria headings, an
underlined title, a black "Table Grid"). A document of Torju's restyles them
in the site's colours and one font (docx.FONT: the site's Source Sans 3 is not
on the readers' computers; Arial is everywhere Word runs, and LibreOffice
uses the metric-compatible Liberation Sans), keeping the built-in names, so
that Word's navigation pane, its table of contents field and a screen reader
know a heading as one. Tables use "Torju Table": a light grid and a header
row in bold on a tint; label-and-value lists "Torju Facts", without lines
(docs/decisions/0117-word-documents-in-house-styles.md).
"""

from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.styles.style import BaseStyle

INK = RGBColor(0x1B, 0x1B, 0x1F)  # the site's --ink
BRAND = RGBColor(0x00, 0x35, 0x80)  # the site's --brand
MUTED = RGBColor(0x4A, 0x4F, 0x5C)
GRID = "BFC4CF"  # the table's lines: light, yet visible when printed
HEADER_FILL = "F2F4F8"  # the site's --tint
TABLE_STYLE = "Torju Table"
FACTS_STYLE = "Torju Facts"  # label and value side by side, no lines
CELL_MARGIN_TWIPS = 108  # 0.19 cm left and right, as Word's own grid


@dataclass(frozen=True)
class Look:
    size_pt: float
    colour: RGBColor
    bold: bool = True
    before_pt: float = 0
    after_pt: float = 6


LOOKS = {
    "Title": Look(24, BRAND, before_pt=0, after_pt=12),
    "Subtitle": Look(13, MUTED, bold=False, after_pt=12),
    "Heading 1": Look(16, BRAND, before_pt=18),
    "Heading 2": Look(13, BRAND, before_pt=14),
    "Heading 3": Look(11, INK, before_pt=12, after_pt=4),
    "Heading 4": Look(10, INK, before_pt=8, after_pt=4),
}


def use_house_styles(document: Document) -> None:
    """Restyle the title and headings, the body text and add "Torju Table" (call on a new document)."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    for name, look in LOOKS.items():
        _restyle(document.styles[name], look, heading=name.startswith("Heading") or name == "Title")
    _drop_title_rule(document.styles["Title"])
    _add_table_style(document)
    facts = document.styles.add_style(FACTS_STYLE, WD_STYLE_TYPE.TABLE)
    facts.base_style = document.styles["Normal Table"]


def _restyle(style: BaseStyle, look: Look, *, heading: bool) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.size = Pt(look.size_pt)
    font.bold = look.bold
    font.italic = False
    font.color.rgb = look.colour  # replaces the template's theme colour
    paragraph = style.paragraph_format  # type: ignore[attr-defined]
    paragraph.space_before = Pt(look.before_pt)
    paragraph.space_after = Pt(look.after_pt)
    if heading:
        paragraph.keep_with_next = True


def _drop_title_rule(style: BaseStyle) -> None:
    """The template's title has a blue rule under it."""
    properties = style.element.pPr
    if properties is not None:
        for border in properties.findall(qn("w:pBdr")):
            properties.remove(border)


def _element(name: str, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(name)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _add_table_style(document: Document) -> None:
    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    element = style.element
    paragraph = element.get_or_add_pPr()
    paragraph.append(_element("w:spacing", after="0", line="240", lineRule="auto"))
    table = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", val="single", sz="4", space="0", color=GRID))
    table.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", "0"), ("left", str(CELL_MARGIN_TWIPS)), ("bottom", "0")):
        margins.append(_element(f"w:{side}", w=width, type="dxa"))
    margins.append(_element("w:right", w=str(CELL_MARGIN_TWIPS), type="dxa"))
    table.append(margins)
    element.append(table)
    header = _element("w:tblStylePr", type="firstRow")
    run = OxmlElement("w:rPr")
    run.append(OxmlElement("w:b"))
    header.append(run)
    cell = OxmlElement("w:tcPr")
    cell.append(_element("w:shd", val="clear", color="auto", fill=HEADER_FILL))
    header.append(cell)
    element.append(header)
