"""PDF from HTML with WeasyPrint: the same content as the web page, laid out for A4 paper.

The system runs in closed networks and renders text that users typed, so
rendering never goes to the network: only `data:` URLs (charts, images
embedded by the template) and files under the system's font directories may
be fetched; every other URL is refused. Text uses the fonts installed on the
system (DejaVu Sans from fonts-dejavu-core), found through fontconfig, and is
embedded in the PDF so that it shows and can be searched everywhere.
"""

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.utils.translation import pgettext
from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

FONT_DIRECTORIES = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))

BASE_CSS = """
@page {
  size: A4;
  margin: 22mm 20mm 24mm 20mm;
  @bottom-left {
    content: string(document-title);
    font-size: 8pt;
    color: #4a4a55;
    width: 75%;
  }
  @bottom-right {
    content: "%(page)s " counter(page) " / " counter(pages);
    font-size: 8pt;
    color: #4a4a55;
    white-space: nowrap;
  }
}
html {
  font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
  font-size: 9.5pt;
  line-height: 1.4;
  color: #1b1b1f;
}
body { margin: 0; }
h1, h2, h3, h4 { line-height: 1.2; break-after: avoid; color: #003580; }
h1 { font-size: 18pt; margin: 0 0 6mm; string-set: document-title content(); }
[data-running-title] { string-set: document-title attr(data-running-title); }
h2 { font-size: 13pt; margin: 8mm 0 3mm; }
h3 { font-size: 11pt; margin: 6mm 0 2mm; }
h4 { font-size: 9.5pt; margin: 4mm 0 1mm; color: #1b1b1f; }
p { margin: 0 0 2.5mm; orphans: 2; widows: 2; }
p, li, td, th, dd, dt { overflow-wrap: break-word; word-wrap: break-word; hyphens: auto; }
table {
  width: 100%;
  table-layout: fixed;
  border-collapse: collapse;
  margin: 0 0 4mm;
}
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td {
  border: 0.5pt solid #c4c9d4;
  padding: 1.2mm 1.5mm;
  text-align: left;
  vertical-align: top;
  font-size: 8.5pt;
}
th { background: #f2f4f8; font-weight: bold; }
img, svg { max-width: 100%; }
.page-break { break-before: page; }
"""


class LocalOnlyFetcher(URLFetcher):
    """Fetches `data:` URLs and font files; refuses everything else, the network included."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(directory) for directory in FONT_DIRECTORIES):
                return super().fetch(url, headers)
        raise ValueError(f"refused to fetch {url[:80]!r}: documents may use only embedded data and local fonts")


def base_stylesheet() -> str:
    """The print CSS, with the footer's page label in the active language."""
    label = pgettext("page number in a document's footer, before 'N / M'", "page")
    escaped = label.replace("\\", "\\\\").replace('"', '\\"')
    return BASE_CSS.replace("%(page)s", escaped)


def render_pdf(html: str) -> bytes:
    """Render an HTML document to PDF over the base print CSS (the document's own <style> wins).

    Call it inside `translation.override` so that the footer's label is in
    the document's language. The PDF is tagged (structure for screen readers)
    and its language and title come from the HTML's `lang` and <title>.
    """
    fonts = FontConfiguration()
    fetcher = LocalOnlyFetcher(allowed_protocols={"data", "file"})
    base = CSS(string=base_stylesheet(), font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[base], font_config=fonts, pdf_tags=True)
    return pdf
