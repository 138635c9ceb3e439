"""The « à parfaire » sentence of a document: the décompte stops at `arrete_au` because a
rate is not published yet, and the claim adds that penalties or interest run on at the rule's
rate until payment (« outre les pénalités de retard au taux ... à compter du ... jusqu'à
parfait paiement »). Only the claimed invoices count; None when nothing runs on."""

from __future__ import annotations

from datetime import date
from typing import Any

from escalade.droit.decompte import Decompte
from escalade.droit.decompte_facture import LigneFacture
from escalade.droit.format_fr import date_longue

NATURE = {"penalites": "les pénalités de retard", "interets": "les intérêts"}


def contexte_a_parfaire(d: Decompte, reclamees: list[LigneFacture]) -> dict[str, Any] | None:
    numeros = {ligne.facture.numero for ligne in reclamees}
    elements = [a for a in d.a_parfaire if a.facture in numeros]
    if d.arrete_au is None or not elements:
        return None
    groupes: dict[tuple[str, date], list[str]] = {}
    for a in elements:
        groupes.setdefault((a.regle, a.depuis), []).append(a.facture)
    quoi = NATURE[d.regime.nature]
    if len(groupes) == 1:
        (regle, depuis), _ = next(iter(groupes.items()))
        outre = f"{quoi} au {regle} à compter du {date_longue(depuis)}"
    else:
        outre = " ; ".join(
            f"{quoi} de la facture {', '.join(factures)} au {regle} à compter du "
            f"{date_longue(depuis)}"
            for (regle, depuis), factures in groupes.items()
        )
    return {
        "arrete_au": d.arrete_au,
        "depuis": min(a.depuis for a in elements),
        "series": sorted({a.serie for a in elements}),
        "factures": [
            {"facture": a.facture, "depuis": a.depuis, "regle": a.regle} for a in elements
        ],
        "phrase": (
            f"Somme arrêtée au {date_longue(d.arrete_au)}, outre {outre} jusqu'à parfait "
            "paiement (somme à parfaire : le taux applicable ensuite n'est pas encore publié)."
        ),
        "outre": outre,
    }
