"""The creditor's collection policy: plan timings, contact days, hours and frequency limits.

A policy says, per debtor segment, how many days after the due date each amicable step is
planned (SPEC section 4), and, per channel, on which weekdays and in which time slots a
contact may be made and how many contacts a rolling window may hold (SPEC section 5).

Defaults come from `jurisprudence/`, each with its source:
- calls (and, by the tool's choice, SMS and visits): Monday to Friday, 10:00-13:00 and
  14:00-20:00, at most 4 calls or attempts per 30 days, 60 days without a call after a
  refusal: C. conso. art. D223-9. That article governs telephone *canvassing*, not debt
  collection; the tool uses it as its floor, a product choice and not the law of collection.
- repetition: two calls already count as repeated under C. pén. art. 222-16; repeated
  unwanted solicitations are an aggressive practice (C. conso. art. L121-6, L121-7 3°):
  one contact per channel and per day, 8 per 30 days and 2 per day on all channels
  (the tool's cautious choice, confidence L).
- public holidays (C. trav. art. L3133-1 and the local days of the debtor's calendar) and
  Sundays are never allowed, on any channel.
- retention of personal data in the active base: 3 years after the last contact (CNIL,
  délibération n° 2021-131; RGPD art. 5.1.e).
The file of a creditor, stricter than these defaults and never looser, is read by
`escalade.recouvrement.fichier_politique`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.recouvrement.politique_modele import (
    CPCE_L141_1,
    D223_9,
    DIMANCHE,
    JOURS_SEMAINE,
    L121_6,
    L121_7,
    PENAL_222_16,
    Limite,
    Politique,
    RegleCanal,
    lire_plages,
)

_PLAN_PAR_SEGMENT: Final = {
    "ponctuel": "plan_etapes_ponctuel",
    "occasionnel": "plan_etapes_standard",
    "chronique": "plan_etapes_standard",
    "nouveau": "plan_etapes_acceleree",
    "risque": "plan_etapes_acceleree",
}
_CANAUX_TELEPHONIQUES: Final = ("telephone", "sms", "visite")


# --- defaults -------------------------------------------------------------------


def _valeur(jur: Jurisprudence, nom: str, le: date | None) -> Any:
    serie = jur.serie(nom)
    return (serie.en_vigueur(le) if le is not None else serie.valeurs[-1]).valeur


def _source(jur: Jurisprudence, nom: str, le: date | None) -> str:
    serie = jur.serie(nom)
    v = serie.en_vigueur(le) if le is not None else serie.valeurs[-1]
    return f"{v.source} (jurisprudence/{nom}.yaml, confiance {v.confiance})"


def _jours(texte: str) -> tuple[int, ...]:
    return tuple(JOURS_SEMAINE.index(j) for j in texte.split())


def lire_plan(texte: str) -> tuple[tuple[str, int], ...]:
    """ "relance_1:1 relance_2:10" -> (("relance_1", 1), ("relance_2", 10))."""
    etapes = []
    for morceau in texte.split():
        etape, _, jours = morceau.partition(":")
        etapes.append((etape, int(jours)))
    return tuple(etapes)


def politique_par_defaut(jur: Jurisprudence, le: date | None = None) -> Politique:
    """The default policy, every value read from `jurisprudence/` (latest value if `le` is None)."""
    fenetre = _valeur(jur, "appels_fenetre", le)
    par_jour = Limite(nombre=_valeur(jur, "contacts_nombre_max_par_jour", le), jours=1)
    appels = Limite(nombre=_valeur(jur, "appels_nombre_max", le), jours=fenetre)
    jours_appel = _jours(_valeur(jur, "appels_jours_autorises", le))
    plages_appel = lire_plages(_valeur(jur, "appels_plages_horaires", le))
    ouvrables = tuple(range(DIMANCHE))  # Monday to Saturday
    frequence = (PENAL_222_16, L121_6, L121_7)
    canaux = {
        "telephone": RegleCanal(
            jours=jours_appel, plages=plages_appel, limites=(appels, par_jour),
            references_horaires=(D223_9,), references_frequence=(D223_9, PENAL_222_16),
        ),
        "sms": RegleCanal(
            jours=jours_appel, plages=plages_appel, limites=(appels, par_jour),
            references_horaires=(D223_9, L121_7), references_frequence=(D223_9, *frequence),
        ),
        "visite": RegleCanal(
            jours=jours_appel, plages=plages_appel, limites=(appels, par_jour),
            references_horaires=(D223_9, CPCE_L141_1), references_frequence=(D223_9, *frequence),
        ),
        "email": RegleCanal(
            jours=ouvrables, plages=lire_plages(_valeur(jur, "courriels_plages_horaires", le)),
            limites=(appels, par_jour), references_horaires=(L121_7,),
            references_frequence=frequence,
        ),
        "courrier": RegleCanal(
            jours=ouvrables, plages=((0, 24 * 60),), limites=(),
            references_horaires=(), references_frequence=frequence,
        ),
        "lrar": RegleCanal(
            jours=ouvrables, plages=((0, 24 * 60),), limites=(),
            references_horaires=(), references_frequence=frequence,
        ),
    }  # fmt: skip
    tous = (
        Limite(nombre=_valeur(jur, "contacts_nombre_max_tous_canaux", le), jours=fenetre),
        Limite(nombre=_valeur(jur, "contacts_nombre_max_tous_canaux_par_jour", le), jours=1),
    )
    delai_usuel = _valeur(jur, "mise_en_demeure_delai_usuel", le)
    delai_long = _valeur(jur, "mise_en_demeure_delai_long", le)
    sources = {
        "plans": "; ".join(_source(jur, s, le) for s in sorted(set(_PLAN_PAR_SEGMENT.values()))),
        "canaux.telephone": _source(jur, "appels_plages_horaires", le),
        "canaux.email": _source(jur, "courriels_plages_horaires", le),
        "limites.appels": _source(jur, "appels_nombre_max", le),
        "limites.par_jour": _source(jur, "contacts_nombre_max_par_jour", le),
        "tous_canaux": _source(jur, "contacts_nombre_max_tous_canaux", le),
        "tous_canaux.par_jour": _source(jur, "contacts_nombre_max_tous_canaux_par_jour", le),
        "delai_apres_refus_jours": _source(jur, "appels_delai_apres_refus", le),
        "conservation_base_active_ans": _source(jur, "conservation_base_active", le),
        "delai_mise_en_demeure_jours": _source(jur, "mise_en_demeure_delai_usuel", le),
        "promesse_delai_grace_jours": _source(jur, "promesse_paiement_delai_grace", le),
    }
    return Politique(
        plans={s: lire_plan(_valeur(jur, serie, le)) for s, serie in _PLAN_PAR_SEGMENT.items()},
        canaux=canaux,
        tous_canaux=tous,
        delai_apres_refus_jours=_valeur(jur, "appels_delai_apres_refus", le),
        canaux_apres_refus=_CANAUX_TELEPHONIQUES,
        conservation_base_active_ans=_valeur(jur, "conservation_base_active", le),
        delai_mise_en_demeure_jours={
            "professionnel": delai_usuel,
            "personne_publique": delai_usuel,
            "consommateur": delai_long,
        },
        sources=sources,
        promesse_delai_grace_jours=_valeur(jur, "promesse_paiement_delai_grace", le),
    )
