"""Electronic invoices: Factur-X / ZUGFeRD PDFs and plain CII or UBL XML.

A Factur-X invoice is a PDF/A-3 carrying a Cross Industry Invoice (CII) XML; the same
EN 16931 data can also come as a bare CII or UBL 2.1 file. The factur-x library extracts
the XML from the PDF and parses both syntaxes into one dictionary keyed by the EN 16931
business terms (BT-1 number, BT-2 issue date, BT-9 due date, BT-112 total with VAT,
BT-115 amount due, BG-4 seller, BG-7 buyer, BT-20 payment terms, BT-84 IBAN). The PDF
itself is kept as the invoice's evidence (`pieces`) for the court file.

The payment date and the penalty terms are mandatory invoice mentions (C. com. art.
L441-9), which is why the due date and the payment terms are read here.

References: EN 16931-1; C. com. art. L441-9; CGI art. 289.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from escalade.droit.erreurs import EntreeInvalide

REFERENCES = ("EN 16931-1", "C. com. art. L441-9")
TYPES_AVOIR = frozenset({"381", "261", "262", "296", "308", "396", "420", "458", "532"})


@dataclass(frozen=True)
class PartieFacture:
    nom: str
    siren: str | None
    tva: str | None
    adresse: dict[str, Any] | None
    email: str | None


@dataclass(frozen=True)
class FactureElectronique:
    """What an electronic invoice says, in the dossier's terms."""

    fichier: str
    syntaxe: str  # factur-x (CII) or ubl
    profil: str | None
    numero: str
    avoir: bool
    date_emission: date
    date_echeance: date | None
    montant_ttc: Decimal
    montant_du: Decimal
    devise: str
    vendeur: PartieFacture
    acheteur: PartieFacture
    conditions_paiement: str | None
    iban: str | None
    reference_paiement: str | None
    pieces: tuple[str, ...]

    def facture(self, delai_suppletif: int | None = None) -> dict[str, Any]:
        """The invoice as dossier data (escalade.droit.modele.Facture shape)."""
        echeance = self.date_echeance
        if echeance is None:
            if delai_suppletif is None:
                raise EntreeInvalide(
                    f"facture {self.numero} : date d'échéance absente (BT-9)",
                    fichier=self.fichier,
                    champ="BT-9",
                )
            from datetime import timedelta

            echeance = self.date_emission + timedelta(days=delai_suppletif)
        return {
            "numero": self.numero,
            "date_emission": self.date_emission,
            "date_echeance": echeance,
            "montant_ttc": self.montant_ttc,
            "pieces": list(self.pieces),
        }


def _erreur(fichier: str, champ: str, message: str) -> EntreeInvalide:
    return EntreeInvalide(message, fichier=fichier, champ=champ)


def _montant(donnees: dict[str, Any], champ: str, fichier: str) -> Decimal | None:
    brut = donnees.get(champ)
    if brut in (None, ""):
        return None
    try:
        valeur = Decimal(str(brut))
    except InvalidOperation:
        raise _erreur(fichier, champ, f"montant « {brut} » illisible") from None
    return valeur.quantize(Decimal("0.01"))


def _partie(bloc: Any, fichier: str, champ: str) -> PartieFacture:
    if not isinstance(bloc, dict) or not bloc.get("name"):
        raise _erreur(fichier, champ, f"partie {champ} sans nom")
    adresse = None
    if bloc.get("postcode") and bloc.get("city"):
        lignes = [bloc[k] for k in ("addr_l1", "addr_l2", "addr_l3") if bloc.get(k)]
        adresse = {"lignes": lignes, "code_postal": bloc["postcode"], "ville": bloc["city"]}
        pays = bloc.get("country_code")
        if pays and pays != "FR":
            adresse["pays"] = pays
    siren = None
    identifiant = str(bloc.get("legal_identifier") or "").replace(" ", "")
    # ISO 6523 scheme 0002 is the SIREN; 0009 the SIRET (its first nine digits are the SIREN).
    if bloc.get("legal_identifier_schemeid") in ("0002", "0009") and identifiant[:9].isdigit():
        siren = identifiant[:9]
    return PartieFacture(
        nom=str(bloc["name"]).strip(),
        siren=siren,
        tva=bloc.get("vat_identifier"),
        adresse=adresse,
        email=bloc.get("electronic_address")
        if bloc.get("electronic_address_schemeid") == "EM"
        else None,
    )


def _xml_du_pdf(contenu: bytes, fichier: str) -> bytes:
    from facturx import get_xml_from_pdf

    try:
        _nom, xml = get_xml_from_pdf(contenu, check_xsd=False)
    except Exception as e:  # the library raises bare Exceptions on broken PDFs
        raise EntreeInvalide(f"PDF illisible : {e}", fichier=fichier) from None
    if not xml:
        raise EntreeInvalide(
            "ce PDF ne contient pas de facture électronique Factur-X / ZUGFeRD (aucun XML joint)",
            fichier=fichier,
        )
    return bytes(xml)


