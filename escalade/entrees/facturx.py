"""Electronic invoices: Factur-X / ZUGFeRD PDFs and plain CII or UBL XML.

A Factur-X invoice is a PDF/A-3 carrying a Cross Industry Invoice (CII) XML; the same
EN 16931 data can also come as a bare CII or UBL 2.1 file. The factur-x library extracts
the XML from the PDF and parses both syntaxes into one dictionary keyed by the EN 16931
business terms (BT-1 number, BT-2 issue date, BT-9 due date, BT-112 total with VAT,
BT-115 amount due, BG-4 seller, BG-7 buyer, BT-20 payment terms, BT-84 IBAN). ZUGFeRD 1.0
(2014), which the library detects but does not parse, is read by `escalade.entrees.zugferd1`
into the same dictionary. The PDF itself is kept as the invoice's evidence (`pieces`, by
its absolute path) for the court file.

The debt is the amount due for payment (BT-115): a prepaid amount (BT-113) becomes a
payment of the invoice dated its issue date, so the décompte and the letters show it; a
negative amount due (a prepayment larger than the total, a corrective invoice with
negative totals) is a credit note. Identifiers are checked by
`escalade.entrees.identifiants` (a foreign VAT number by its own country's rules): a bad
one is reported in `remarques` and not kept, it never stops the import.

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
from escalade.droit.messages_tiers import motif_bancaire, motif_xml

REFERENCES = ("EN 16931-1", "C. com. art. L441-9", "ZUGFeRD 1.0 (FeRD, 2014)")
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
    montant_ttc: Decimal  # BT-112, total with VAT
    montant_du: Decimal  # BT-115, amount due for payment: the debt
    devise: str
    vendeur: PartieFacture
    acheteur: PartieFacture
    conditions_paiement: str | None
    iban: str | None
    reference_paiement: str | None
    pieces: tuple[str, ...]
    paye_d_avance: Decimal = Decimal(0)  # BT-113, prepaid amount
    remarques: tuple[str, ...] = ()  # identifiers not kept, and why

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
            # What remains once the prepaid part (recorded as a payment) is deducted is
            # exactly BT-115, the amount due; BT-112 less BT-113 may differ by the rounding
            # amount BT-114.
            "montant_ttc": self.montant_du + self.paye_d_avance,
            "pieces": list(self.pieces),
        }

    def paiements(self) -> list[dict[str, Any]]:
        """The prepaid amount (BT-113) as a payment dated the invoice's issue date."""
        if self.paye_d_avance <= 0:
            return []
        return [
            {
                "date": self.date_emission,
                "montant": self.paye_d_avance,
                "facture": self.numero,
                "reference": f"FX:{self.numero}:BT-113",
            }
        ]


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


def _partie(bloc: Any, fichier: str, champ: str, remarques: list[str]) -> PartieFacture:
    from escalade.entrees.identifiants import pays_adresse, verifier_siren, verifier_tva

    if not isinstance(bloc, dict) or not str(bloc.get("name") or "").strip():
        raise _erreur(fichier, champ, f"partie {champ} sans nom")
    adresse = None
    if bloc.get("postcode") and bloc.get("city"):
        lignes = [_ligne(bloc[k]) for k in ("addr_l1", "addr_l2", "addr_l3") if bloc.get(k)]
        adresse = {
            "lignes": lignes,
            "code_postal": _ligne(bloc["postcode"]),
            "ville": _ligne(bloc["city"]),
        }
        pays = pays_adresse(bloc.get("country_code"))
        if pays:
            adresse["pays"] = pays
    identifiant = str(bloc.get("legal_identifier") or "").replace(" ", "")
    brut_siren = None
    # ISO 6523 scheme 0002 is the SIREN; 0009 the SIRET (its first nine digits are the SIREN).
    if bloc.get("legal_identifier_schemeid") in ("0002", "0009") and identifiant[:9].isdigit():
        brut_siren = identifiant[:9]
    role = "vendeur" if champ == "BG-4" else "acheteur"
    siren, tva = verifier_siren(brut_siren), verifier_tva(bloc.get("vat_identifier"))
    for verification, bt in ((siren, "BT-30" if champ == "BG-4" else "BT-47"), (tva, "TVA")):
        if verification.motif:
            remarques.append(f"{champ} ({role}) {bt} : {verification.motif} : non retenu")
    return PartieFacture(
        nom=_ligne(bloc["name"]),
        siren=siren.valeur,
        tva=tva.valeur,
        adresse=adresse,
        email=bloc.get("electronic_address")
        if bloc.get("electronic_address_schemeid") == "EM"
        else None,
    )


