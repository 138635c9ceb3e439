"""The plan of a day as the team sees it: each action, its operator and its A/B variant.

The plan itself comes from `escalade.stockage.planification`; each action is given to an
operator by the policy's rules (`escalade.recouvrement.operateurs`) and, under an A/B test
of wording, to a variant (`escalade.recouvrement.ab_test`). `escalade plan` and the server's
`GET /api/plan` and worklist both call `plan_du_jour` and `plan_en_dict`: one JSON.
`escalade plan --json` streams the same text (`lignes_du_plan`, `plan_en_json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.action import Action
    from escalade.recouvrement.politique_modele import Politique
    from escalade.stockage.planification import Tranche


@dataclass(frozen=True)
class LignePlan:
    action: Action
    operateur: str | None  # None: no rule of the policy covers it
    variante: str | None  # the template under an A/B test, else None


@dataclass(frozen=True)
class PlanDuJour:
    jour: date
    operateur: str | None  # one person's day, or the whole team's
    actions: list[Action]
    responsables: dict[str, str | None]  # reference -> operator (None: no rule covers it)
    variantes: dict[str, str | None]  # reference -> template under an A/B test, else None
    inconnus: list[str]  # operators the policy names but the store does not know


def operateurs_inconnus(conn: Connection, politique: Politique, operateur: str | None) -> list[str]:
    """The names the policy's rules cite that are not registered operators (to be reported).

    `operateur` (plan --operateur) must be a registered operator: else an input error."""
    from escalade.recouvrement.operateurs import operateurs_cites
    from escalade.stockage.pilotage import exiger_operateur, lister_operateurs

    if operateur:
        exiger_operateur(conn, operateur)
    connus = {o.nom for o in lister_operateurs(conn)}
    return [n for n in operateurs_cites(politique) if n not in connus]


def variante_de(action: Action, politique: Politique) -> str | None:
    """The template (relance_1 or relance_1@B) of an action under an A/B test, else None."""
    from escalade.recouvrement.ab_test import experience_active, nom_modele, variante

    e = experience_active(politique, action.document, action.date)
    return None if e is None else nom_modele(e.modele, variante(action.dossier, e.nom))


def lignes_du_plan(
    conn: Connection,
    jour: date,
    politique: Politique,
    jur: Jurisprudence,
    operateur: str | None,
    tranche: Tranche = ("", None),
) -> Iterator[LignePlan]:
    """The plan of `jour` as a stream, in reference order (bounded memory): each action with
    its operator and variant, restricted to `operateur`'s actions when one is named. Check
    `operateurs_inconnus` first (it refuses an unknown `operateur`). `tranche`: a part of the
    store by reference (`escalade.stockage.planification.Tranche`)."""
    from escalade.recouvrement.operateurs import responsable
    from escalade.stockage.depot import LOT
    from escalade.stockage.planification import planifier_avec_creanciers

    for action, creancier in planifier_avec_creanciers(conn, jour, politique, jur, LOT, tranche):
        qui = responsable(action.dossier, action.etape, creancier, politique)
        if operateur and qui != operateur:  # one person's day: the actions the rules give them
            continue
        yield LignePlan(action, qui, variante_de(action, politique))


def plan_du_jour(
    conn: Connection, jour: date, politique: Politique, jur: Jurisprudence, operateur: str | None
) -> PlanDuJour:
    """The plan of `jour`, restricted to `operateur`'s actions when one is named."""
    inconnus = operateurs_inconnus(conn, politique, operateur)
    lignes = list(lignes_du_plan(conn, jour, politique, jur, operateur))
    return PlanDuJour(
        jour,
        operateur,
        [ligne.action for ligne in lignes],
        {ligne.action.dossier: ligne.operateur for ligne in lignes},
        {ligne.action.dossier: ligne.variante for ligne in lignes},
        inconnus,
    )


def _action_en_dict(action: Action, operateur: str | None, variante: str | None) -> dict[str, Any]:
    from escalade.recouvrement.action import action_en_dict

    return {**action_en_dict(action), "operateur": operateur, "variante": variante}


def plan_en_dict(plan: PlanDuJour) -> dict[str, Any]:
    """The JSON of `escalade plan --json` (stable keys)."""
    sortie: dict[str, Any] = {
        "date": plan.jour.isoformat(),
        "actions": [
            _action_en_dict(a, plan.responsables[a.dossier], plan.variantes[a.dossier])
            for a in plan.actions
        ],
    }
    if plan.operateur:
        sortie["operateur"] = plan.operateur
    return sortie


_R = "\n      "  # the indent of an action's keys in `escalade plan --json`


def plan_en_json(jour: date, operateur: str | None, lignes: Iterable[LignePlan]) -> Iterator[str]:
    """The text of `json_indente(plan_en_dict(plan))`, piece by piece as `lignes` come (a
    plan of 100 000 actions is never held whole, neither as dicts nor as one string)."""
    yield from enveloppe_json(jour, operateur, ((texte,) for texte in actions_en_json(lignes)))


SEPARATEUR_JSON = ",\n    "  # between two actions of `escalade plan --json`


def actions_en_json(lignes: Iterable[LignePlan]) -> Iterator[str]:
    """Each action's text as an element of the list of `plan_en_json`."""
    from escalade.droit.json_indente import chaine_json, json_indente

    cles: dict[str, str] = {}  # each key's text and ": ", written once, not once per action
    for ligne in lignes:
        action = _action_en_dict(ligne.action, ligne.operateur, ligne.variante)
        elements = [
            (cles.get(cle) or cles.setdefault(cle, chaine_json(cle) + ": "))
            + (chaine_json(v) if type(v) is str else "null" if v is None else json_indente(v, _R))
            for cle, v in action.items()
        ]  # json_indente(action, "\n    "), without a call per text or null value
        yield "{" + _R + ("," + _R).join(elements) + "\n    }"


def enveloppe_json(
    jour: date, operateur: str | None, elements: Iterable[Iterable[str]]
) -> Iterator[str]:
    """The text of the plan around its actions' texts: each element of `elements` gives, in
    pieces, one action's text or several already joined by `SEPARATEUR_JSON` (never none)."""
    from escalade.droit.json_indente import chaine_json

    yield "{\n  " + chaine_json("date") + ": " + chaine_json(jour.isoformat()) + ",\n  "
    yield chaine_json("actions") + ": "
    separateur = "[\n    "
    for element in elements:
        yield separateur
        yield from element
        separateur = SEPARATEUR_JSON
    yield "[]" if separateur == "[\n    " else "\n  ]"
    if operateur:
        yield ",\n  " + chaine_json("operateur") + ": " + chaine_json(operateur)
    yield "\n}"
