"""Rebuilding a `Dossier` from stored rows, without SQLAlchemy.

Shared by the SQLAlchemy reader (`escalade.stockage.depot`) and the plain sqlite3 fast path
of `escalade verifier` (`escalade.stockage.lecture_rapide`): one place says which columns
make which part of a dossier, and the result is validated by the same pydantic model as a
file (a store edited by hand cannot smuggle an invalid dossier into the core).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from escalade.droit.modele import Dossier
from escalade.droit.parties import DEJA_VERIFIE
from escalade.entrees.validation_dossier import valider_dossier

# table -> (field of the dossier, columns read)
PARTIES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "factures": (
        "factures",
        ("numero", "date_emission", "date_echeance", "montant_ttc", "taux_penalites",
         "date_execution", "pieces"),
    ),
    "paiements": ("paiements", ("date", "montant", "facture", "reference")),
    "avoirs": ("avoirs", ("numero", "date", "montant", "facture")),
    "litiges": ("litiges", ("facture", "ouvert_le", "motif", "clos_le")),
    "echeanciers": ("echeanciers", ("convenu_le", "echeances", "rompu_le")),
    "interruptions": ("interruptions", ("date", "type", "facture")),
    "contacts": (
        "contacts",
        ("le", "canal", "interlocuteur", "objet", "resultat", "note", "document", "operateur",
         "promesse_le", "promesse_montant"),
    ),
    "historique": ("historique", ("etape", "le", "motif", "evenement")),
}  # fmt: skip


def _sans_vides(ligne: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in ligne.items() if v is not None}


def assembler(
    ligne: Mapping[str, Any], parties: Mapping[str, Sequence[Mapping[str, Any]]]
) -> Dossier:
    """One dossier from its `dossiers` row and its parts' rows (each in insertion order).

    Contact times must already be aware datetimes; the other values may be the stored text
    (dates, amounts) or the typed values: the model's validators accept both.
    """
    donnees: dict[str, Any] = {
        "reference": ligne["reference"],
        "creancier": ligne["creancier"],
        "debiteur": ligne["debiteur"],
        "etape": ligne["etape"],
        "mise_en_demeure": ligne["mise_en_demeure"],
        "jugement": ligne["jugement"],
        "injonction": ligne["injonction"],
        "petites_creances": ligne["petites_creances"],
    }
    for table, (champ, _) in PARTIES.items():
        lignes = parties.get(table, ())
        if table == "contacts":
            lignes = sorted(lignes, key=lambda c: c["le"])
        elif table == "historique":
            lignes = [
                {"etape": h["etape"], "le": h["le"], "motif": h["motif"]}
                for h in lignes
                if h["evenement"] is None
            ]
        donnees[champ] = [_sans_vides(x) for x in lignes]
    return valider_dossier(donnees, "dépôt", f"{ligne['reference']}.", contexte=DEJA_VERIFIE)
