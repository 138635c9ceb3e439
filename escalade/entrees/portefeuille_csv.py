"""CSV portfolios: one row per invoice, grouped into dossiers by `reference`.

Columns (`;`, `,` or tab separated, UTF-8, header on the first line):
required `reference`, `creancier_nom`, `creancier_code_postal`, `creancier_ville`,
`debiteur_nom`, `debiteur_type`, `debiteur_code_postal`, `debiteur_ville`,
`numero`, `date_emission`, `date_echeance`, `montant_ttc`; optional
`creancier_siren`, `creancier_adresse`, `creancier_iban`, `creancier_email`,
`creancier_taux_penalites`, `debiteur_siren`, `debiteur_adresse`, `debiteur_email`,
`debiteur_telephone`, `debiteur_segment`, `taux_penalites`, and a payment already
received on the invoice: `montant_paye` with `date_paiement`.

Two steps: `lire_portefeuille` reads the rows and groups them by dossier (the checks of a
row: its number of columns, its required values, one debtor per dossier), keeping the raw
values; `valider_brouillon` builds one dossier's data and validates it, an error naming the
CSV line and field. A large décompte runs the second step in its worker processes
(`escalade.droit.decompte_lot`); `dossiers_du_csv` runs both here.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier
from escalade.entrees.lecture_csv import erreurs_csv
from escalade.entrees.validation_dossier import valider_dossier

OBLIGATOIRES = (
    "reference",
    "creancier_nom",
    "creancier_code_postal",
    "creancier_ville",
    "debiteur_nom",
    "debiteur_type",
    "debiteur_code_postal",
    "debiteur_ville",
    "numero",
    "date_emission",
    "date_echeance",
    "montant_ttc",
)
FACULTATIVES = (
    "creancier_siren",
    "creancier_adresse",
    "creancier_iban",
    "creancier_email",
    "creancier_taux_penalites",
    "debiteur_siren",
    "debiteur_adresse",
    "debiteur_email",
    "debiteur_telephone",
    "debiteur_segment",
    "taux_penalites",
    "montant_paye",
    "date_paiement",
)


_FACULTATIFS_PARTIE = ("siren", "email", "telephone", "iban", "type", "segment", "taux_penalites")
_CHAMPS_PARTIE = ("nom", "adresse", "code_postal", "ville", *_FACULTATIFS_PARTIE)
_FACTURE = ("numero", "date_emission", "date_echeance", "montant_ttc")


@dataclass(frozen=True, slots=True)
class Colonnes:
    """Where each column of the file's header is (its last occurrence, as csv.DictReader)."""

    rang: dict[str, int]
    creancier: tuple[int | None, ...]  # the _CHAMPS_PARTIE of each party (None: no column)
    debiteur: tuple[int | None, ...]
    facture: tuple[int, ...]
    taux_penalites: int | None
    montant_paye: int | None
    date_paiement: int | None


@dataclass(frozen=True, slots=True)
class Brouillon:
    """The rows of one dossier as read (raw values): validated by `valider_brouillon`."""

    fichier: str
    colonnes: Colonnes
    reference: str
    lignes: list[tuple[int, list[str]]]  # (line number in the file, the row's values)


def _valeur(ligne: list[str], rang: int | None) -> str:
    return ligne[rang].strip() if rang is not None and rang < len(ligne) else ""


def _partie(ligne: list[str], rangs: tuple[int | None, ...], creancier: bool) -> dict[str, Any]:
    valeurs = dict(zip(_CHAMPS_PARTIE, (_valeur(ligne, r) or None for r in rangs), strict=True))
    partie: dict[str, Any] = {
        "nom": valeurs["nom"],
        "adresse": {
            "lignes": [valeurs["adresse"]] if valeurs["adresse"] else [],
            "code_postal": valeurs["code_postal"],
            "ville": valeurs["ville"],
        },
    }
    for champ in ("siren", "email", "telephone", "iban", "type", "segment"):
        if valeurs[champ] is not None:
            partie[champ] = valeurs[champ]
    if creancier and valeurs["taux_penalites"] is not None:
        partie["taux_penalites"] = valeurs["taux_penalites"]
    return partie


def _facture(ligne: list[str], c: Colonnes) -> dict[str, Any]:
    facture: dict[str, Any] = {
        k: ligne[r].strip() for k, r in zip(_FACTURE, c.facture, strict=True)
    }
    taux = _valeur(ligne, c.taux_penalites)
    if taux:
        facture["taux_penalites"] = taux
    return facture


def _verifier_entete(colonnes: Sequence[str] | None, fichier: str) -> None:
    if not colonnes:
        raise EntreeInvalide("en-tête CSV absent", fichier=fichier)
    manquantes = [c for c in OBLIGATOIRES if c not in colonnes]
    if manquantes:
        raise EntreeInvalide(
            f"colonnes obligatoires absentes : {', '.join(manquantes)}", fichier=fichier
        )
    inconnues = [c for c in colonnes if c not in OBLIGATOIRES and c not in FACULTATIVES]
    if inconnues:
        raise EntreeInvalide(f"colonnes inconnues : {', '.join(inconnues)}", fichier=fichier)


