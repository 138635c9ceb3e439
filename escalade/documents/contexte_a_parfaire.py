"""The « à parfaire » sentence of a document: the décompte stops at `arrete_au` because a
rate is not published yet, and the claim adds that penalties or interest run on at the rule's
rate until payment (« outre les pénalités de retard au taux ... à compter du ... jusqu'à
parfait paiement »). Only the claimed invoices count; None when nothing runs on."""

from __future__ import annotations

from typing import Any

from escalade.droit.a_parfaire import mention
from escalade.droit.decompte import Decompte
from escalade.droit.decompte_facture import LigneFacture


def contexte_a_parfaire(d: Decompte, reclamees: list[LigneFacture]) -> dict[str, Any] | None:
    numeros = {ligne.facture.numero for ligne in reclamees}
    return mention(d.arrete_au, d.regime.nature, d.a_parfaire, numeros)
