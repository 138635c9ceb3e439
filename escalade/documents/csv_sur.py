"""Cells of the CSV files the tool writes, safe to open in a spreadsheet.

A cell beginning with '=', '+', '-', '@', a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` in a dossier reference would run in
the operator's spreadsheet). Such a cell is written with a leading apostrophe, which the
spreadsheets show as text and `lire` removes when the tool reads its own file back.
"""

from __future__ import annotations

from typing import Final

_DECLENCHEURS: Final = ("=", "+", "-", "@", "\t", "\r")


def ecrire(valeur: str) -> str:
    return "'" + valeur if valeur.startswith(_DECLENCHEURS) else valeur


def lire(valeur: str) -> str:
    return valeur[1:] if valeur.startswith("'") and valeur[1:].startswith(_DECLENCHEURS) else valeur
