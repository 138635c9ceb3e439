"""A letter's PDF metadata given to WeasyPrint directly instead of through `<meta>` elements.

Every element of the HTML costs WeasyPrint a computed style for itself and for each of its
six pseudo-elements its default stylesheet declares (marker, footnote and note calls...),
even an element that is never displayed: the five `<meta>` of `_base.html` were 35 of a
reminder's ~270 computed styles (~2 % of WeasyPrint's function calls for a letter).
`separer` takes them out of the source when they are written the way the templates write
them, and `appliquer` sets the same values on the rendered document, as WeasyPrint's own
reading of them would (`weasyprint.html.get_html_metadata`: every author in order, the
first description, generator and dates, HTML entities decoded, dates checked). A head
holding any other `<meta>` is left whole to WeasyPrint.
"""

from __future__ import annotations

import html
import re
from typing import Any, Final

NOMS: Final = ("author", "description", "generator", "dcterms.created", "dcterms.modified")
_META: Final = re.compile(r'<meta name="([^"<>]*)" content="([^"<>]*)">\n?')
_TETE: Final = re.compile(r"<head>(.*?)</head>", re.S)


def separer(source: str) -> tuple[str, list[tuple[str, str]]]:
    """The source without its `<meta name=... content=...>` of `NOMS`, and their (name,
    value) pairs in order; the source unchanged and [] when the head holds another meta."""
    tete = _TETE.search(source)
    if tete is None:
        return source, []
    trouvees = _META.findall(tete[1])
    if not trouvees or tete[1].count("<meta") != len(trouvees) + tete[1].count("<meta charset"):
        return source, []
    if any(nom not in NOMS for nom, _ in trouvees):
        return source, []
    debut, fin = tete.span(1)
    reste = _META.sub("", tete[1])
    return source[:debut] + reste + source[fin:], [(n, html.unescape(v)) for n, v in trouvees]


def appliquer(metadonnees: Any, valeurs: list[tuple[str, str]]) -> None:
    """Set `valeurs` (from `separer`) on a rendered document's `metadata`."""
    from weasyprint.html import parse_w3c_date

    for nom, valeur in valeurs:
        if nom == "author":
            metadonnees.authors.append(valeur)
        elif nom == "description" and metadonnees.description is None:
            metadonnees.description = valeur
        elif nom == "generator" and metadonnees.generator is None:
            metadonnees.generator = valeur
        elif nom == "dcterms.created" and metadonnees.created is None:
            metadonnees.created = parse_w3c_date(nom, valeur)
        elif nom == "dcterms.modified" and metadonnees.modified is None:
            metadonnees.modified = parse_w3c_date(nom, valeur)
