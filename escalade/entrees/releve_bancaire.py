"""Bank statements: the credits received, from a CAMT.053 XML or a plain CSV.

CAMT.053 is the ISO 20022 end-of-day statement (Document/BkToCstmrStmt/Stmt/Ntry). Each
entry (Ntry) has an amount with its currency (Amt/@Ccy), a direction (CdtDbtInd: CRDT for
money in), a booking and a value date (BookgDt, ValDt), the bank's own reference
(AcctSvcrRef) and, in NtryDtls/TxDtls, the remittance information: free text (RmtInf/Ustrd)
or the creditor's structured reference (RmtInf/Strd/CdtrRefInf/Ref), the end-to-end id
and the payer (RltdPties/Dbtr/Nm, or Dbtr/Pty/Nm from version 8). Every version from
camt.053.001.02 on is read: namespaces are ignored. A batch entry with several TxDtls
gives one credit per transaction.

The plain CSV has three columns: date;montant;libelle (JJ/MM/AAAA or AAAA-MM-JJ, comma
decimals, negative amounts are debits and are skipped).

Each credit has a stable identity so that it is never matched twice: the bank's
reference (AcctSvcrRef, plus the transaction's rank in a batch), else a hash of date,
amount, label and the rank of that same (date, amount, label) in the file, which stays
the same when the statement is exported again with other lines around it.

XML is parsed with defusedxml (no entity expansion, no external resource).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from escalade.droit.erreurs import EntreeInvalide

REFERENCES = ("ISO 20022 camt.053",)


@dataclass(frozen=True)
class Credit:
    """Money received on the creditor's account."""

    identite: str
    # datetime.date: in this class body a bare `date` names the field, not the type.
    date: datetime.date
    montant: Decimal
    libelle: str
    reference: str | None = None  # structured creditor reference (CdtrRefInf/Ref)
    debiteur: str | None = None  # payer's name
    date_valeur: datetime.date | None = None
    reference_bancaire: str | None = None  # AcctSvcrRef
    bout_en_bout: str | None = None  # EndToEndId
    ligne: int | None = None  # where it is in the file


@dataclass(frozen=True)
class Releve:
    credits: tuple[Credit, ...]
    ignores: tuple[tuple[int | None, str], ...]  # (line, reason) of entries not read as credits


# --- CAMT.053 ------------------------------------------------------------------------


class _ArbreLigne(TreeBuilder):
    """A tree builder that remembers the line of each element."""

    def __init__(self) -> None:
        super().__init__()
        self.lignes: dict[int, int] = {}
        self.analyseur: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:  # type: ignore[override]
        element = super().start(tag, attrs)
        if self.analyseur is not None:
            self.lignes[id(element)] = self.analyseur.CurrentLineNumber
        return element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _enfant(e: Element | None, *chemin: str) -> Element | None:
    for nom in chemin:
        if e is None:
            return None
        e = next((x for x in e if _local(x.tag) == nom), None)
    return e


def _enfants(e: Element | None, nom: str) -> list[Element]:
    return [] if e is None else [x for x in e if _local(x.tag) == nom]


def _texte(e: Element | None, *chemin: str) -> str | None:
    x = _enfant(e, *chemin)
    if x is None or x.text is None:
        return None
    return x.text.strip() or None


def _analyser_xml(contenu: bytes, fichier: str) -> tuple[Element, dict[int, int]]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    constructeur = _ArbreLigne()
    analyseur = DefusedXMLParser(target=constructeur, forbid_dtd=True)
    constructeur.analyseur = analyseur.parser
    try:
        analyseur.feed(contenu)
        racine = analyseur.close()
    except ParseError as e:
        ligne, colonne = e.position
        raise EntreeInvalide(
            f"XML mal formé, ligne {ligne}, colonne {colonne + 1}", fichier=fichier
        ) from None
    except DefusedXmlException:
        raise EntreeInvalide(
            "XML refusé : DTD ou entités interdites dans un relevé bancaire", fichier=fichier
        ) from None
    return racine, constructeur.lignes


def lire_camt053(contenu: bytes, fichier: str = "relevé") -> Releve:
    racine, lignes = _analyser_xml(contenu, fichier)
    releve = _enfant(racine, "BkToCstmrStmt") if _local(racine.tag) == "Document" else None
    if releve is None:
        raise EntreeInvalide(
            "ce n'est pas un relevé CAMT.053 (Document/BkToCstmrStmt attendu)", fichier=fichier
        )
    credits: list[Credit] = []
    ignores: list[tuple[int | None, str]] = []
    for stmt in _enfants(releve, "Stmt"):
        for ntry in _enfants(stmt, "Ntry"):
            _lire_entree(ntry, lignes, fichier, credits, ignores)
    # Entries without a bank reference: hashes, unique by rank of identical credits.
    _identites_par_hachage(credits, fichier)
    return Releve(tuple(credits), tuple(ignores))


def _erreur(fichier: str, ligne: int | None, element: str, message: str) -> EntreeInvalide:
    ou = f"ligne {ligne}, élément {element}" if ligne else f"élément {element}"
    return EntreeInvalide(f"{ou} : {message}", fichier=fichier, champ=element)


def _montant_xml(e: Element | None, lignes: dict[int, int], fichier: str) -> Decimal:
    ligne = lignes.get(id(e)) if e is not None else None
    if e is None or not (e.text or "").strip():
        raise _erreur(fichier, ligne, "Amt", "montant absent")
    devise = e.get("Ccy")
    if devise != "EUR":
        raise _erreur(fichier, ligne, "Amt", f"devise « {devise} » : seul l'euro est géré")
    texte = (e.text or "").strip()
    try:
        montant = Decimal(texte)
    except InvalidOperation:
        raise _erreur(fichier, ligne, "Amt", f"montant « {texte} » illisible") from None
    if not montant.is_finite() or montant < 0 or montant.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _erreur(fichier, ligne, "Amt", f"montant « {texte} » invalide")
    return montant


