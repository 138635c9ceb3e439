"""Fichier des Écritures Comptables (FEC): reading and validating its lines, as a stream.

The FEC is the accounting export every French company keeping computerised books must
hand to the tax authorities (LPF art. L47 A; format of LPF art. A47 A-1): one header line
of 18 column names, then one line per accounting line, tab- or pipe-separated, dates as
AAAAMMJJ, amounts with a comma (or a point) for decimals, UTF-8 or ISO-8859-15.

Every line is validated (column count, dates, amounts) and only the lines of the customer
accounts (411*) are parsed and yielded, one at a time: a FEC of millions of lines is never
held in memory. An error names the file, the line, the column and the reason, in French.

References: LPF art. L47 A and A47 A-1 (BOI-CF-IOR-60-40-20).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO

from escalade.droit.erreurs import EntreeInvalide

COLONNES = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
(
    _JOURNAL,
    _JOURNAL_LIB,
    _ECRITURE_NUM,
    _ECRITURE_DATE,
    _COMPTE,
    _COMPTE_LIB,
    _AUX,
    _AUX_LIB,
    _PIECE,
    _PIECE_DATE,
    _LIBELLE,
    _DEBIT,
    _CREDIT,
    _LETTRE,
    _DATE_LET,
    _VALID_DATE,
    _MONTANT_DEVISE,
    _DEVISE,
) = range(18)

PREFIXE_CLIENTS = "411"
ZERO = Decimal(0)
_MONTANT = re.compile(r"^-?\d+(?:[.,]\d*)?$")
_DATES_OBLIGATOIRES = frozenset({_ECRITURE_DATE, _PIECE_DATE})


@dataclass(slots=True)
class LigneClient:
    """One line of a customer account (411*), parsed."""

    ligne: int
    journal: str
    journal_lib: str
    ecriture_num: str
    ecriture_date: date
    compte: str
    client: str
    client_lib: str
    piece: str
    piece_date: date
    libelle: str
    debit: Decimal
    credit: Decimal
    lettre: str
    date_lettrage: date | None


class _Lecteur:
    """Validates every line of a FEC and parses the customer lines."""

    def __init__(self, nom: str) -> None:
        self.nom = nom
        self.dates: dict[str, date] = {}
        self.lignes = 0

    def erreur(self, ligne: int, colonne: int | None, message: str) -> EntreeInvalide:
        if colonne is None:
            return EntreeInvalide(f"ligne {ligne} : {message}", fichier=self.nom)
        nom = COLONNES[colonne]
        return EntreeInvalide(
            f"ligne {ligne}, colonne {colonne + 1} ({nom}) : {message}",
            fichier=self.nom,
            champ=nom,
        )

    def date(self, texte: str, ligne: int, colonne: int) -> date:
        connue = self.dates.get(texte)
        if connue is not None:
            return connue
        valeur = None
        if len(texte) == 8 and texte.isdigit():
            try:
                valeur = date(int(texte[:4]), int(texte[4:6]), int(texte[6:]))
            except ValueError:
                valeur = None
        if valeur is None:
            raise self.erreur(
                ligne, colonne, f"date « {texte} » invalide : attendu AAAAMMJJ (ex. 20260331)"
            )
        self.dates[texte] = valeur
        return valeur

    def montant(self, texte: str, ligne: int, colonne: int) -> Decimal:
        texte = texte.strip()
        if not texte:
            return ZERO
        if not _MONTANT.match(texte):
            raise self.erreur(
                ligne,
                colonne,
                f"montant « {texte} » invalide : attendu un nombre avec une virgule décimale "
                "(ex. 1234,56), sans séparateur de milliers ni devise",
            )
        return Decimal(texte.replace(",", "."))

    def verifier_montant(self, texte: str, ligne: int, colonne: int) -> None:
        # Fast path (C string methods) for the usual "1234,56"; the regex for the rest.
        if texte and not texte.replace(",", "", 1).isdigit() and not _MONTANT.match(texte.strip()):
            self.montant(texte, ligne, colonne)

    def ligne(self, champs: list[str], n: int) -> LigneClient | None:
        if len(champs) != len(COLONNES):
            raise self.erreur(
                n,
                None,
                f"{len(champs)} colonnes au lieu de {len(COLONNES)} "
                "(séparateur dans un libellé, ou ligne tronquée ?)",
            )
        dates = self.dates
        for colonne in (_ECRITURE_DATE, _PIECE_DATE, _VALID_DATE, _DATE_LET):
            texte = champs[colonne]
            if texte not in dates and (texte or colonne in _DATES_OBLIGATOIRES):
                self.date(texte, n, colonne)
        compte = champs[_COMPTE]
        if not compte:
            raise self.erreur(n, _COMPTE, "numéro de compte vide")
        if not compte.startswith(PREFIXE_CLIENTS):
            self.verifier_montant(champs[_DEBIT], n, _DEBIT)
            self.verifier_montant(champs[_CREDIT], n, _CREDIT)
            self.verifier_montant(champs[_MONTANT_DEVISE], n, _MONTANT_DEVISE)
            return None
        debit = self.montant(champs[_DEBIT], n, _DEBIT)
        credit = self.montant(champs[_CREDIT], n, _CREDIT)
        self.verifier_montant(champs[_MONTANT_DEVISE], n, _MONTANT_DEVISE)
        if debit < 0 or credit < 0:
            # Some exports write a negative amount instead of using the other column.
            debit, credit = (
                max(debit, ZERO) - min(credit, ZERO),
                max(credit, ZERO) - min(debit, ZERO),
            )
        if not champs[_PIECE].strip():
            raise self.erreur(n, _PIECE, "référence de pièce vide sur un compte client")
        client = champs[_AUX].strip() or compte
        return LigneClient(
            ligne=n,
            journal=champs[_JOURNAL].strip(),
            journal_lib=champs[_JOURNAL_LIB].strip(),
            ecriture_num=champs[_ECRITURE_NUM].strip(),
            ecriture_date=self.dates[champs[_ECRITURE_DATE]],
            compte=compte,
            client=client,
            client_lib=(champs[_AUX_LIB] or champs[_COMPTE_LIB]).strip(),
            piece=champs[_PIECE].strip(),
            piece_date=self.dates[champs[_PIECE_DATE]],
            libelle=champs[_LIBELLE].strip(),
            debit=debit,
            credit=credit,
            lettre=champs[_LETTRE].strip(),
            date_lettrage=self.dates[champs[_DATE_LET]] if champs[_DATE_LET] else None,
        )


def _entete(premiere: str, nom: str) -> str:
    """The separator (tab or pipe) after checking the 18 column names."""
    premiere = premiere.lstrip("\ufeff").rstrip("\r\n")
    separateur = "\t" if premiere.count("\t") >= premiere.count("|") else "|"
    noms = [n.strip() for n in premiere.split(separateur)]
    if len(noms) != len(COLONNES):
        raise EntreeInvalide(
            f"ligne 1 : en-tête de {len(noms)} colonnes au lieu des {len(COLONNES)} colonnes "
            "de l'article A47 A-1 du LPF, séparées par une tabulation ou une barre verticale",
            fichier=nom,
        )
    for i, (lu, attendu) in enumerate(zip(noms, COLONNES, strict=True)):
        if lu.lower() != attendu.lower():
            raise EntreeInvalide(
                f"ligne 1, colonne {i + 1} : « {lu} » au lieu de « {attendu} »",
                fichier=nom,
                champ=attendu,
            )
    return separateur


def _ouvrir(chemin: Path) -> IO[str]:
    """UTF-8 (with or without BOM), else ISO-8859-15 (both are allowed by A47 A-1)."""
    with chemin.open("rb") as f:
        debut = f.read(1 << 16)
    try:
        debut.decode("utf-8")
        encodage = "utf-8-sig"
    except UnicodeDecodeError as e:
        # A cut multi-byte character at the end of the sample is still UTF-8.
        encodage = "utf-8-sig" if e.start >= len(debut) - 3 else "iso-8859-15"
    return chemin.open(encoding=encodage, newline="")


def lire_lignes_clients(flux: Iterable[str], nom: str = "FEC") -> Iterator[LigneClient]:
    """Validate every line of a FEC and yield its customer-account lines (streaming)."""
    iterateur = iter(flux)
    try:
        premiere = next(iterateur)
    except StopIteration:
        raise EntreeInvalide("fichier vide : l'en-tête du FEC manque", fichier=nom) from None
    separateur = _entete(premiere, nom)
    lecteur = _Lecteur(nom)
    n = 1
    try:
        for n, champs in enumerate(
            csv.reader(iterateur, delimiter=separateur, quoting=csv.QUOTE_NONE), start=2
        ):
            if not champs:
                continue
            ligne = lecteur.ligne(champs, n)
            if ligne is not None:
                yield ligne
    except UnicodeDecodeError:
        raise EntreeInvalide(
            f"ligne {n + 1} : caractères illisibles (encodage attendu : UTF-8 ou ISO-8859-15)",
            fichier=nom,
        ) from None


def lire_fichier_fec(chemin: Path) -> Iterator[LigneClient]:
    """The customer lines of a FEC file (validated line by line while read)."""
    with _ouvrir(chemin) as flux:
        yield from lire_lignes_clients(flux, str(chemin))


def cle_colonne(texte: str) -> str:
    """A column name or label as a key: lower case, no accent, words joined by « _ »."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", sans_accents.lower()).strip("_")
