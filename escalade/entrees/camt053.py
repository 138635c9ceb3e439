"""CAMT.053 bank statements: the credits received (ISO 20022 end-of-day statement).

A statement is Document/BkToCstmrStmt/Stmt/Ntry. Each entry (Ntry) has an amount with its
currency (Amt/@Ccy), a direction (CdtDbtInd: CRDT for money in), a booking and a value date
(BookgDt, ValDt), the bank's own reference (AcctSvcrRef) and, in NtryDtls/TxDtls, the
remittance information: free text (RmtInf/Ustrd, AddtlTxInf) or the creditor's structured
reference (RmtInf/Strd/CdtrRefInf/Ref), the end-to-end id, the payer (RltdPties/Dbtr/Nm,
or Dbtr/Pty/Nm from version 8) and the payer's account (RltdPties/DbtrAcct). Every version
from camt.053.001.02 on is read; a document in another namespace is refused.

What banks really write and how it is read:
- an entry without BookgDt nor ValDt (some national banks' daily statements) is dated by
  its statement (FrToDt/ToDtTm, else Stmt/CreDtTm, else GrpHdr/CreDtTm), and this is said;
- an amount with more decimals than cents (« 8.850 ») is read exactly; a euro amount with
  a non-zero third decimal, or an entry in another currency, is set aside for that entry
  alone, with the reason;
- one pass over the tree: the reading time grows linearly with the number of entries.

XML is parsed with defusedxml (no entity expansion, no external resource).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.credits_bancaires import Credit, Releve, identites_par_hachage

REFERENCES = ("ISO 20022 camt.053",)
ESPACE_CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053."


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


class _Lecture:
    """The state of one statement's reading: lines, file name, what is set aside."""

    def __init__(self, fichier: str, lignes: dict[int, int]) -> None:
        self.fichier = fichier
        self.lignes = lignes
        self.credits: list[Credit] = []
        self.ignores: list[tuple[int | None, str]] = []
        self.remarques: list[tuple[int | None, str]] = []

    def erreur(self, ligne: int | None, element: str, message: str) -> EntreeInvalide:
        ou = f"ligne {ligne}, élément {element}" if ligne else f"élément {element}"
        return EntreeInvalide(f"{ou} : {message}", fichier=self.fichier, champ=element)

    def montant(self, e: Element | None) -> Decimal | str:
        """The amount, or why this entry is set aside (a string)."""
        ligne = self.lignes.get(id(e)) if e is not None else None
        if e is None or not (e.text or "").strip():
            raise self.erreur(ligne, "Amt", "montant absent")
        texte = (e.text or "").strip()
        try:
            montant = Decimal(texte)
        except InvalidOperation:
            raise self.erreur(ligne, "Amt", f"montant « {texte} » illisible") from None
        if not montant.is_finite() or montant < 0:
            raise self.erreur(ligne, "Amt", f"montant « {texte} » invalide")
        devise = e.get("Ccy")
        if devise != "EUR":
            return f"montant en {devise} : seul l'euro est géré"
        if montant != montant.quantize(Decimal("0.01")):
            return (
                f"montant « {texte} » : plus de deux décimales non nulles pour un montant en euros"
            )
        return montant.quantize(Decimal("0.01"))

    def date(self, e: Element | None, nom: str) -> date | None:
        if e is None:
            return None
        texte = _texte(e, "Dt") or (_texte(e, "DtTm") or "")[:10]
        if not texte:
            return None
        try:
            return date.fromisoformat(texte)
        except ValueError:
            raise self.erreur(
                self.lignes.get(id(e)), nom, f"date « {texte} » invalide (AAAA-MM-JJ attendu)"
            ) from None


def _date_du_releve(stmt: Element, entete: Element | None) -> date | None:
    for texte in (
        _texte(stmt, "FrToDt", "ToDtTm"),
        _texte(stmt, "CreDtTm"),
        _texte(entete, "CreDtTm"),
    ):
        if texte:
            try:
                return date.fromisoformat(texte[:10])
            except ValueError:
                continue
    return None


