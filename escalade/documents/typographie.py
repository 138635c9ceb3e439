"""French typography applied to a rendered document's text: a non-breaking space before
« : », « ; », « ? », « ! » and « » », and after « « », so that a line never starts with a
lone colon or closing quote (Lexique des règles typographiques de l'Imprimerie nationale);
a phone number is never split across lines either.

Applied to the text only, never to markup: between the tags of the HTML, inside the
``<w:t>`` runs of the DOCX. A template author writes ordinary spaces.
"""

from __future__ import annotations

import re
from typing import Final

INSECABLE: Final = "\u00a0"
_AVANT: Final = re.compile(r"[ \t]+([:;?!»])")
# A French phone number in groups of two digits (« 01 42 00 00 00 », « +33 1 42 00 00 00 »).
_TELEPHONE: Final = re.compile(r"(?:\+33 ?\d|\b0\d)(?: \d\d){4}\b")
_APRES: Final = re.compile(r"«[ \t]+")
_BALISE: Final = re.compile(r"(<[^>]*>)")
_STYLE_OU_SCRIPT: Final = re.compile(r"(<(style|script|head)\b.*?</\2>)", re.S | re.I)
_RUN: Final = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def texte(t: str) -> str:
    """The spaces around French punctuation, and inside a phone number, made non-breaking."""
    t = _TELEPHONE.sub(lambda m: m.group(0).replace(" ", INSECABLE), t)
    return _APRES.sub("«" + INSECABLE, _AVANT.sub(INSECABLE + r"\1", t))


def html(source: str) -> str:
    """`texte` applied between the tags of an HTML page (head, style and script aside)."""
    morceaux = _STYLE_OU_SCRIPT.split(source)
    sortie: list[str] = []
    i = 0
    while i < len(morceaux):
        sortie.append(_corps(morceaux[i]))
        if i + 1 < len(morceaux):
            sortie.append(morceaux[i + 1])  # the whole <style>…</style> block, unchanged
        i += 3
    return "".join(sortie)


def _corps(fragment: str) -> str:
    return "".join(p if p.startswith("<") else texte(p) for p in _BALISE.split(fragment) if p)


def xml_docx(document: str) -> str:
    """`texte` applied inside each text run of a DOCX's word/document.xml."""
    return _RUN.sub(lambda m: m.group(1) + texte(m.group(2)) + m.group(3), document)