def _ligne(texte: Any) -> str:
    """One line of text: a name or address field never carries a line break."""
    return " ".join(str(texte).split())


def _xml_du_pdf(contenu: bytes, fichier: str) -> bytes:
    from facturx import get_xml_from_pdf

    try:
        _nom, xml = get_xml_from_pdf(contenu, check_xsd=False)
    except Exception:  # the library raises bare Exceptions on broken PDFs
        raise EntreeInvalide("PDF illisible ou endommagé", fichier=fichier) from None
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
            f"XML mal formé, ligne {ligne}, colonne {colonne} : {motif_xml(e.code)}",
            fichier=fichier,
        ) from None
    from escalade.entrees.zugferd1 import est_zugferd1, lire_zugferd1

    if est_zugferd1(arbre):
        if etree.QName(arbre).namespace != "urn:ferd:CrossIndustryDocument:invoice:1p0":
            raise EntreeInvalide(
                f"ZUGFeRD antérieur à la version 1.0 (espace de noms « "
                f"{etree.QName(arbre).namespace} ») : non géré, seuls ZUGFeRD 1.0, "
                "ZUGFeRD 2 / Factur-X et UBL 2.1 le sont",
                fichier=fichier,
            )
        return lire_zugferd1(arbre), "zugferd-1.0"
    try:
        saveur = get_flavor(arbre)
    except Exception:
        saveur = None
    if saveur not in ("factur-x", "ubl-2.1-invoice", "ubl-2.1-creditnote"):
        raise EntreeInvalide(
            f"élément racine « {etree.QName(arbre).localname} » : ni facture CII (ZUGFeRD 1.0, "
            "ZUGFeRD 2 / Factur-X) ni facture UBL 2.1",
            fichier=fichier,
        )
    try:
        donnees = parse_ubl_cii_xml(arbre, flavor=saveur, check_xsd=False)
    except Exception:
        raise EntreeInvalide("facture électronique illisible (EN 16931)", fichier=fichier) from None
    return donnees, "factur-x" if saveur == "factur-x" else "ubl"


def lire_facture(chemin: Path) -> FactureElectronique:
    """Read a Factur-X / ZUGFeRD PDF, or a CII or UBL XML file."""
    fichier = str(chemin.resolve())  # stored as evidence: an absolute path
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
    avance = _montant(donnees, "BT-113", fichier) or Decimal(0)
    du = _montant(donnees, "BT-115", fichier)
    if du is None:
        du = ttc - avance
    remarques: list[str] = []
    vendeur = _partie(donnees.get("BG-4"), fichier, "BG-4", remarques)
    acheteur = _partie(donnees.get("BG-7"), fichier, "BG-7", remarques)
    type_ = str(donnees.get("BT-3") or "380")
    iban = _iban(donnees, remarques)
    return FactureElectronique(
        fichier=fichier,
        syntaxe=syntaxe,
        profil=donnees.get("BT-24"),
        numero=_ligne(numero),
        # A credit note by its type, or an invoice whose amount due is negative (a
        # corrective invoice 384 with negative totals, a prepayment larger than the total).
        avoir=type_ in TYPES_AVOIR or du < 0,
        date_emission=emission,
        date_echeance=echeance if isinstance(echeance, date) else None,
        montant_ttc=ttc,
        montant_du=du,
        devise=devise,
        vendeur=vendeur,
        acheteur=acheteur,
        conditions_paiement=donnees.get("BT-20"),
        iban=iban,
        reference_paiement=donnees.get("BT-83"),
        pieces=pieces,
        paye_d_avance=avance,
        remarques=tuple(remarques),
    )


