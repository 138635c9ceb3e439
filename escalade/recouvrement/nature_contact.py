"""What a contact being recorded is: a contact the gate must allow, or a fact already past.

A contact made now (the operator is about to call, the letter leaves now) goes through the
compliance gate. A contact that already happened (`--entrant`: the debtor called or wrote;
or a moment earlier than now by more than a short tolerance) is a recorded fact: refusing it
would not undo it, only hide it from the journal, so it is recorded without being refused by
quiet hours or caps, marked as such, and it counts toward the caps of later contacts. A
moment in the future is refused: a contact is recorded once it is made, not planned ahead.

The tolerances are product constants (not legal numbers): the time an operator takes to
type the record after hanging up, and a clock skew between machines.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final, Literal

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.valeurs import PARIS

NatureContact = Literal["controle", "passe", "entrant"]
CONTROLE: Final = "controle"  # checked by the gate at its moment
PASSE: Final = "passe"  # recorded after the fact (moment past the tolerance)
ENTRANT: Final = "entrant"  # the debtor called or wrote: never refused
NATURES: Final = (CONTROLE, PASSE, ENTRANT)

TOLERANCE_PASSE: Final = timedelta(minutes=15)
TOLERANCE_FUTUR: Final = timedelta(minutes=2)

LIBELLES: Final[dict[str, str]] = {
    CONTROLE: "contrôlé",
    PASSE: "fait passé enregistré après coup",
    ENTRANT: "contact entrant (à l'initiative du débiteur)",
}


def nature_du_contact(le: datetime, maintenant: datetime, *, entrant: bool) -> NatureContact:
    """The nature of a contact at `le` recorded at `maintenant`; a future moment is refused."""
    if le > maintenant + TOLERANCE_FUTUR:
        raise EntreeInvalide(
            f"moment du contact dans le futur ({le.astimezone(PARIS):%d/%m/%Y à %H:%M}, il est "
            f"{maintenant.astimezone(PARIS):%d/%m/%Y %H:%M}) : un contact s'enregistre une fois "
            "fait ; pour savoir s'il sera permis, utilisez escalade verifier",
            champ="--le",
        )
    if entrant:
        return "entrant"
    if le < maintenant - TOLERANCE_PASSE:
        return "passe"
    return "controle"
