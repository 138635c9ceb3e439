"""Fichier des Écritures Comptables (FEC): reading and validating its lines, as a stream.

The FEC is the accounting export every French company keeping computerised books must
hand to the tax authorities (LPF art. L47 A; format of LPF art. A47 A-1): one header line
of 18 column names, then one line per accounting line, tab- or pipe-separated, dates as
AAAAMMJJ, amounts with a comma (or a point) for decimals, UTF-8 or ISO-8859-15.

Every line is validated (column count, dates, amounts) and only the lines of the customer
accounts (411* unless the caller names others: 4967, a customised plan) are parsed and
yielded, one at a time: a FEC of millions of lines is never held in memory. Lines of other
third-party accounts (an auxiliary account, a 41* or 4967 account) that are not read as
receivables are counted per account so that the caller can say what was skipped. An
error names the file, the line, the column and the reason, in French.

What exports really write, and how it is read:
- the additional columns of A47 A-1 for cash-basis taxpayers (DateRglt, ModeRglt, NatOp,
  IdClient) and a trailing separator are accepted; fields padded with spaces are trimmed;
- the invoice number of a line is its PieceRef when it identifies something (Odoo writes
  « - »), else its EcritureNum, else an invoice number written in EcritureLib;
- the opening-balance journals (AN, ANO, OUV, RAN, AD, or a label « à nouveau » /
  « ouverture » / « balance initiale ») are flagged: their lines are the previous year's
  open items, not invoices of the opening date.

References: LPF art. L47 A and A47 A-1 (BOI-CF-IOR-60-40-20).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.valeurs import MONTANT_MAX
from escalade.entrees.lecture_csv import message_csv

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
COMPTES_CLIENTS = (PREFIXE_CLIENTS,)
COLONNES_SUPPLEMENTAIRES = ("daterglt", "modereglt", "moderglt", "natop", "idclient")
JOURNAUX_OUVERTURE = frozenset({"AN", "ANO", "OUV", "RAN", "AD", "ANX"})
_MOTS_OUVERTURE = ("nouveau", "ouverture", "balance_initiale", "report")
_REFERENCES_VIDES = frozenset({"", "-", "--", "/", ".", "0", "sans", "neant", "na", "n/a", "x"})
_NUMERO_LIBELLE = re.compile(
    r"(?i)(?:\b(?:fact(?:ure)?|fac|fa|fv|inv(?:oice)?|f)\b\s*(?:n[°o.]?\s*)?[.:#-]?\s*"
    r"([A-Z0-9][A-Z0-9/_.-]*\d[A-Z0-9/_-]*))"
    r"|\b([A-Z]{1,6}[/_-]\d{2,}(?:[/_-][A-Z0-9]+)*)\b"
)
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
    numero: str = ""  # the invoice number chosen for this line (PieceRef, EcritureNum…)
    ouverture: bool = False  # an opening-balance (« à nouveau ») line


def reference_utile(texte: str) -> bool:
    """Whether a PieceRef / EcritureNum identifies something (not « - », « 0 », empty)."""
    t = texte.strip().lower()
    return t not in _REFERENCES_VIDES and bool(t.strip("0-/. "))


def numero_de_ligne(piece: str, ecriture: str, libelle: str) -> str:
    """The invoice number of a line: PieceRef, else EcritureNum, else one in EcritureLib."""
    if reference_utile(piece):
        return " ".join(piece.split())
    if reference_utile(ecriture):
        return ecriture.strip()
    m = _NUMERO_LIBELLE.search(libelle)
    if m:
        return m.group(1) or m.group(2)
    return ""


@lru_cache(maxsize=1024)
def est_ouverture(journal: str, libelle_journal: str) -> bool:
    if journal.strip().upper() in JOURNAUX_OUVERTURE:
        return True
    texte = cle_colonne(libelle_journal)
    return any(mot in texte for mot in _MOTS_OUVERTURE)


class _Lecteur:
    """Validates every line of a FEC and parses the customer lines."""

    def __init__(
        self,
        nom: str,
        colonnes: int = len(COLONNES),
        comptes: tuple[str, ...] = COMPTES_CLIENTS,
        ecartes: Counter[str] | None = None,
    ) -> None:
        self.nom = nom
        self.dates: dict[str, date] = {}
        self.lignes = 0
        self.colonnes = colonnes
        self.comptes = comptes
        self.ecartes: Counter[str] = ecartes if ecartes is not None else Counter()

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
        valeur = Decimal(texte.replace(",", "."))
        if abs(valeur) > MONTANT_MAX:  # beyond it, Decimal arithmetic would round silently
            raise self.erreur(
                ligne, colonne, f"montant « {texte} » hors limites (au plus {MONTANT_MAX} €)"
            )
        return valeur

    def verifier_montant(self, texte: str, ligne: int, colonne: int) -> None:
        # Fast path (C string methods) for the usual "1234,56"; the regex for the rest.
        # Past 15 characters the amount may exceed MONTANT_MAX: the full check.
        if texte and (
            len(texte) > 15
            or (not texte.replace(",", "", 1).isdigit() and not _MONTANT.match(texte.strip()))
        ):
            self.montant(texte, ligne, colonne)

    def ligne(self, champs: list[str], n: int) -> LigneClient | None:
        if len(champs) != self.colonnes:
            raise self.erreur(
                n,
                None,
                f"{len(champs)} colonnes au lieu de {self.colonnes} "
                "(séparateur dans un libellé, ou ligne tronquée ?)",
            )
        dates = self.dates
        for colonne in (_ECRITURE_DATE, _PIECE_DATE, _VALID_DATE, _DATE_LET):
            texte = champs[colonne]
            if texte not in dates:
                if texte[:1] == " " or texte[-1:] == " ":  # padded export
                    texte = champs[colonne] = texte.strip()
                if texte not in dates and (texte or colonne in _DATES_OBLIGATOIRES):
                    self.date(texte, n, colonne)
        compte = champs[_COMPTE].strip()
        if not compte:
            raise self.erreur(n, _COMPTE, "numéro de compte vide")
        if not compte.startswith(self.comptes):
            if compte.startswith(("41", "4967")) or (
                champs[_AUX].strip() and not compte.startswith("40")
            ):
                self.ecartes[compte] += 1  # a third party's account not read as receivable
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
        journal = champs[_JOURNAL].strip()
        piece = champs[_PIECE].strip()
        if "  " in piece:  # « VE  0323 »: one space, as people write it
            piece = " ".join(piece.split())
        ecriture_num = champs[_ECRITURE_NUM].strip()
        libelle = champs[_LIBELLE].strip()
        numero = numero_de_ligne(piece, ecriture_num, libelle)
        if not numero and debit:
            raise self.erreur(
                n,
                _PIECE,
                "facture sans numéro : ni PieceRef, ni EcritureNum, ni numéro dans EcritureLib",
            )
        client = champs[_AUX].strip() or compte
        return LigneClient(
            ligne=n,
            journal=journal,
            journal_lib=champs[_JOURNAL_LIB].strip(),
            ecriture_num=ecriture_num,
            ecriture_date=self.dates[champs[_ECRITURE_DATE]],
            compte=compte,
            client=client,
            client_lib=(champs[_AUX_LIB] or champs[_COMPTE_LIB]).strip(),
            piece=piece or numero,
            piece_date=self.dates[champs[_PIECE_DATE]],
            libelle=libelle,
            debit=debit,
            credit=credit,
            lettre=champs[_LETTRE].strip(),
            date_lettrage=self.dates[champs[_DATE_LET]] if champs[_DATE_LET] else None,
            numero=numero,
            ouverture=est_ouverture(journal, champs[_JOURNAL_LIB]),
        )


def _entete(premiere: str, nom: str) -> tuple[str, int]:
    """The separator (tab or pipe) and the number of columns, after checking the 18 column
    names (then only the additional columns of A47 A-1, or an empty one after a trailing
    separator)."""
    premiere = premiere.lstrip("\ufeff").rstrip("\r\n")
    separateur = "\t" if premiere.count("\t") >= premiere.count("|") else "|"
    noms = [n.strip() for n in premiere.split(separateur)]
    supplementaires = noms[len(COLONNES) :]
    if len(noms) < len(COLONNES) or any(
        n and n.lower() not in COLONNES_SUPPLEMENTAIRES for n in supplementaires
    ):
        raise EntreeInvalide(
            f"ligne 1 : en-tête de {len(noms)} colonnes au lieu des {len(COLONNES)} colonnes "
            "de l'article A47 A-1 du LPF (plus, le cas échéant, DateRglt, ModeRglt, NatOp, "
            "IdClient), séparées par une tabulation ou une barre verticale",
            fichier=nom,
        )
    for i, (lu, attendu) in enumerate(zip(noms, COLONNES, strict=False)):
        if lu.lower() != attendu.lower():
            raise EntreeInvalide(
                f"ligne 1, colonne {i + 1} : « {lu} » au lieu de « {attendu} »",
                fichier=nom,
                champ=attendu,
            )
    return separateur, len(noms)


def _ouvrir(chemin: Path) -> IO[str]:
    """UTF-8 (with or without BOM), else ISO-8859-15 (both are allowed by A47 A-1).

    The whole file is checked (in chunks, by the C decoder): some exports are UTF-8 for
    their first pages and write a Latin-1 character further down."""
    import codecs

    decodeur = codecs.getincrementaldecoder("utf-8")()
    encodage = "utf-8-sig"
    with chemin.open("rb") as f:
        try:
            while bloc := f.read(1 << 20):
                decodeur.decode(bloc)
            decodeur.decode(b"", final=True)
        except UnicodeDecodeError:
            encodage = "iso-8859-15"
    return chemin.open(encoding=encodage, newline="")


def lire_lignes_clients(
    flux: Iterable[str],
    nom: str = "FEC",
    comptes: tuple[str, ...] = COMPTES_CLIENTS,
    ecartes: Counter[str] | None = None,
) -> Iterator[LigneClient]:
    """Validate every line of a FEC and yield its customer-account lines (streaming).

    `comptes`: the prefixes of the receivable accounts; `ecartes` counts, per account, the
    lines of other third-party accounts that were not read."""
    iterateur = iter(flux)
    try:
        premiere = next(iterateur)
    except StopIteration:
        raise EntreeInvalide("fichier vide : l'en-tête du FEC manque", fichier=nom) from None
    separateur, colonnes = _entete(premiere, nom)
    lecteur = _Lecteur(nom, colonnes, comptes, ecartes)
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
    except csv.Error as e:
        raise EntreeInvalide(message_csv(e), fichier=nom, champ=f"ligne {n + 1}") from None
    except UnicodeDecodeError:
        raise EntreeInvalide(
            f"ligne {n + 1} : caractères illisibles (encodage attendu : UTF-8 ou ISO-8859-15)",
            fichier=nom,
        ) from None


def lire_fichier_fec(
    chemin: Path,
    comptes: tuple[str, ...] = COMPTES_CLIENTS,
    ecartes: Counter[str] | None = None,
) -> Iterator[LigneClient]:
    """The customer lines of a FEC file (validated line by line while read)."""
    with _ouvrir(chemin) as flux:
        yield from lire_lignes_clients(flux, str(chemin), comptes, ecartes)


def cle_colonne(texte: str) -> str:
    """A column name or label as a key: lower case, no accent, words joined by « _ »."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", sans_accents.lower()).strip("_")
