"""What the décompte still finds due once the principal is paid, and the objets recording it.

The late-payment accessories (penalties, interest, indemnities) of a dossier whose principal
is paid: their amount on one invoice or on all (`reste_du`), their parts in French
(`detail_reste_du`), and the contact objets that record their claim or their waiver. Shared
by the gate (`escalade.recouvrement.regles_conformite`, which lets a claim of them through)
and the plan (`escalade.recouvrement.accessoires_restants`, which says how much is left).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final

from escalade.droit.format_fr import montant_fr

if TYPE_CHECKING:  # the décompte is computed by the caller: no import for the plain gate
    from escalade.droit.decompte import Decompte

# Recorded once the creditor has claimed (sent the décompte) or waived the accessories. The
# claim is a contact with the debtor (the gate lets it through while accessories remain due);
# the waiver, a decision of the creditor, is a contact of that objet in a dossier file, or in
# the store the transition `escalade.procedures.evenements.AccessoiresAbandonnes` (escalade
# abandon-accessoires).
RECLAMATION_ACCESSOIRES: Final = "reclamation_accessoires"
ABANDON_ACCESSOIRES: Final = "abandon_accessoires"
OBJETS_ACCESSOIRES_TRAITES: Final = (RECLAMATION_ACCESSOIRES, ABANDON_ACCESSOIRES)
# The accessories that run on each kind of debtor, as printed in the motif.
ACCESSOIRES: Final = {
    "professionnel": "pénalités de retard",
    "personne_publique": "intérêts moratoires",
    "consommateur": "intérêts au taux légal",
}


def liste_fr(elements: list[str]) -> str:
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


def de_fr(nom: str) -> str:
    """'de pénalités', 'd'intérêts' (elision before a vowel)."""
    return f"d'{nom}" if nom[:1] in "aeiouéèêî" else f"de {nom}"


def reste_du(dc: Decompte, facture: str | None = None) -> Decimal:
    """What the décompte still finds due, on one invoice or on all: principal left after the
    payments were imputed (on interest first, C. civ. 1343-1; a public buyer's on the principal
    first, CCP R2192-36), accessories, indemnities."""
    return sum(
        (
            ligne.total_du
            for ligne in dc.lignes
            if facture is None or ligne.facture.numero == facture
        ),
        Decimal(0),
    )  # fmt: skip


def detail_reste_du(dc: Decompte, type_debiteur: str, facture: str | None = None) -> str:
    """The parts of `reste_du` in French: "10,70 € d'intérêts moratoires, 40,00 € d'indemnité
    forfaitaire et 363,06 € de principal (...)"; empty when nothing is due."""
    lignes = [x for x in dc.lignes if facture is None or x.facture.numero == facture]
    accessoires = sum((x.accessoires for x in lignes), Decimal(0))
    indemnites = sum((x.indemnite_restante for x in lignes), Decimal(0))
    principal = sum((x.principal for x in lignes), Decimal(0))
    elements: list[str] = []
    if accessoires > 0:
        elements.append(f"{montant_fr(accessoires)} {de_fr(ACCESSOIRES[type_debiteur])}")
    if indemnites > 0:
        elements.append(f"{montant_fr(indemnites)} d'indemnité forfaitaire")
    if principal > 0 and dc.regime.principal_d_abord:  # public buyer: principal first
        elements.append(f"{montant_fr(principal)} de principal")
    elif principal > 0:
        elements.append(
            f"{montant_fr(principal)} de principal (paiements imputés d'abord sur les "
            "accessoires, C. civ. art. 1343-1)"
        )
    return liste_fr(elements) if elements else ""
