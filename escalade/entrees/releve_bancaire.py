"""Bank statements: the credits received, from a CAMT.053 XML, a zip of them, or a plain CSV.

CAMT.053 is read by `escalade.entrees.camt053`, a zip of statements by
`escalade.entrees.releve_zip`; the credits and their identities are described in
`escalade.entrees.credits_bancaires`.

The plain CSV has three columns: date;montant;libelle (JJ/MM/AAAA or AAAA-MM-JJ, comma
decimals, negative amounts are debits and are skipped).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.camt053 import lire_camt053
from escalade.entrees.credits_bancaires import Credit, Releve, identites_par_hachage
from escalade.entrees.lecture_csv import lignes_csv
from escalade.entrees.releve_zip import est_zip, lire_zip

__all__ = ["Credit", "Releve", "lire_camt053", "lire_csv", "lire_releve"]

REFERENCES = ("ISO 20022 camt.053",)


# --- CSV -----------------------------------------------------------------------------

_DATE_FR = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_MONTANT_CSV = re.compile(r"^[+-]?\d+(?:[.,]\d{1,2})?$")


def _date_csv(texte: str) -> date | None:
    m = _DATE_FR.match(texte)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(texte) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", texte) else None
    except ValueError:
        return None


def lire_csv(texte: str, fichier: str = "relevé.csv") -> Releve:
    """A plain statement: date;montant;libelle with a header line."""
    texte = texte.lstrip("\ufeff")
    premiere = texte.split("\n", 1)[0]
    separateur = max((";", "\t", ","), key=premiere.count)
    lecteur = lignes_csv(csv.reader(io.StringIO(texte), delimiter=separateur), fichier)
    entete = [c.strip().lower().replace("é", "e") for c in next(lecteur, [])]
    if entete[:3] != ["date", "montant", "libelle"]:
        raise EntreeInvalide("ligne 1 : en-tête « date;montant;libelle » attendu", fichier=fichier)
    credits: list[Credit] = []
    for n, valeurs in enumerate(lecteur, start=2):
        if not any(v.strip() for v in valeurs):
            continue
        if len(valeurs) < 3:
            raise EntreeInvalide(
                f"ligne {n} : {len(valeurs)} colonne(s) au lieu de 3", fichier=fichier
            )
        brut_date, brut_montant, libelle = (v.strip() for v in valeurs[:3])
        le = _date_csv(brut_date)
        if le is None:
            raise EntreeInvalide(
                f"ligne {n}, colonne 1 (date) : « {brut_date} » invalide "
                "(JJ/MM/AAAA ou AAAA-MM-JJ attendu)",
                fichier=fichier,
                champ="date",
            )
        propre = brut_montant.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if not _MONTANT_CSV.match(propre):
            raise EntreeInvalide(
                f"ligne {n}, colonne 2 (montant) : « {brut_montant} » invalide "
                "(ex. 1234,56 ; négatif pour un débit)",
                fichier=fichier,
                champ="montant",
            )
        montant = Decimal(propre.replace(",", "."))
        if montant <= 0:
            continue
        credits.append(Credit(identite="", date=le, montant=montant, libelle=libelle, ligne=n))
    identites_par_hachage(credits)
    return Releve(tuple(credits), ())


def lire_releve(chemin: Path) -> Releve:
    """A CAMT.053 XML, a zip of them (by content) or a CSV statement."""
    fichier = str(chemin)
    try:
        contenu = chemin.read_bytes()
    except OSError as e:
        raise EntreeInvalide(f"lecture impossible : {e.strerror}", fichier=fichier) from None
    if est_zip(contenu):
        return lire_zip(contenu, fichier)
    if contenu.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return lire_camt053(contenu, fichier)
    try:
        texte = contenu.decode("utf-8")
    except UnicodeDecodeError:
        texte = contenu.decode("iso-8859-15")
    return lire_csv(texte, fichier)
