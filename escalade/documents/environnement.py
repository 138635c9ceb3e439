"""The one Jinja environment shared by the HTML and DOCX templates.

Sandboxed (a template cannot reach Python internals), autoescaped (a name holding
``<b>X</b>`` prints as text in HTML and in the DOCX XML alike), ``StrictUndefined`` (a
template naming a variable its context lacks fails instead of printing nothing), with
the French filters: amounts ("1 234,56 €"), dates ("22 novembre 2026"), amounts and
numbers in words (C. civ. 1376) and rates. Data is never code: values are only ever
printed, never compiled as templates.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from escalade.documents.colonnes import aligner
from escalade.documents.emplacement_modeles import dossiers_modeles
from escalade.documents.qr import data_uri
from escalade.droit import format_fr
from escalade.droit.montant_en_lettres import montant_en_lettres, nombre_en_lettres
from escalade.droit.periodes import arrondi

ESPACE_FINE = "\u202f"  # thousands separator: never breaks a number across lines
ESPACE_INSECABLE = "\u00a0"


def montant(valeur: Decimal) -> str:
    """'1 234,56 €' with non-breaking spaces (French typography)."""
    return format_fr.nombre_fr(arrondi(valeur), 2, ESPACE_FINE) + ESPACE_INSECABLE + "€"


def en_lettres(valeur: Decimal) -> str:
    return montant_en_lettres(arrondi(valeur))


def nombre_lettres(valeur: int) -> str:
    return nombre_en_lettres(valeur)


def date_longue(valeur: date) -> str:
    return format_fr.date_longue(valeur)


def date_courte(valeur: date) -> str:
    return format_fr.date_courte(valeur)


def pourcent(valeur: Decimal) -> str:
    return format_fr.pourcent_fr(valeur).replace(" %", ESPACE_INSECABLE + "%")


def iban(valeur: str) -> str:
    """An IBAN in groups of four characters, as printed on a RIB."""
    compact = valeur.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


_VOYELLES = frozenset("aeiouyàâäéèêëîïôöùûüœæ")


def de(nom: str) -> str:
    """'de' before a name, elided before a vowel: « d'Atelier Moreau », « de Lumen »."""
    premiere = nom.strip()[:1].lower()
    return f"d'{nom}" if premiere in _VOYELLES else f"de {nom}"


def capital(valeur: Decimal) -> str:
    """A share capital: « 10 000 € », cents only when there are some."""
    if valeur == valeur.to_integral_value():
        return format_fr.nombre_fr(valeur, 0, ESPACE_FINE) + ESPACE_INSECABLE + "€"
    return montant(valeur)


def colonnes(lignes: Any, alignements: str, gras: Any = (), **options: Any) -> list[str] | None:
    """Rows of cells as aligned lines of text, or None (see escalade.documents.colonnes)."""
    return aligner(lignes, alignements, gras, **options)


FILTRES = {
    "montant": montant,
    "en_lettres": en_lettres,
    "nombre_lettres": nombre_lettres,
    "date_longue": date_longue,
    "date_courte": date_courte,
    "pourcent": pourcent,
    "iban": iban,
    "de": de,
    "capital": capital,
    "qr_image": lambda payload: data_uri(payload),
    "colonnes": colonnes,
}


@lru_cache(maxsize=1)
def environnement() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        # A firm's folder first, then the shipped one (escalade.documents.modeles_utilisateur).
        loader=FileSystemLoader([str(d) for d in dossiers_modeles()]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTRES)
    return env