def _iban(donnees: dict[str, Any], remarques: list[str]) -> str | None:
    """The first valid IBAN (BT-84); an invalid one is reported, never stops the import."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    brut = donnees.get("BT-84")
    for iban in brut if isinstance(brut, list) else [brut]:
        if not iban:
            continue
        try:
            return str(IBAN(str(iban)).compact)
        except SchwiftyException as e:
            remarques.append(
                f"BT-84 (IBAN du vendeur) « {iban} » : {motif_bancaire(e)}, non retenu"
            )
    return None


def debiteur(f: FactureElectronique, type_: str = "professionnel") -> dict[str, Any]:
    """The buyer as dossier data (escalade.droit.parties.Debiteur shape), for a new debtor:
    the postal address (BG-8) is required then, not when the buyer is already known."""
    if f.acheteur.adresse is None:
        raise _erreur(
            f.fichier,
            "BG-8",
            f"facture {f.numero} : acheteur « {f.acheteur.nom} » inconnu du dépôt et adresse "
            "postale de l'acheteur absente (BG-8, fréquent en profil MINIMUM / BASIC WL) : "
            "créez d'abord le débiteur (même SIREN ou n° de TVA) ou importez une facture "
            "qui porte son adresse",
        )
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
        raise _erreur(
            f.fichier,
            "BG-5",
            f"facture {f.numero} : adresse postale du vendeur absente (BG-5, fréquent en "
            "profil MINIMUM) : donnez le créancier avec --creancier FICHIER",
        )
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


def cles_acheteur(f: FactureElectronique) -> list[str]:
    """The store keys (escalade.stockage.cles) under which the buyer may already be known."""
    cles = []
    siren = f.acheteur.siren
    if siren is None and f.acheteur.tva and f.acheteur.tva[:2] in ("FR",) + tuple("0123456789"):
        # A French VAT number holds the SIREN in its last nine digits.
        siren = f.acheteur.tva[-9:] if f.acheteur.tva[-9:].isdigit() else None
    if siren:
        cles.append(f"siren:{siren}")
    return cles


def dossier_de_facture(
    f: FactureElectronique,
    delai_suppletif: int | None = None,
    prefixe: str = "FX-",
    creancier_donne: dict[str, Any] | None = None,
    debiteur_connu: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A one-invoice dossier (the store merges it with the debtor's dossier if there is one).

    The debt is the amount due (BT-115); a prepaid amount (BT-113) is a payment of the
    invoice, so the décompte and the letters show it. `creancier_donne` replaces the seller
    (an invoice without the seller's address); `debiteur_connu` is the stored debtor the
    buyer was matched to (by SIREN or VAT number), whose details are kept.
    """
    if f.avoir:
        raise _erreur(
            f.fichier, "BT-3", f"{f.numero} est un avoir, pas une facture : à saisir comme avoir"
        )
    if f.montant_du == 0:
        raise _erreur(
            f.fichier,
            "BT-115",
            f"facture {f.numero} : montant dû (BT-115) nul : rien à recouvrer "
            "(payée d'avance ou soldée)",
        )
    cle = f.acheteur.siren or f.acheteur.tva or f.acheteur.nom
    return {
        "reference": f"{prefixe}{cle}",
        "creancier": creancier_donne if creancier_donne is not None else creancier(f),
        "debiteur": debiteur_connu if debiteur_connu is not None else debiteur(f),
        "factures": [f.facture(delai_suppletif)],
        "paiements": f.paiements(),
    }
