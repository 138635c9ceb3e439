"""A/B tests of reminder wording (pure, except the normal law read from scipy).

An experiment, declared in the creditor's policy file, compares two wordings of one
template:

```yaml
experiences:
  - nom: ton_relance_1        # the experiment's name (part of the assignment hash)
    modele: relance_1         # variant A: relance_1, variant B: relance_1@B
    depuis: 2026-01-01        # reminders sent from this day on take part
    jours: 14                 # paid within 14 days after the reminder?
```

Assignment: each dossier gets one variant, once and for good, from a hash of the
experiment's name and the dossier's reference (SHA-256; even -> A, odd -> B): the same
dossier always receives the same wording, whoever plans it and on whatever machine. The plan
shows the variant; the operator records the letter sent as `contact --document relance_1@B`.
The journal's `document` is the truth when it names a variant; otherwise the assignment is.

Measure: among the dossiers whose first reminder of that template was sent on or after
`depuis`, the share of those whose principal outstanding at the reminder was fully paid
within `jours` days after it (reminders whose window is not yet over are counted apart).
Test: two-proportion z-test with a pooled proportion, two-sided, 5 % level. The normal
approximation needs enough successes and failures: below 10 of each in either variant,
the report says plainly that the samples are too small to conclude (the usual
"success-failure condition" of textbook statistics).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from escalade.droit.erreurs import EntreeInvalide
from escalade.pilotage.indicateurs import ZERO, SuiviFacture, pourcentage
from escalade.recouvrement.politique import ETAPES_AMIABLES, Experience, Politique

VARIANTES: Final = ("A", "B")
SEPARATEUR: Final = "@"
MINIMUM_PAR_ISSUE: Final = 10  # successes and failures per variant (normal approximation)
SEUIL: Final = 0.05
MODELES_TESTABLES: Final = (*ETAPES_AMIABLES, "confirmation_appel")


def variante(reference: str, experience: str) -> str:
    """The variant of dossier `reference` in `experience`: stable, about half each.

    >>> variante("D-2026-001", "ton_relance_1") == variante("D-2026-001", "ton_relance_1")
    True
    """
    empreinte = hashlib.sha256(f"{experience}|{reference}".encode()).digest()
    return VARIANTES[empreinte[-1] % 2]


def nom_modele(modele: str, var: str) -> str:
    """relance_1 (A) or relance_1@B (B): the template name the letter is recorded under."""
    return modele if var == "A" else f"{modele}{SEPARATEUR}{var}"


def variante_du_document(document: str | None, modele: str) -> str | None:
    """The variant a journal `document` names (relance_1 -> A, relance_1@B -> B), or None."""
    if document is None:
        return None
    if document == modele:
        return "A"
    base, sep, var = document.partition(SEPARATEUR)
    return var if sep and base == modele and var in VARIANTES else None


def experience_active(politique: Politique, modele: str | None, le: date) -> Experience | None:
    for e in politique.experiences:
        if e.modele == modele and (e.depuis is None or e.depuis <= le):
            return e
    return None


def lire_experiences(
    brut: Any, erreur: Callable[[str, str], EntreeInvalide]
) -> tuple[Experience, ...]:
    """The `experiences` block of a policy file (see the module docstring)."""
    if not isinstance(brut, list):
        raise erreur("experiences", "liste attendue, par exemple [{nom: x, modele: relance_1}]")
    lues: list[Experience] = []
    for i, b in enumerate(brut):
        champ = f"experiences[{i}]"
        if not isinstance(b, dict):
            raise erreur(champ, "un objet YAML (nom, modele, depuis, jours) est attendu")
        inconnus = sorted(set(map(str, b)) - {"nom", "modele", "depuis", "jours"})
        if inconnus:
            raise erreur(
                f"{champ}.{inconnus[0]}", "champ inconnu (attendu : depuis, jours, modele, nom)"
            )
        nom, modele = b.get("nom"), b.get("modele")
        if not isinstance(nom, str) or not nom.strip() or SEPARATEUR in nom:
            raise erreur(f"{champ}.nom", "nom d'expérience attendu (texte, sans « @ »)")
        if modele not in MODELES_TESTABLES:
            raise erreur(
                f"{champ}.modele", f"modèle attendu parmi : {', '.join(MODELES_TESTABLES)}"
            )
        depuis = b.get("depuis")
        if depuis is not None and not isinstance(depuis, date):
            raise erreur(f"{champ}.depuis", "date attendue (AAAA-MM-JJ)")
        jours = b.get("jours", 14)
        if isinstance(jours, bool) or not isinstance(jours, int) or not 1 <= jours <= 365:
            raise erreur(f"{champ}.jours", "nombre de jours entre 1 et 365 attendu")
        if any(e.modele == modele for e in lues):
            raise erreur(f"{champ}.modele", f"une seule expérience à la fois sur « {modele} »")
        lues.append(Experience(nom=nom.strip(), modele=modele, depuis=depuis, jours=jours))
    return tuple(lues)


# --- measuring ---------------------------------------------------------------------------


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
