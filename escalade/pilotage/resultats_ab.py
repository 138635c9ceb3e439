"""Results of the A/B tests of reminder wording: measure and two-proportion z-test.

The experiments and the assignment of a variant to each dossier are
`escalade.recouvrement.ab_test`; this module measures them on the payments (pure, except the
normal law read from scipy by the report command).

Measure: among the dossiers whose first reminder of that template was sent on or after
`depuis`, the share of those whose principal outstanding at the reminder was fully paid
within `jours` days after it (reminders whose window is not yet over are counted apart).
Test: two-proportion z-test with a pooled proportion, two-sided, 5 % level. The normal
approximation needs enough successes and failures: below 10 of each in either variant,
the report says plainly that the samples are too small to conclude (the usual
"success-failure condition" of textbook statistics).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from escalade.pilotage.suivi_factures import ZERO, SuiviFacture, pourcentage
from escalade.recouvrement.ab_test import VARIANTES, nom_modele, variante, variante_du_document
from escalade.recouvrement.politique_modele import Experience

MINIMUM_PAR_ISSUE: Final = 10  # successes and failures per variant (normal approximation)
SEUIL: Final = 0.05


@dataclass(frozen=True)
class Relance:
    """The first reminder of the experiment's template in one dossier."""

    dossier: str
    le: date
    document: str | None


@dataclass(frozen=True)
class Observation:
    dossier: str
    variante: str
    relance_le: date
    paye: bool | None  # None: the N-day window is not over at the observation date


def _paye(suivis: Sequence[SuiviFacture], relance: date, fin: date) -> bool:
    dus = [s for s in suivis if s.facture.emission <= relance and s.restant_au(relance) > ZERO]
    return bool(dus) and all(s.restant_au(fin) == ZERO for s in dus)


def observer(
    experience: Experience,
    relances: Sequence[Relance],
    suivis_par_dossier: Mapping[str, Sequence[SuiviFacture]],
    observe_le: date,
) -> list[Observation]:
    resultat = []
    for r in relances:
        if experience.depuis is not None and r.le < experience.depuis:
            continue
        var = variante_du_document(r.document, experience.modele) or variante(
            r.dossier, experience.nom
        )
        fin = r.le + timedelta(days=experience.jours)
        paye = None if fin > observe_le else _paye(suivis_par_dossier.get(r.dossier, ()), r.le, fin)
        resultat.append(Observation(r.dossier, var, r.le, paye))
    return resultat


@dataclass(frozen=True)
class GroupeAB:
    variante: str
    modele: str
    dossiers: int  # window over
    payes: int
    en_attente: int
    taux: Decimal | None  # percent


@dataclass(frozen=True)
class ResultatAB:
    experience: Experience
    groupes: tuple[GroupeAB, GroupeAB]
    z: float | None
    p_valeur: float | None
    concluant: bool
    conclusion: str


def z_deux_proportions(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float] | None:
    """Two-proportion z-test (pooled), two-sided: (z, p-value); None when undefined."""
    if n1 == 0 or n2 == 0:
        return None
    commun = (x1 + x2) / (n1 + n2)
    ecart = math.sqrt(commun * (1 - commun) * (1 / n1 + 1 / n2))
    if ecart == 0:
        return None
    from scipy.stats import norm  # the report command only (heavy import)

    z = (x1 / n1 - x2 / n2) / ecart
    return z, float(2 * norm.sf(abs(z)))


def _groupe(exp: Experience, var: str, obs: Sequence[Observation]) -> GroupeAB:
    miens = [o for o in obs if o.variante == var]
    closes = [o for o in miens if o.paye is not None]
    payes = sum(1 for o in closes if o.paye)
    return GroupeAB(
        var,
        nom_modele(exp.modele, var),
        len(closes),
        payes,
        len(miens) - len(closes),
        pourcentage(Decimal(payes), Decimal(len(closes))),
    )


def _fr(x: float, chiffres: int) -> str:
    return f"{x:.{chiffres}f}".replace(".", ",")


def comparer(experience: Experience, observations: Sequence[Observation]) -> ResultatAB:
    a, b = (_groupe(experience, v, observations) for v in VARIANTES)
    test = z_deux_proportions(a.payes, a.dossiers, b.payes, b.dossiers)
    trop_petits = any(min(g.payes, g.dossiers - g.payes) < MINIMUM_PAR_ISSUE for g in (a, b))
    z, p = (None, None) if test is None else test
    if trop_petits or test is None:
        conclusion = (
            f"Échantillons trop petits pour conclure : il faut au moins {MINIMUM_PAR_ISSUE} "
            f"dossiers payés et {MINIMUM_PAR_ISSUE} dossiers non payés dans chaque variante "
            f"(variante A : {a.payes} payés sur {a.dossiers}, variante B : {b.payes} payés "
            f"sur {b.dossiers}). Aucune formulation ne peut être dite meilleure."
        )
        return ResultatAB(experience, (a, b), z, p, False, conclusion)
    assert z is not None and p is not None
    if p < SEUIL:
        meilleure = a if (a.taux or 0) > (b.taux or 0) else b
        conclusion = (
            f"Différence significative au seuil de 5 % (z = {_fr(z, 2)}, p = {_fr(p, 4)}) : "
            f"la variante {meilleure.variante} ({meilleure.modele}) fait payer davantage dans "
            f"les {experience.jours} jours."
        )
        return ResultatAB(experience, (a, b), z, p, True, conclusion)
    conclusion = (
        f"Pas de différence significative au seuil de 5 % (z = {_fr(z, 2)}, p = {_fr(p, 4)}) : "
        "rien ne permet de dire qu'une formulation fait mieux payer que l'autre."
    )
    return ResultatAB(experience, (a, b), z, p, False, conclusion)


def resultat_en_dict(r: ResultatAB) -> dict[str, Any]:
    e = r.experience
    return {
        "nom": e.nom,
        "modele": e.modele,
        "depuis": None if e.depuis is None else e.depuis.isoformat(),
        "jours": e.jours,
        "variantes": [
            {
                "variante": g.variante,
                "modele": g.modele,
                "dossiers": g.dossiers,
                "payes": g.payes,
                "en_attente": g.en_attente,
                "taux": None if g.taux is None else format(g.taux, "f"),
            }
            for g in r.groupes
        ],
        "test": "z de comparaison de deux proportions (bilatéral, proportion commune)",
        "z": None if r.z is None else round(r.z, 4),
        "p_valeur": None if r.p_valeur is None else round(r.p_valeur, 6),
        "concluant": r.concluant,
        "conclusion": r.conclusion,
    }
