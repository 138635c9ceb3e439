"""The closed list of a contact's `objet`: the steps the plan knows, and the few others.

A free text (« appel téléphonique ») would silently fail to count as the step it meant:
`escalade contact` refuses it, naming the allowed values. A call recorded as « appel »
counts as the plan's call step (`relance_telephonique`).
"""

from __future__ import annotations

from typing import Final

from escalade.droit.erreurs import EntreeInvalide
from escalade.recouvrement.politique_modele import ETAPES_AMIABLES
from escalade.recouvrement.reste_du import ABANDON_ACCESSOIRES, RECLAMATION_ACCESSOIRES

OBJETS_CONTACT: Final[tuple[str, ...]] = (
    *ETAPES_AMIABLES,
    "appel",  # a call outside the plan: counts as the call step
    "confirmation_appel",
    "promesse_de_paiement",
    "reponse_debiteur",
    "decompte",
    "echeancier",
    RECLAMATION_ACCESSOIRES,
    ABANDON_ACCESSOIRES,
    "declaration_creance",
    "petites_creances",
    "injonction_de_payer",
)
ALIAS_ETAPES: Final = {"appel": "relance_telephonique"}


def verifier_objet(objet: str, champ: str = "--objet") -> str:
    """`objet` if it is one of the list, else a French input error naming the allowed ones."""
    propre = objet.strip()
    if propre not in OBJETS_CONTACT:
        raise EntreeInvalide(
            f"objet « {objet} » inconnu ; valeurs permises : {', '.join(OBJETS_CONTACT)}",
            champ=champ,
        )
    return propre
