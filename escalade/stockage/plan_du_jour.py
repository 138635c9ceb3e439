"""The plan of a day as the team sees it: each action, its operator and its A/B variant.

The plan itself comes from `escalade.stockage.planification`; each action is given to an
operator by the policy's rules (`escalade.recouvrement.operateurs`) and, under an A/B test
of wording, to a variant (`escalade.recouvrement.ab_test`). `escalade plan` and the server's
`GET /api/plan` and worklist both call `plan_du_jour` and `plan_en_dict`: one JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.action import Action
    from escalade.recouvrement.politique_modele import Politique


@dataclass(frozen=True)
class PlanDuJour:
    jour: date
    operateur: str | None  # one person's day, or the whole team's
    actions: list[Action]
    responsables: dict[str, str | None]  # reference -> operator (None: no rule covers it)
    variantes: dict[str, str | None]  # reference -> template under an A/B test, else None
    inconnus: list[str]  # operators the policy names but the store does not know


def responsables_du_plan(
    conn: Connection, actions: Sequence[Action], politique: Politique, operateur: str | None
) -> tuple[dict[str, str | None], list[str]]:
    """Each planned dossier's operator under the policy's rules (reference -> name or None),
    and the names the rules cite that are not registered operators (to be reported).

    `operateur` (plan --operateur) must be a registered operator.
    """
    from escalade.recouvrement.operateurs import operateurs_cites, responsable
    from escalade.stockage.pilotage import (
        creanciers_des_dossiers,
        exiger_operateur,
        lister_operateurs,
    )

    if operateur:
        exiger_operateur(conn, operateur)
    connus = {o.nom for o in lister_operateurs(conn)}
    inconnus = [n for n in operateurs_cites(politique) if n not in connus]
    creanciers = creanciers_des_dossiers(conn, [a.dossier for a in actions])
    return {
        a.dossier: responsable(a.dossier, a.etape, creanciers[a.dossier], politique)
        for a in actions
    }, inconnus


def variantes_du_plan(actions: Sequence[Action], politique: Politique) -> dict[str, str | None]:
    """The template (relance_1 or relance_1@B) of actions under an A/B test, else None."""
    from escalade.recouvrement.ab_test import experience_active, nom_modele, variante

    resultat: dict[str, str | None] = {}
    for a in actions:
        e = experience_active(politique, a.document, a.date)
        resultat[a.dossier] = (
            None if e is None else nom_modele(e.modele, variante(a.dossier, e.nom))
        )
    return resultat


def plan_du_jour(
    conn: Connection, jour: date, politique: Politique, jur: Jurisprudence, operateur: str | None
) -> PlanDuJour:
    """The plan of `jour`, restricted to `operateur`'s actions when one is named."""
    from escalade.stockage.planification import planifier_depot

    actions = list(planifier_depot(conn, jour, politique, jur))
    responsables, inconnus = responsables_du_plan(conn, actions, politique, operateur)
    if operateur:  # one person's day: the actions the policy's rules give to them
        actions = [a for a in actions if responsables[a.dossier] == operateur]
    return PlanDuJour(
        jour, operateur, actions, responsables, variantes_du_plan(actions, politique), inconnus
    )


def plan_en_dict(plan: PlanDuJour) -> dict[str, Any]:
    """The JSON of `escalade plan --json` (stable keys)."""
    from escalade.recouvrement.action import action_en_dict

    sortie: dict[str, Any] = {
        "date": plan.jour.isoformat(),
        "actions": [
            {
                **action_en_dict(a),
                "operateur": plan.responsables[a.dossier],
                "variante": plan.variantes[a.dossier],
            }
            for a in plan.actions
        ],
    }
    if plan.operateur:
        sortie["operateur"] = plan.operateur
    return sortie
