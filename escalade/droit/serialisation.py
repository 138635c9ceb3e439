"""Public JSON shapes (SPEC section 7): stable keys, amounts as decimal strings, ISO dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from escalade.droit.decompte import Decompte, PaiementImpute
from escalade.droit.decompte_facture import LigneFacture
from escalade.droit.periodes import Periode


def montant(v: Decimal) -> str:
    return f"{v:.2f}"


def taux(v: Decimal) -> str:
    return format(v.normalize(), "f")


def _periode(p: Periode) -> dict[str, Any]:
    return {
        "debut": p.debut.isoformat(),
        "fin": p.fin.isoformat(),
        "jours": p.jours,
        "taux": taux(p.taux),
        "base": montant(p.base),
        "montant": montant(p.montant),
        "libelle": p.libelle,
    }


def _ligne(ligne: LigneFacture, nature: str) -> dict[str, Any]:
    f = ligne.facture
    accessoires = ligne.interets_dus + ligne.capitalise
    return {
        "numero": f.numero,
        "date_emission": f.date_emission.isoformat(),
        "date_echeance": f.date_echeance.isoformat(),
        "montant_ttc": montant(f.montant_ttc),
        "avoirs": montant(ligne.avoirs),
        "principal_paye": montant(ligne.principal_paye),
        "restant_du": montant(ligne.principal),
        "penalites": montant(accessoires if nature == "penalites" else Decimal(0)),
        "interets": montant(accessoires if nature == "interets" else Decimal(0)),
        "accessoires_courus": montant(ligne.interets_courus),
        "accessoires_payes": montant(ligne.interets_payes),
        "indemnite": montant(ligne.indemnite_due - ligne.indemnite_payee),
        "total": montant(
            ligne.principal + accessoires + ligne.indemnite_due - ligne.indemnite_payee
        ),
        "en_litige": ligne.en_litige,
        "periodes": [_periode(p) for p in ligne.periodes],
    }


def _paiement(p: PaiementImpute) -> dict[str, Any]:
    return {
        "date": p.date.isoformat(),
        "montant": montant(p.montant),
        "facture": p.facture,
        "regle": p.regle,
        "imputations": [
            {
                "facture": i.facture,
                "sur_interets": montant(i.sur_interets),
                "sur_principal": montant(i.sur_principal),
                "sur_indemnite": montant(i.sur_indemnite),
            }
            for i in p.imputations
        ],
        "non_impute": montant(p.non_impute),
    }


def decompte_en_dict(d: Decompte) -> dict[str, Any]:
    return {
        "dossier": d.dossier,
        "date": d.date.isoformat(),
        "regime": d.regime.libelle,
        "principal": montant(d.principal),
        "penalites": montant(d.penalites),
        "interets": montant(d.interets),
        "indemnites": montant(d.indemnites),
        "total": montant(d.total),
        "trop_percu": montant(d.trop_percu),
        "factures": [_ligne(ligne, d.regime.nature) for ligne in d.lignes],
        "paiements": [_paiement(p) for p in d.paiements],
        "references": list(d.references),
        "avertissements": d.avertissements,
        "arrete_au": iso(d.arrete_au),
        "a_parfaire": [
            {
                "facture": a.facture,
                "depuis": a.depuis.isoformat(),
                "serie": a.serie,
                "regle": a.regle,
            }
            for a in d.a_parfaire
        ],
    }


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