def _date_xml(e: Element | None, lignes: dict[int, int], fichier: str, nom: str) -> date | None:
    if e is None:
        return None
    texte = _texte(e, "Dt") or (_texte(e, "DtTm") or "")[:10]
    if not texte:
        return None
    try:
        return date.fromisoformat(texte)
    except ValueError:
        raise _erreur(
            fichier, lignes.get(id(e)), nom, f"date « {texte} » invalide (AAAA-MM-JJ attendu)"
        ) from None


def _lire_entree(
    ntry: Element,
    lignes: dict[int, int],
    fichier: str,
    credits: list[Credit],
    ignores: list[tuple[int | None, str]],
) -> None:
    ligne = lignes.get(id(ntry))
    sens = _texte(ntry, "CdtDbtInd")
    if sens not in ("CRDT", "DBIT"):
        raise _erreur(fichier, ligne, "CdtDbtInd", f"« {sens} » : CRDT ou DBIT attendu")
    montant = _montant_xml(_enfant(ntry, "Amt"), lignes, fichier)
    if sens == "DBIT":
        return
    statut = _texte(ntry, "Sts") or _texte(ntry, "Sts", "Cd")
    if statut not in (None, "BOOK"):
        ignores.append((ligne, f"écriture au statut {statut} (non comptabilisée)"))
        return
    if (_texte(ntry, "RvslInd") or "").lower() == "true":
        ignores.append((ligne, "contre-passation (RvslInd)"))
        return
    reservation = _date_xml(_enfant(ntry, "BookgDt"), lignes, fichier, "BookgDt")
    valeur = _date_xml(_enfant(ntry, "ValDt"), lignes, fichier, "ValDt")
    le = reservation or valeur
    if le is None:
        raise _erreur(fichier, ligne, "BookgDt", "date de comptabilisation absente")
    ref_banque = _texte(ntry, "AcctSvcrRef")
    # An entry without TxDtls is one credit read from the entry itself (tx is None).
    transactions: list[Element | None] = [
        tx for dtls in _enfants(ntry, "NtryDtls") for tx in _enfants(dtls, "TxDtls")
    ] or [None]
    info = _texte(ntry, "AddtlNtryInf")
    for rang, tx in enumerate(transactions):
        montant_tx = montant
        if len(transactions) > 1:
            amt = _enfant(tx, "Amt")
            if amt is None:
                amt = _enfant(tx, "AmtDtls", "TxAmt", "Amt")
            montant_tx = _montant_xml(amt, lignes, fichier)
        libelle = " ".join(
            x.text.strip() for x in _iter_nom(tx, "Ustrd") if x.text and x.text.strip()
        )
        credits.append(
            Credit(
                identite=_identite_camt(ref_banque, rang, len(transactions)),
                date=le,
                montant=montant_tx,
                libelle=libelle or info or "",
                reference=_texte(_enfant(tx, "RmtInf", "Strd"), "CdtrRefInf", "Ref"),
                debiteur=_texte(_enfant(tx, "RltdPties", "Dbtr"), "Nm")
                or _texte(_enfant(tx, "RltdPties", "Dbtr", "Pty"), "Nm"),
                date_valeur=valeur,
                reference_bancaire=ref_banque,
                bout_en_bout=_bout_en_bout(tx),
                ligne=lignes.get(id(tx)) if tx is not None else ligne,
            )
        )


def _iter_nom(e: Element | None, nom: str) -> list[Element]:
    return [] if e is None else [x for x in e.iter() if _local(x.tag) == nom]


def _bout_en_bout(tx: Element | None) -> str | None:
    ref = _texte(_enfant(tx, "Refs"), "EndToEndId")
    return None if ref in (None, "NOTPROVIDED") else ref


def _identite_camt(ref_banque: str | None, rang: int, total: int) -> str:
    if ref_banque is None:
        return ""  # filled by _identites_par_hachage
    return f"camt:{ref_banque}" if total == 1 else f"camt:{ref_banque}#{rang + 1}"


def _empreinte(c: Credit, rang: int) -> str:
    texte = f"{c.date.isoformat()}|{c.montant:f}|{' '.join(c.libelle.split()).lower()}|{rang}"
    return "h:" + hashlib.sha256(texte.encode()).hexdigest()[:24]


def _identites_par_hachage(credits: list[Credit], fichier: str) -> None:
    vus: Counter[tuple[date, Decimal, str]] = Counter()
    for i, c in enumerate(credits):
        cle = (c.date, c.montant, " ".join(c.libelle.split()).lower())
        rang = vus[cle]
        vus[cle] += 1
        if not c.identite:
            credits[i] = Credit(**{**c.__dict__, "identite": _empreinte(c, rang)})


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
    lecteur = csv.reader(io.StringIO(texte), delimiter=separateur)
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
    _identites_par_hachage(credits, fichier)
    return Releve(tuple(credits), ())


def lire_releve(chemin: Path) -> Releve:
    """A CAMT.053 XML (by content) or a CSV statement."""
    fichier = str(chemin)
    try:
        contenu = chemin.read_bytes()
    except OSError as e:
        raise EntreeInvalide(f"lecture impossible : {e.strerror}", fichier=fichier) from None
    if contenu.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return lire_camt053(contenu, fichier)
    try:
        texte = contenu.decode("utf-8")
    except UnicodeDecodeError:
        texte = contenu.decode("iso-8859-15")
    return lire_csv(texte, fichier)