def lire_donnees(xml: bytes, fichier: str) -> tuple[dict[str, Any], str]:
    """The EN 16931 dictionary of a CII or UBL invoice, and its syntax."""
    from facturx import get_flavor
    from facturx.parse_xml import parse_ubl_cii_xml
    from lxml import etree

    try:
        arbre = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        ligne, colonne = e.position
        raise EntreeInvalide(
            f"XML mal formé, ligne {ligne}, colonne {colonne} : {e.msg}", fichier=fichier
        ) from None
    try:
        saveur = get_flavor(arbre)
    except Exception:
        saveur = None
    if saveur not in ("factur-x", "ubl-2.1-invoice", "ubl-2.1-creditnote"):
        raise EntreeInvalide(
            "ni facture CII (Factur-X / ZUGFeRD 2) ni facture UBL 2.1", fichier=fichier
        )
    try:
        donnees = parse_ubl_cii_xml(arbre, flavor=saveur, check_xsd=False)
    except Exception as e:
        raise EntreeInvalide(f"facture électronique illisible : {e}", fichier=fichier) from None
    return donnees, "factur-x" if saveur == "factur-x" else "ubl"


def lire_facture(chemin: Path) -> FactureElectronique:
    """Read a Factur-X / ZUGFeRD PDF, or a CII or UBL XML file."""
    fichier = str(chemin)
    try:
        contenu = chemin.read_bytes()
    except OSError as e:
        raise EntreeInvalide(f"lecture impossible : {e.strerror}", fichier=fichier) from None
    est_pdf = contenu[:5] == b"%PDF-"
    xml = _xml_du_pdf(contenu, fichier) if est_pdf else contenu
    donnees, syntaxe = lire_donnees(xml, fichier)
    return facture_depuis_donnees(donnees, syntaxe, fichier, pieces=(fichier,) if est_pdf else ())


def facture_depuis_donnees(
    donnees: dict[str, Any], syntaxe: str, fichier: str, pieces: tuple[str, ...] = ()
) -> FactureElectronique:
    """The invoice from the EN 16931 dictionary (pure)."""
    numero = str(donnees.get("BT-1") or "").strip()
    if not numero:
        raise _erreur(fichier, "BT-1", "numéro de facture absent")
    emission = donnees.get("BT-2")
    if not isinstance(emission, date):
        raise _erreur(fichier, "BT-2", f"facture {numero} : date d'émission absente")
    echeance = donnees.get("BT-9")
    devise = str(donnees.get("BT-5") or "EUR")
    if devise != "EUR":
        raise _erreur(fichier, "BT-5", f"facture {numero} en {devise} : seul l'euro est géré")
    ttc = _montant(donnees, "BT-112", fichier)
    if ttc is None:
        raise _erreur(fichier, "BT-112", f"facture {numero} : montant TTC absent")
    du = _montant(donnees, "BT-115", fichier)
    return FactureElectronique(
        fichier=fichier,
        syntaxe=syntaxe,
        profil=donnees.get("BT-24"),
        numero=numero,
        avoir=str(donnees.get("BT-3")) in TYPES_AVOIR,
        date_emission=emission,
        date_echeance=echeance if isinstance(echeance, date) else None,
        montant_ttc=ttc,
        montant_du=du if du is not None else ttc,
        devise=devise,
        vendeur=_partie(donnees.get("BG-4"), fichier, "BG-4"),
        acheteur=_partie(donnees.get("BG-7"), fichier, "BG-7"),
        conditions_paiement=donnees.get("BT-20"),
        iban=_iban(donnees),
        reference_paiement=donnees.get("BT-83"),
        pieces=pieces,
    )


def _iban(donnees: dict[str, Any]) -> str | None:
    iban = donnees.get("BT-84")
    if isinstance(iban, list):
        iban = next((i for i in iban if i), None)
    return str(iban).replace(" ", "") if iban else None


def debiteur(f: FactureElectronique, type_: str = "professionnel") -> dict[str, Any]:
    """The buyer as dossier data (escalade.droit.parties.Debiteur shape)."""
    if f.acheteur.adresse is None:
        raise _erreur(f.fichier, "BG-8", f"facture {f.numero} : adresse de l'acheteur absente")
    return _sans_vide(
        {
            "nom": f.acheteur.nom,
            "type": type_,
            "siren": f.acheteur.siren,
            "tva": f.acheteur.tva,
            "email": f.acheteur.email,
            "adresse": f.acheteur.adresse,
        }
    )


def creancier(f: FactureElectronique) -> dict[str, Any]:
    """The seller as dossier data (escalade.droit.parties.Creancier shape), with the invoice's
    IBAN."""
    if f.vendeur.adresse is None:
        raise _erreur(f.fichier, "BG-5", f"facture {f.numero} : adresse du vendeur absente")
    return _sans_vide(
        {
            "nom": f.vendeur.nom,
            "siren": f.vendeur.siren,
            "tva": f.vendeur.tva,
            "adresse": f.vendeur.adresse,
            "iban": f.iban,
        }
    )


def _sans_vide(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def dossier_de_facture(
    f: FactureElectronique, delai_suppletif: int | None = None, prefixe: str = "FX-"
) -> dict[str, Any]:
    """A one-invoice dossier (the store merges it with the debtor's dossier if there is one)."""
    if f.avoir:
        raise _erreur(
            f.fichier, "BT-3", f"{f.numero} est un avoir, pas une facture : à saisir comme avoir"
        )
    cle = f.acheteur.siren or f.acheteur.nom
    return {
        "reference": f"{prefixe}{cle}",
        "creancier": creancier(f),
        "debiteur": debiteur(f),
        "factures": [f.facture(delai_suppletif)],
    }
