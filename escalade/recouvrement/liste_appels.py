"""The day's call list: each planned call with who to call, the number, what is owed, and
how the last contact went (`escalade plan --canal telephone`).

Pure: the day is a parameter. The amount is the unpaid principal (`principal_restant`:
no rate needed, so an unpublished rate never hides a call); the oldest due date is that of
the oldest invoice still unpaid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from escalade.droit.modele import Dossier
from escalade.recouvrement.action import Action
from escalade.recouvrement.etat_creance import principal_restant


@dataclass(frozen=True)
class Appel:
    dossier: str
    etape: str
    prevue_le: date
    bloquee: bool
    debiteur: str
    interlocuteur: str | None
    telephone: str | None
    montant_du: Decimal
    echeance_plus_ancienne: date | None
    dernier_contact: datetime | None
    dernier_canal: str | None
    dernier_resultat: str | None


def appel(dossier: Dossier, action: Action, le: date) -> Appel:
    d = dossier.debiteur
    joignable = next((i for i in d.interlocuteurs if i.telephone), None)
    interlocuteur = joignable.nom if joignable else d.representant
    restant = principal_restant(dossier, le)
    echeances = [f.date_echeance for f in dossier.factures if restant[f.numero] > 0]
    dernier = max(dossier.contacts, key=lambda c: c.le, default=None)
    return Appel(
        dossier=dossier.reference,
        etape=action.etape,
        prevue_le=action.date,
        bloquee=action.bloquee,
        debiteur=d.nom,
        interlocuteur=interlocuteur,
        telephone=joignable.telephone if joignable else d.telephone,
        montant_du=sum(restant.values(), Decimal(0)),
        echeance_plus_ancienne=min(echeances, default=None),
        dernier_contact=dernier.le if dernier else None,
        dernier_canal=dernier.canal if dernier else None,
        dernier_resultat=dernier.resultat if dernier else None,
    )


TRIS: Final[dict[str, tuple[Callable[[Appel], Any], bool]]] = {
    # key -> (sort key, descending)
    "montant": (lambda a: a.montant_du, True),
    "echeance": (lambda a: a.echeance_plus_ancienne or date.max, False),
    "dernier_contact": (
        lambda a: a.dernier_contact.timestamp() if a.dernier_contact else float("-inf"),
        False,
    ),
    "debiteur": (lambda a: a.debiteur.casefold(), False),
    "dossier": (lambda a: a.dossier, False),
}


def trier(appels: Sequence[Appel], cle: str) -> list[Appel]:
    """Sorted by `cle` (largest amount first; oldest due date or last contact first)."""
    fonction, decroissant = TRIS[cle]
    return sorted(appels, key=fonction, reverse=decroissant)


def appel_en_dict(a: Appel) -> dict[str, Any]:
    return {
        "dossier": a.dossier,
        "etape": a.etape,
        "date": a.prevue_le.isoformat(),
        "bloquee": a.bloquee,
        "debiteur": a.debiteur,
        "interlocuteur": a.interlocuteur,
        "telephone": a.telephone,
        "montant_du": str(a.montant_du),
        "echeance_plus_ancienne": (
            a.echeance_plus_ancienne.isoformat() if a.echeance_plus_ancienne else None
        ),
        "dernier_contact": a.dernier_contact.isoformat() if a.dernier_contact else None,
        "dernier_canal": a.dernier_canal,
        "dernier_resultat": a.dernier_resultat,
    }
