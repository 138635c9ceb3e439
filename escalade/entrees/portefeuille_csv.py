"""CSV portfolios: one row per invoice, grouped into dossiers by `reference`.

Columns (`;`, `,` or tab separated, UTF-8, header on the first line):
required `reference`, `creancier_nom`, `creancier_code_postal`, `creancier_ville`,
`debiteur_nom`, `debiteur_type`, `debiteur_code_postal`, `debiteur_ville`,
`numero`, `date_emission`, `date_echeance`, `montant_ttc`; optional
`creancier_siren`, `creancier_adresse`, `creancier_iban`, `creancier_email`,
`creancier_taux_penalites`, `debiteur_siren`, `debiteur_adresse`, `debiteur_email`,
`debiteur_telephone`, `debiteur_segment`, `taux_penalites`, and a payment already
received on the invoice: `montant_paye` with `date_paiement`.
"""

from __future__ import annotations

import csv
import io
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


def csv_lecteur(flux: io.StringIO) -> csv.DictReader[str]:
    entete = flux.readline()  # the separator is the header's (a bad later line cannot fool it)
    flux.seek(0)
    separateur = max(";,\t", key=entete.count)
    return csv.DictReader(flux, delimiter=separateur)


def _partie(ligne: dict[str, str], prefixe: str) -> dict[str, Any]:
    valeurs = {}
    for nom in ("nom", "adresse", "code_postal", "ville", *_FACULTATIFS_PARTIE):
        v = (ligne.get(f"{prefixe}_{nom}") or "").strip()
        valeurs[nom] = v or None
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
    if prefixe == "creancier" and valeurs["taux_penalites"] is not None:
        partie["taux_penalites"] = valeurs["taux_penalites"]
    return partie


_FACULTATIFS_PARTIE = ("siren", "email", "telephone", "iban", "type", "segment", "taux_penalites")


def _facture(ligne: dict[str, str]) -> dict[str, Any]:
    facture: dict[str, Any] = {
        k: ligne[k].strip() for k in ("numero", "date_emission", "date_echeance", "montant_ttc")
    }
    if (ligne.get("taux_penalites") or "").strip():
        facture["taux_penalites"] = ligne["taux_penalites"].strip()
    return facture


def _verifier_entete(colonnes: list[str] | None, fichier: str) -> None:
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


def dossiers_du_csv(flux: io.StringIO, fichier: str) -> list[Dossier]:
    lecteur = csv_lecteur(flux)
    with erreurs_csv(fichier, lecteur):
        return _dossiers(lecteur, fichier)


def _dossiers(lecteur: csv.DictReader[str], fichier: str) -> list[Dossier]:
    _verifier_entete(list(lecteur.fieldnames or []), fichier)
    brouillons: dict[str, dict[str, Any]] = {}
    lignes_des_factures: dict[str, list[int]] = {}
    lignes_des_paiements: dict[str, list[int]] = {}
    for ligne in lecteur:
        numero_ligne = lecteur.line_num
        if None in ligne or any(ligne.get(c) is None for c in OBLIGATOIRES):
            valeurs = [v for k, v in ligne.items() if k is not None and v is not None]
            recues = len(valeurs) + len(ligne.get(None) or [])  # type: ignore[call-overload]
            raise EntreeInvalide(
                f"nombre de colonnes incorrect : {recues} valeurs pour "
                f"{len(lecteur.fieldnames or [])} colonnes dans l'en-tête",
                fichier=fichier,
                champ=f"ligne {numero_ligne}",
            )
        vides = [c for c in OBLIGATOIRES if not ligne[c].strip()]
        if vides:
            raise EntreeInvalide(
                f"valeur manquante : {', '.join(vides)}",
                fichier=fichier,
                champ=f"ligne {numero_ligne}",
            )
        ref = ligne["reference"].strip()
        debiteur = _partie(ligne, "debiteur")
        brouillon = brouillons.get(ref)
        if brouillon is None:  # the creditor is read on the dossier's first row only
            brouillon = brouillons[ref] = {
                "reference": ref,
                "creancier": _partie(ligne, "creancier"),
                "debiteur": debiteur,
                "factures": [],
                "paiements": [],
            }
        elif debiteur != brouillon["debiteur"]:
            raise EntreeInvalide(
                f"le dossier {ref} a déjà un autre débiteur sur une ligne précédente",
                fichier=fichier,
                champ=f"ligne {numero_ligne}",
            )
        brouillon["factures"].append(_facture(ligne))
        lignes_des_factures.setdefault(ref, []).append(numero_ligne)
        paye = (ligne.get("montant_paye") or "").strip()
        if paye:
            lignes_des_paiements.setdefault(ref, []).append(numero_ligne)
            brouillon["paiements"].append(
                {
                    "date": (ligne.get("date_paiement") or "").strip(),
                    "montant": paye,
                    "facture": ligne["numero"].strip(),
                }
            )
    if not brouillons:
        raise EntreeInvalide("aucune facture dans le fichier", fichier=fichier)
    return [
        _valider(b, fichier, lignes_des_factures[ref], lignes_des_paiements.get(ref, []))
        for ref, b in brouillons.items()
    ]


def _valider(
    brouillon: dict[str, Any], fichier: str, lignes: list[int], lignes_paiements: list[int]
) -> Dossier:
    try:
        return valider_dossier(brouillon, fichier)
    except EntreeInvalide as e:
        champ = e.champ or ""
        for liste, numeros in (("factures", lignes), ("paiements", lignes_paiements)):
            for i, ligne in enumerate(numeros):
                if champ.startswith(f"{liste}[{i}]"):
                    e.champ = f"ligne {ligne}, {champ.split('.', 1)[-1]}"
        if e.champ == champ:
            e.champ = f"dossier {brouillon['reference']} (lignes {lignes[0]}–{lignes[-1]}), {champ}"
        raise
