"""The situational picture as a document (spec/situational-picture.md § 3): PDF and DOCX in fi, sv and en.

Built from a release's frozen content only (public-form figures of the
register, the authorities' figures as delivered, the coordinator's texts),
in Annex 1's order: a cover with the publisher and the date, the contents,
the assistance system (text, figures 1–3), the criminal process (figures
4–7), the info line's work (figures 8–9, issue #12, when the range has
any), the coordinator's sections (each authority's view, the conclusions)
and an annex of the figures' tables. Every chart has its table in the annex
and its source and retrieval date under it. The PDF is WeasyPrint's
rendering of situation/picture_document.html; the DOCX the same content
through python-docx. Registered as the renderer of situational-picture
releases (torju.statistics.documents.register_release_renderer); the CSV and
XLSX are the annex's tables as open data.
"""

import base64
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from torju.codes.selectors import codes_of
from torju.documents import docx
from torju.documents.charts import OKABE_ITO, ChartFormat, bar_chart, grouped_bar_chart, stacked_bar_chart
from torju.documents.pdf import render_pdf
from torju.documents.tabular import csv_lines, escape_formula
from torju.helpline.reporting import key_label
from torju.statistics.documents import register_release_renderer, within_the_text_column
from torju.statistics.helpline_figures import has_work
from torju.statistics.models import Release
from torju.statistics.public_views import register_release_page
from torju.statistics.release_content import content_of
from torju.statistics.schema import AGE_BANDS, PLACES, UNKNOWN

FORMATS = ("pdf", "docx", "csv", "xlsx")
DATE = "j.n.Y"
TRAFFICKING = ("trafficking", "aggravated_trafficking")  # "ihmiskauppanimikkeet"
STAGES_OF_FIGURE_4 = ("police_recorded", "investigation_opened", "prosecutor_received", "charged", "court_convicted")
COLOURS = [OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")]
CHART_WIDTH_CM = 16.0
TABLE_WIDTH_CM, TABLE_LABEL_CM = 16.0, 4.5  # within the text column with the cells' margins
SUPPRESSED = ".."  # a register figure withheld by disclosure control
NOT_DELIVERED = "–"  # an authority's figure not delivered


@dataclass(frozen=True)
class Figure:
    """A chart with its table and source; `kind` says how it is drawn."""

    number: int
    title: str
    kind: str  # "bars", "stacked", "grouped"
    categories: list[str]
    series: list[tuple[str, list[int | None]]]
    source: str
    missing: str = SUPPRESSED  # how a value of None reads: withheld (register), or not delivered ("–")

    def image(self, fmt: ChartFormat) -> bytes:
        coloured = [(label, COLOURS[index % len(COLOURS)], values) for index, (label, values) in enumerate(self.series)]
        if self.kind == "bars":
            return bar_chart(self.categories, self.series[0][1], fmt=fmt, hidden_label=self.missing)
        if self.kind == "stacked":
            return stacked_bar_chart(
                self.categories,
                [(label, colour, [v or 0 for v in values]) for label, colour, values in coloured],
                title="",
                fmt=fmt,
            )
        return grouped_bar_chart(self.categories, coloured, fmt=fmt, hidden_label=self.missing)

    def text(self, value: int | None) -> str:
        return self.missing if value is None else str(value)

    @property
    def caption(self) -> str:
        return f"{pgettext('a chart in a document', 'Figure')} {self.number}. {self.title}"

    @property
    def svg_data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.image("svg")).decode("ascii")

    @property
    def description(self) -> str:
        parts = [
            f"{category}: " + ", ".join(f"{label} {self.text(values[index])}" for label, values in self.series)
            for index, category in enumerate(self.categories)
        ]
        return f"{self.title}. " + "; ".join(parts) + "."

    @property
    def header(self) -> list[str]:
        return [label for label, _values in self.series]

    @property
    def rows(self) -> list[list[str]]:
        return [
            [category, *(self.text(values[index]) for _label, values in self.series)]
            for index, category in enumerate(self.categories)
        ]


@dataclass(frozen=True)
class Chapter:
    key: str
    heading: str
    paragraphs: list[str]
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class PictureDocument:
    language: str
    title: str
    publisher: str
    published: str
    notes: list[str]
    chapters: list[Chapter]

    @property
    def figures(self) -> list[Figure]:
        return [figure for chapter in self.chapters for figure in chapter.figures]