def _colonnes(entete: list[str]) -> Colonnes:
    rang = {nom: i for i, nom in enumerate(entete)}
    return Colonnes(
        rang,
        tuple(rang.get(f"creancier_{c}") for c in _CHAMPS_PARTIE),
        tuple(rang.get(f"debiteur_{c}") for c in _CHAMPS_PARTIE),
        tuple(rang[c] for c in _FACTURE),
        rang.get("taux_penalites"),
        rang.get("montant_paye"),
        rang.get("date_paiement"),
    )


def dossiers_du_csv(flux: io.StringIO, fichier: str) -> list[Dossier]:
    return [valider_brouillon(b) for b in lire_portefeuille(flux, fichier)]


def lire_portefeuille(flux: io.StringIO, fichier: str) -> list[Brouillon]:
    """The file's rows grouped by dossier, in the order of their first row, each row checked
    (columns, required values, the same debtor on every row of a dossier)."""
    entete = flux.readline()  # the separator is the header's (a bad later line cannot fool it)
    flux.seek(0)
    lecteur = csv.reader(flux, delimiter=max(";,\t", key=entete.count))
    with erreurs_csv(fichier, lecteur):
        return _brouillons(lecteur, fichier)


def _brouillons(lecteur: Any, fichier: str) -> list[Brouillon]:
    entete = next(lecteur, None)
    _verifier_entete(entete, fichier)
    assert entete is not None
    c = _colonnes(entete)
    n = len(entete)
    obligatoires = [(nom, c.rang[nom]) for nom in OBLIGATOIRES]
    dernier_obligatoire = max(r for _, r in obligatoires)
    rang_reference = c.rang["reference"]
    debiteur = [r for r in c.debiteur if r is not None]  # at least its 4 required columns
    brut_debiteur = operator.itemgetter(*debiteur)  # its raw values, read in C
    brouillons: dict[str, Brouillon] = {}
    debiteurs: dict[str, tuple[Any, list[str]]] = {}  # the first row's, raw and stripped
    for ligne in lecteur:
        if not ligne:  # a blank line (csv.DictReader skips it too)
            continue
        numero_ligne = lecteur.line_num
        if len(ligne) > n or len(ligne) <= dernier_obligatoire:
            raise EntreeInvalide(
                f"nombre de colonnes incorrect : {len(ligne)} valeurs pour "
                f"{n} colonnes dans l'en-tête",
                fichier=fichier,
                champ=f"ligne {numero_ligne}",
            )
        vides = [nom for nom, r in obligatoires if not ligne[r].strip()]
        if vides:
            raise EntreeInvalide(
                f"valeur manquante : {', '.join(vides)}",
                fichier=fichier,
                champ=f"ligne {numero_ligne}",
            )
        ref = ligne[rang_reference].strip()
        brut = brut_debiteur(ligne) if len(ligne) == n else None  # None: a shorter row
        brouillon = brouillons.get(ref)
        if brouillon is None:  # the creditor is read on the dossier's first row only
            brouillon = brouillons[ref] = Brouillon(fichier, c, ref, [])
            debiteurs[ref] = (brut, [_valeur(ligne, r) for r in debiteur])
        elif (brut is None or brut != debiteurs[ref][0]) and [
            _valeur(ligne, r) for r in debiteur
        ] != debiteurs[ref][1]:  # the same raw values are the same debtor; else compare stripped
            raise EntreeInvalide(
                f"le dossier {ref} a déjà un autre débiteur sur une ligne précédente",
                fichier=fichier,
                champ=f"ligne {numero_ligne}",
            )
        brouillon.lignes.append((numero_ligne, ligne))
    if not brouillons:
        raise EntreeInvalide("aucune facture dans le fichier", fichier=fichier)
    return list(brouillons.values())


def _donnees(b: Brouillon) -> tuple[dict[str, Any], list[int], list[int]]:
    """The dossier's data (as a dossier file would give it), and the line of each invoice and
    of each payment."""
    c = b.colonnes
    premiere = b.lignes[0][1]
    factures, paiements = [], []
    lignes_factures, lignes_paiements = [], []
    for numero_ligne, ligne in b.lignes:
        factures.append(_facture(ligne, c))
        lignes_factures.append(numero_ligne)
        paye = _valeur(ligne, c.montant_paye)
        if paye:
            lignes_paiements.append(numero_ligne)
            paiements.append(
                {
                    "date": _valeur(ligne, c.date_paiement),
                    "montant": paye,
                    "facture": ligne[c.facture[0]].strip(),
                }
            )
    donnees = {
        "reference": b.reference,
        "creancier": _partie(premiere, c.creancier, True),
        "debiteur": _partie(premiere, c.debiteur, False),
        "factures": factures,
        "paiements": paiements,
    }
    return donnees, lignes_factures, lignes_paiements


def valider_brouillon(b: Brouillon) -> Dossier:
    """The dossier of these rows, or an input error naming the CSV line and field."""
    donnees, lignes, lignes_paiements = _donnees(b)
    try:
        return valider_dossier(donnees, b.fichier)
    except EntreeInvalide as e:
        champ = e.champ or ""
        for liste, numeros in (("factures", lignes), ("paiements", lignes_paiements)):
            for i, ligne in enumerate(numeros):
                if champ.startswith(f"{liste}[{i}]"):
                    e.champ = f"ligne {ligne}, {champ.split('.', 1)[-1]}"
        if e.champ == champ:
            e.champ = f"dossier {b.reference} (lignes {lignes[0]}–{lignes[-1]}), {champ}"
        raise