def lire_camt053(contenu: bytes, fichier: str = "relevé") -> Releve:
    racine, lignes = _analyser_xml(contenu, fichier)
    espace = racine.tag[1:].split("}", 1)[0] if racine.tag.startswith("{") else ""
    releve = _enfant(racine, "BkToCstmrStmt") if _local(racine.tag) == "Document" else None
    if releve is None or (espace and not espace.startswith(ESPACE_CAMT053)):
        raise EntreeInvalide(
            "ce n'est pas un relevé CAMT.053 (Document/BkToCstmrStmt de l'espace de noms "
            f"{ESPACE_CAMT053}… attendu, lu : « {_local(racine.tag)} »"
            + (f", espace « {espace} »" if espace else "")
            + ")",
            fichier=fichier,
        )
    if not _enfants(releve, "Stmt"):
        raise EntreeInvalide(
            "aucun relevé (élément Stmt) dans le document BkToCstmrStmt", fichier=fichier
        )
    lecture = _Lecture(fichier, lignes)
    entete = _enfant(releve, "GrpHdr")
    for stmt in _enfants(releve, "Stmt"):
        le_releve = _date_du_releve(stmt, entete)
        for position, ntry in enumerate(_enfants(stmt, "Ntry"), start=1):
            _lire_entree(ntry, lecture, le_releve, position)
    identites_par_hachage(lecture.credits)
    return Releve(tuple(lecture.credits), tuple(lecture.ignores), tuple(lecture.remarques))


def _lire_entree(ntry: Element, lecture: _Lecture, le_releve: date | None, position: int) -> None:
    ligne = lecture.lignes.get(id(ntry))
    sens = _texte(ntry, "CdtDbtInd")
    if sens not in ("CRDT", "DBIT"):
        raise lecture.erreur(ligne, "CdtDbtInd", f"« {sens} » : CRDT ou DBIT attendu")
    montant = lecture.montant(_enfant(ntry, "Amt"))
    if sens == "DBIT":
        return
    if isinstance(montant, str):
        lecture.ignores.append((ligne, montant))
        return
    statut = _texte(ntry, "Sts") or _texte(ntry, "Sts", "Cd")
    if statut not in (None, "BOOK"):
        lecture.ignores.append((ligne, f"écriture au statut {statut} (non comptabilisée)"))
        return
    if (_texte(ntry, "RvslInd") or "").lower() == "true":
        lecture.ignores.append((ligne, "contre-passation (RvslInd)"))
        return
    reservation = lecture.date(_enfant(ntry, "BookgDt"), "BookgDt")
    valeur = lecture.date(_enfant(ntry, "ValDt"), "ValDt")
    le = reservation or valeur
    if le is None:
        if le_releve is None:
            raise lecture.erreur(
                ligne, "BookgDt", "date de comptabilisation absente, et relevé sans date"
            )
        le = le_releve
        lecture.remarques.append(
            (
                ligne,
                f"écriture n° {position} sans BookgDt ni ValDt : datée du relevé "
                f"({le.isoformat()})",
            )
        )
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
            lu = lecture.montant(amt)
            if isinstance(lu, str):
                lecture.ignores.append((lecture.lignes.get(id(tx)) or ligne, lu))
                continue
            montant_tx = lu
        lecture.credits.append(
            _credit(tx, ntry, ligne, le, valeur, montant_tx, info, rang, len(transactions), lecture)
        )


def _credit(
    tx: Element | None,
    ntry: Element,
    ligne: int | None,
    le: date,
    valeur: date | None,
    montant: Decimal,
    info: str | None,
    rang: int,
    total: int,
    lecture: _Lecture,
) -> Credit:
    ref_banque = _texte(ntry, "AcctSvcrRef")
    textes = [x.text.strip() for x in _iter_nom(tx, "Ustrd") if x.text and x.text.strip()]
    supplement = _texte(tx, "AddtlTxInf")
    if supplement and supplement not in textes:
        textes.append(supplement)
    parties = _enfant(tx, "RltdPties")
    compte = _enfant(parties, "DbtrAcct", "Id")
    return Credit(
        identite=_identite_camt(ref_banque, rang, total),
        date=le,
        montant=montant,
        libelle=" ".join(textes) or info or "",
        reference=_texte(_enfant(tx, "RmtInf", "Strd"), "CdtrRefInf", "Ref"),
        debiteur=_texte(parties, "Dbtr", "Nm") or _texte(parties, "Dbtr", "Pty", "Nm"),
        date_valeur=valeur,
        reference_bancaire=ref_banque,
        bout_en_bout=_bout_en_bout(tx),
        ligne=lecture.lignes.get(id(tx)) if tx is not None else ligne,
        compte_payeur=_texte(compte, "IBAN") or _texte(compte, "Othr", "Id"),
        fichier=lecture.fichier,
    )


def _iter_nom(e: Element | None, nom: str) -> list[Element]:
    return [] if e is None else [x for x in e.iter() if _local(x.tag) == nom]


def _bout_en_bout(tx: Element | None) -> str | None:
    ref = _texte(_enfant(tx, "Refs"), "EndToEndId")
    return None if ref in (None, "NOTPROVIDED") else ref


def _identite_camt(ref_banque: str | None, rang: int, total: int) -> str:
    if ref_banque is None:
        return ""  # filled by identites_par_hachage
    return f"camt:{ref_banque}" if total == 1 else f"camt:{ref_banque}#{rang + 1}"