def _labels(code_list: str) -> dict[str, str]:
    return {code.code: capfirst(code.label) for code in codes_of(code_list, include_inactive=True)}


def _justice(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = content.get("justice", [])
    return rows


def _sources(rows: list[dict[str, Any]]) -> str:
    """The publishers and tables of the figures used, each with its latest retrieval date."""
    latest: dict[str, str] = {}
    for row in rows:
        latest[row["source"]] = max(latest.get(row["source"], ""), row["retrieved_on"])
    listed = "; ".join(
        _("%(source)s, retrieved on %(date)s") % {"source": source, "date": _day(day)}
        for source, day in sorted(latest.items())
    )
    demo = any(row.get("demo") for row in rows)
    text = _("Source: %(sources)s.") % {"sources": listed or "–"}
    return text + (" " + _("Demo data, not real figures.") if demo else "")


def _day(iso: str) -> str:
    from datetime import date

    return date_format(date.fromisoformat(iso), DATE)


def _value(rows: list[dict[str, Any]], year: int, stage: str, offences: tuple[str, ...], court: str = "") -> int | None:
    found = [
        row["value"]
        for row in rows
        if row["year"] == year and row["stage"] == stage and row["offence"] in offences and row["court"] == court
    ]
    return sum(found) if found else None


def build_picture(release: Release) -> PictureDocument:
    """The document of a situational-picture release in the active language."""
    content = content_of(release)
    years = sorted(int(year) for year in content["years"])
    last = years[-1]
    register_source = _(
        "Source: the register of the Assistance System for Victims of Human Trafficking, public form "
        "under disclosure control, as released on %(date)s."
    ) % {"date": date_format(release.approved_at, DATE) if release.approved_at else ""}
    year_figures = content["years"]
    new_clients: list[int | None] = [year_figures[str(y)]["statistics"]["new_clients"]["victims"] for y in years]
    place_labels = {
        "finland": _("In Finland"),
        "abroad": _("Abroad"),
        "both": _("In Finland and abroad"),
        UNKNOWN: _("Not known"),
    }
    places: list[tuple[str, list[int | None]]] = [
        (place_labels[place], [year_figures[str(y)]["new_clients_by_place_of_exploitation"][place] for y in years])
        for place in PLACES
    ]
    sexes = _labels("sex")
    by_sex_and_age = year_figures[str(last)]["new_clients_by_sex_and_age_band"]
    bands = [band if band != UNKNOWN else _("age not known") for band in AGE_BANDS]
    sex_age = [(sexes.get(sex, sex), [cells.get(band) for band in AGE_BANDS]) for sex, cells in by_sex_and_age.items()]
    justice = _justice(content)
    stages, offences = _labels("justice_stage"), _labels("offence")
    last_four = [year for year in years[-4:]]
    decade = years[-10:]
    figures_1_3 = [
        Figure(
            1,
            _("New clients of the assistance system %(first)s–%(last)s") % {"first": years[0], "last": last},
            "bars",
            [str(y) for y in years],
            [(_("New clients"), new_clients)],
            register_source,
        ),
        Figure(
            2,
            _("Where the new clients were exploited %(first)s–%(last)s") % {"first": years[0], "last": last},
            "stacked",
            [str(y) for y in years],
            places,
            register_source,
        ),
        Figure(
            3, _("New clients by sex and age %(year)s") % {"year": last}, "grouped", bands, sex_age, register_source
        ),
    ]
    process = [
        (
            str(year),
            [
                _value(justice, year, stage, TRAFFICKING, "all" if stage.startswith("court_") else "")
                for stage in STAGES_OF_FIGURE_4
            ],
        )
        for year in last_four
    ]
    figures_4_7 = [
        Figure(
            4,
            _("The criminal process for trafficking offences %(first)s–%(last)s")
            % {"first": last_four[0], "last": last},
            "grouped",
            [stages.get(stage, stage) for stage in STAGES_OF_FIGURE_4],
            process,
            _sources(justice),
            NOT_DELIVERED,
        ),
        Figure(
            5,
            _("Trafficking and related offences recorded by the police %(first)s–%(last)s")
            % {"first": decade[0], "last": last},
            "stacked",
            [str(y) for y in decade],
            [
                (offences.get(code, code), [_value(justice, y, "police_recorded", (code,)) or 0 for y in decade])
                for code in offences
            ],
            _sources([row for row in justice if row["stage"] == "police_recorded"]),
            NOT_DELIVERED,
        ),
        Figure(
            6,
            _("Trafficking cases received by prosecutors and their decisions %(first)s–%(last)s")
            % {"first": decade[0], "last": last},
            "grouped",
            [str(y) for y in decade],
            [
                (stages.get(stage, stage), [_value(justice, y, stage, TRAFFICKING) for y in decade])
                for stage in ("prosecutor_received", "charged", "not_charged")
            ],
            _sources([row for row in justice if row["stage"] in {"prosecutor_received", "charged", "not_charged"}]),
            NOT_DELIVERED,
        ),
        Figure(
            7,
            _("Convictions in the courts by offence %(first)s–%(last)s") % {"first": decade[0], "last": last},
            "grouped",
            [str(y) for y in decade],
            [
                (offences.get(code, code), [_value(justice, y, "court_convicted", (code,), "all") for y in decade])
                for code in offences
                if any(row["offence"] == code and row["stage"] == "court_convicted" for row in justice)
            ],
            _sources([row for row in justice if row["stage"] == "court_convicted"]),
            NOT_DELIVERED,
        ),
    ]
    info_line = _helpline_chapter(content, years, release)
    language = (translation.get_language() or "fi")[:2]
    texts: dict[str, dict[str, str]] = dict(content).get("sections", {})  # type: ignore[assignment]
    headings = {
        "assistance_system": _("The Assistance System for Victims of Human Trafficking"),
        "police": _("The view of the police"),
        "prosecution": _("The view of the prosecution service"),
        "courts": _("The view of the courts"),
        "conclusions": _("Conclusions"),
    }

    def written(key: str) -> list[str]:
        text = texts.get(key, {}).get(language, "")
        return [block.strip() for block in text.split("\n\n") if block.strip()]

    chapters = [
        Chapter("assistance_system", headings["assistance_system"], written("assistance_system"), figures_1_3),
        Chapter(
            "criminal_process",
            _("The criminal process in trafficking cases"),
            [
                _(
                    "The figures of the police, the prosecution service and the courts are published statistics of "
                    "their publishers, shown as delivered."
                )
            ],
            figures_4_7,
        ),
        *([info_line] if info_line is not None else []),
        *(Chapter(key, headings[key], written(key)) for key in ("police", "prosecution", "courts", "conclusions")),
    ]
    notes = [
        _(
            "Figures of the register are in the public form: a figure shown as %(symbol)s is withheld to protect "
            "the persons concerned."
        )
        % {"symbol": SUPPRESSED}
    ]
    if any(row.get("demo") for row in justice):
        notes.append(_("The criminal-justice figures of this demo installation are demo data."))
    return PictureDocument(
        language=language,
        title=release.title,
        publisher=_("The National Coordinator against Trafficking in Human Beings, Ministry of Justice"),
        published=date_format(release.approved_at, DATE) if release.approved_at else "",
        notes=notes,
        chapters=chapters,
    )


def _helpline_chapter(content: Mapping[str, Any], years: list[int], release: Release) -> Chapter | None:
    """The info line's work over the years (issue #12): contacts, consultation cases and referrals, and who
    contacted in the last year; the helpline's public form as the release froze it. None when no year of the
    range has recorded work (or the release was made before the helpline's figures were frozen in releases)."""
    figures: Mapping[str, Any] = content.get("helpline", {})
    worked = [year for year in years if has_work(figures.get(str(year)))]
    if not worked:
        return None
    shown = [year for year in years if worked[0] <= year]
    last = figures[str(shown[-1])]
    source = _(
        "Source: the info line's records of the Assistance System for Victims of Human Trafficking, public form "
        "under disclosure control, as released on %(date)s."
    ) % {"date": date_format(release.approved_at, DATE) if release.approved_at else ""}
    work = Figure(
        8,
        _("Contacts to the info line, consultation cases and referrals %(first)s–%(last)s")
        % {"first": shown[0], "last": shown[-1]},
        "grouped",
        [str(year) for year in shown],
        [
            (label, [figures[str(year)][section][name] for year in shown])
            for label, section, name in (
                (_("Contacts"), "contacts", "total"),
                (_("Consultation cases opened"), "consultation_cases", "opened"),
                (_("Referrals sent"), "referrals", "sent"),
            )
        ],
        source,
    )
    types = last["contacts"]["by_contact_type"]
    who = Figure(
        9,
        _("Contacts to the info line by who contacted %(year)s") % {"year": shown[-1]},
        "bars",
        [capfirst(key_label("contacts", "by_contact_type", code)) for code in types],
        [(_("Contacts"), list(types.values()))],
        source,
    )
    return Chapter(
        "helpline",
        _("The info line: advice, consultations and referrals"),
        [
            _(
                "The assistance system's info line advises victims, professionals, employers and the public around "
                "the clock. Its advisers record every contact without identifying anyone, group the contacts about "
                "one situation into a consultation case, and refer a potential victim who wants to apply for "
                "assistance to an office of the assistance system."
            ),
            _(
                "The info line's figures are in the public form: a count from 1 to %(below)s is withheld "
                "(%(symbol)s), together with so many others that none can be worked out from the totals."
            )
            % {"below": int(content["k"]) - 1, "symbol": SUPPRESSED},
        ],
        [work, who],
    )


def _annex_heading() -> str:
    return _("Annex: the tables of the figures")


def _columns() -> list[str]:
    return [pgettext("a chart in a document", "Figure"), _("Title"), _("Item"), _("Series"), _("Count"), _("Source")]


def picture_pdf(document: PictureDocument) -> bytes:
    return render_pdf(render_to_string("situation/picture_document.html", {"document": document}))


def picture_docx(document: PictureDocument) -> bytes:
    word = docx.new_document(title=document.title, language=document.language)
    docx.heading(word, document.title, 0)
    docx.paragraphs(word, document.publisher, bold=True)
    docx.paragraphs(word, _("Published on %(date)s") % {"date": document.published})
    for note in document.notes:
        docx.paragraphs(word, note)
    docx.heading(word, _("Contents"), 1, new_page=True)
    for number, chapter in enumerate(document.chapters, start=1):
        docx.paragraphs(word, f"{number}. {chapter.heading}")
    docx.paragraphs(word, _annex_heading())
    for number, chapter in enumerate(document.chapters, start=1):
        docx.heading(word, f"{number}. {chapter.heading}", 1, new_page=True)
        for paragraph in chapter.paragraphs:
            docx.paragraphs(word, paragraph)
        for figure in chapter.figures:
            docx.paragraphs(
                word, f"{pgettext('a chart in a document', 'Figure')} {figure.number}. {figure.title}", bold=True
            )
            docx.image(word, figure.image("png"), width_cm=CHART_WIDTH_CM, description=figure.description)
            docx.paragraphs(word, figure.source)
    docx.heading(word, _annex_heading(), 1, new_page=True)
    for figure in document.figures:
        docx.paragraphs(
            word, f"{pgettext('a chart in a document', 'Figure')} {figure.number}. {figure.title}", bold=True
        )
        columns = 1 + len(figure.header)
        widths = [TABLE_LABEL_CM, *([(TABLE_WIDTH_CM - TABLE_LABEL_CM) / (columns - 1)] * (columns - 1))]
        grid = docx.table(word, ["", *figure.header], figure.rows, widths_cm=widths, font_size_pt=8)
        within_the_text_column(grid._tbl)
        docx.paragraphs(word, figure.source)
    return docx.to_bytes(word)


def _records(document: PictureDocument) -> Iterator[list[Any]]:
    for figure in document.figures:
        for row in figure.rows:
            for label, value in zip(figure.header, row[1:], strict=True):
                yield [
                    figure.number,
                    figure.title,
                    row[0],
                    label,
                    "" if value == figure.missing else value,
                    figure.source,
                ]


def picture_csv(document: PictureDocument) -> bytes:
    header = _columns()
    return "".join(csv_lines(header, _records(document))).encode("utf-8")


def picture_xlsx(document: PictureDocument) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Figures")[:31]
    sheet.append(
        [pgettext("a chart in a document", "Figure"), _("Title"), _("Item"), _("Series"), _("Count"), _("Source")]
    )
    for record in _records(document):
        sheet.append([escape_formula(value) if isinstance(value, str) else value for value in record])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


WRITERS = {"pdf": picture_pdf, "docx": picture_docx, "csv": picture_csv, "xlsx": picture_xlsx}


def render_picture(release: Release, language: str, fmt: str) -> bytes:
    with translation.override(language):
        return WRITERS[fmt](build_picture(release))


register_release_renderer("situational_picture", render_picture, FORMATS)
register_release_page(
    "situational_picture", "situation/public_body.html", lambda release: {"picture": build_picture(release)}
)
