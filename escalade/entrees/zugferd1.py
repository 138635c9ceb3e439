"""ZUGFeRD 1.0 invoices (2014, namespace urn:ferd:CrossIndustryDocument:invoice:1p0).

Many German and Austrian systems still send ZUGFeRD 1.0: a CII of the 2014 draft
(rsm:CrossIndustryDocument, HeaderExchangedDocument, ApplicableSupplyChainTradeAgreement,
ApplicableSupplyChainTradeSettlement) that the factur-x library detects but does not
parse. This module reads the same business terms as the EN 16931 dictionary of
`escalade.entrees.facturx` (BT-1 number, BT-2 issue date, BT-3 type, BT-5 currency,
BT-9 due date, BT-112 grand total, BT-113 prepaid, BT-115 amount due, BG-4 seller,
BG-7 buyer, BT-20 terms, BT-83 payment reference, BT-84 IBAN), from the ZUGFeRD 1.0
specification (FeRD, 2014-06-25, chapter 5: the BASIC, COMFORT and EXTENDED profiles
share these elements).

Pure: takes an lxml element, does no I/O.
"""

from __future__ import annotations

from datetime import date
from typing import Any

ESPACE_ZF1 = "urn:ferd:CrossIndustryDocument:invoice:1p0"


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _enfant(e: Any, *chemin: str) -> Any:
    for nom in chemin:
        if e is None:
            return None
        e = next((x for x in e if _local(x.tag) == nom), None)
    return e


def _enfants(e: Any, nom: str) -> list[Any]:
    return [] if e is None else [x for x in e if _local(x.tag) == nom]


def _texte(e: Any, *chemin: str) -> str | None:
    x = _enfant(e, *chemin)
    if x is None or x.text is None:
        return None
    return str(x.text).strip() or None


def _date(e: Any) -> date | None:
    texte = _texte(e, "DateTimeString")
    if texte is None or len(texte) < 8 or not texte[:8].isdigit():
        return None
    try:
        return date(int(texte[:4]), int(texte[4:6]), int(texte[6:8]))
    except ValueError:
        return None


def est_zugferd1(racine: Any) -> bool:
    return _local(racine.tag) == "CrossIndustryDocument"


def _partie(bloc: Any) -> dict[str, Any] | None:
    if bloc is None:
        return None
    adresse = _enfant(bloc, "PostalTradeAddress")
    partie: dict[str, Any] = {
        "name": _texte(bloc, "Name"),
        "postcode": _texte(adresse, "PostcodeCode"),
        "city": _texte(adresse, "CityName"),
        "addr_l1": _texte(adresse, "LineOne"),
        "addr_l2": _texte(adresse, "LineTwo"),
        "country_code": _texte(adresse, "CountryID"),
    }
    for enregistrement in _enfants(bloc, "SpecifiedTaxRegistration"):
        ident = _enfant(enregistrement, "ID")
        if ident is not None and ident.get("schemeID") == "VA" and ident.text:
            partie["vat_identifier"] = str(ident.text).strip()
    for ident in _enfants(bloc, "GlobalID"):
        # ISO 6523 0002 (SIREN) and 0009 (SIRET) are the French legal identifiers.
        if ident.get("schemeID") in ("0002", "0009") and ident.text:
            partie["legal_identifier"] = str(ident.text).strip()
            partie["legal_identifier_schemeid"] = ident.get("schemeID")
    return partie


def lire_zugferd1(racine: Any) -> dict[str, Any]:
    """The EN 16931 dictionary (BT-* keys, as factur-x's parser gives) of a ZUGFeRD 1.0 CII."""
    contexte = _enfant(racine, "SpecifiedExchangedDocumentContext")
    entete = _enfant(racine, "HeaderExchangedDocument")
    transaction = _enfant(racine, "SpecifiedSupplyChainTradeTransaction")
    accord = _enfant(transaction, "ApplicableSupplyChainTradeAgreement")
    reglement = _enfant(transaction, "ApplicableSupplyChainTradeSettlement")
    totaux = _enfant(reglement, "SpecifiedTradeSettlementMonetarySummation")
    conditions = _enfant(reglement, "SpecifiedTradePaymentTerms")
    moyens = _enfants(reglement, "SpecifiedTradeSettlementPaymentMeans")
    ibans = [i for m in moyens if (i := _texte(m, "PayeePartyCreditorFinancialAccount", "IBANID"))]
    return {
        "BT-1": _texte(entete, "ID"),
        "BT-2": _date(_enfant(entete, "IssueDateTime")),
        "BT-3": _texte(entete, "TypeCode"),
        "BT-5": _texte(reglement, "InvoiceCurrencyCode"),
        "BT-9": _date(_enfant(conditions, "DueDateDateTime")),
        "BT-20": _texte(conditions, "Description"),
        "BT-24": _texte(contexte, "GuidelineSpecifiedDocumentContextParameter", "ID"),
        "BT-83": _texte(reglement, "PaymentReference"),
        "BT-84": ibans,
        "BT-112": _texte(totaux, "GrandTotalAmount"),
        "BT-113": _texte(totaux, "TotalPrepaidAmount"),
        "BT-115": _texte(totaux, "DuePayableAmount"),
        "BG-4": _partie(_enfant(accord, "SellerTradeParty")),
        "BG-7": _partie(_enfant(accord, "BuyerTradeParty")),
    }
