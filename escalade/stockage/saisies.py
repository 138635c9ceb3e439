"""What a user records, from typed fields to the store, and the JSON answered for it.

Shared by the command line (`paiement`, `litige ouvrir`, `contact`...) and the server
(`POST /api/paiements`, `/api/litiges`, `/api/contacts`): the same validation with the same
French messages naming the field, the same transaction, the same JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from escalade.droit.erreurs import EntreeInvalide

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.stockage.journal import ResultatContact
    from escalade.stockage.transitions import ResultatTransition


def valider_evenement(classe: Any, champs: dict[str, Any]) -> Any:
    """The event from the typed fields, or an input error in French naming the field."""
    from pydantic import ValidationError

    from escalade.entrees.validation_dossier import _chemin, _message

    try:
        return classe.model_validate({k: v for k, v in champs.items() if v is not None})
    except ValidationError as e:
        premiere = e.errors()[0]
        raise EntreeInvalide(_message(premiere), champ=_chemin(tuple(premiere["loc"]))) from None


def classe_evenement(evenement_type: str) -> Any:
    """The event class of a dated transition recorded by a user."""
    from escalade.procedures import evenements as E

    return {
        c.model_fields["type"].default: c
        for c in (
            E.Paiement, E.Avoir, E.LitigeOuvert, E.LitigeClos,
            E.EcheancierConvenu, E.EcheanceManquee, E.MiseEnDemeureEnvoyee,
            E.MiseEnDemeureRecue, E.MiseEnDemeureNonReclamee,
            E.ProcedureCollectiveOuverte,
        )
    }[evenement_type]  # fmt: skip


def enregistrer_evenement(
    m: Engine,
    dossier: str,
    evenement_type: str,
    champs: dict[str, Any],
    le_jour: date,
    jur: Jurisprudence,
    maintenant: datetime,
    operateur: str | None,
) -> tuple[Any, ResultatTransition]:
    """Validate the event, apply it through the core and store the result (one transaction)."""
    from escalade.stockage.transitions import enregistrer_transition

    evenement = valider_evenement(classe_evenement(evenement_type), champs)
    r = enregistrer_transition(m, dossier, evenement, le_jour, jur, maintenant, operateur)
    return evenement, r


def transition_en_dict(evenement: Any, r: ResultatTransition) -> dict[str, Any]:
    """The JSON of `escalade paiement --json` (and of every dated transition)."""
    return {
        "evenement": evenement.model_dump(mode="json"),
        "deja_enregistre": r.deja_enregistre,
        "dossiers": [
            {"dossier": ref, "etape_avant": avant, "etape": apres}
            for ref, avant, apres in zip(r.references, r.etapes_avant, r.etapes, strict=True)
        ],
    }


def resultat_contact_en_dict(r: ResultatContact, moment: datetime) -> dict[str, Any]:
    """The JSON of `escalade contact --json` (`moment`: the contact's, when the store did
    not set it under the lock)."""
    from escalade.recouvrement.conformite import decision_en_dict

    return {
        "enregistre": r.enregistre,
        "deja_enregistre": r.deja_enregistre,
        "force": r.force,
        "nature": r.nature,
        "id": r.contact_id,
        "le": (r.le or moment).isoformat(),
        "decision": None if r.decision is None else decision_en_dict(r.decision),
    }
