"""The collection policy's data model: segments, steps, channel rules, limits, time slots.

The pydantic classes a policy is made of (`Politique` and its parts: `RegleCanal`, `Limite`,
`RegleAffectation` for the operators, `Experience` for the A/B tests), the names they use
(weekdays, segments, amicable steps, debtor types), the short citations printed with
refusals, and the written form of a time slot ("10:00-13:00"). The defaults and the reading
of a creditor's file are in `escalade.recouvrement.politique`; this module sits below it so
that the operators, the A/B assignment and the gate share the model without a cycle.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from pydantic import BaseModel, ConfigDict

JOURS_SEMAINE: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DIMANCHE: Final = 6
SEGMENTS: Final = ("ponctuel", "occasionnel", "chronique", "nouveau", "risque")
ETAPES_AMIABLES: Final = (
    "relance_1",
    "relance_2",
    "relance_telephonique",
    "derniere_relance",
    "mise_en_demeure",
)
TYPES_DEBITEUR: Final = ("professionnel", "consommateur", "personne_publique")

# Short citations printed with refusals.
D223_9: Final = "C. conso. art. D223-9"
L121_7: Final = "C. conso. art. L121-7"
L121_6: Final = "C. conso. art. L121-6"
PENAL_222_16: Final = "C. pén. art. 222-16"
CPCE_L141_1: Final = "CPCE art. L141-1"
RGPD_5: Final = "RGPD art. 5.1.e"
CNIL_2021_131: Final = "CNIL, délibération n° 2021-131"


class _Fige(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Limite(_Fige):
    """At most `nombre` contacts in any rolling window of `jours` days."""

    nombre: int
    jours: int


class RegleCanal(_Fige):
    """When and how often one channel may be used."""

    jours: tuple[int, ...]  # weekdays allowed, 0 = Monday
    plages: tuple[tuple[int, int], ...]  # [start, end) in minutes after midnight
    limites: tuple[Limite, ...]
    references_horaires: tuple[str, ...]
    references_frequence: tuple[str, ...]


class RegleAffectation(_Fige):
    """Who handles an action: by dossier, étape or creditor (escalade.recouvrement.operateurs)."""

    critere: str  # "dossier" | "etape" | "creancier" | "defaut"
    valeur: str
    operateur: str


class Experience(_Fige):
    """An A/B test of a template's wording (escalade.recouvrement.ab_test)."""

    nom: str
    modele: str
    depuis: date | None = None
    jours: int = 14


class TonRelances(_Fige):
    """How a reminder words the delay, from the days since the oldest due date it claims: up
    to `ferme_apres_jours` it may suggest a simple oversight (« courtois »), up to
    `ancien_apres_jours` it states the delay plainly (« ferme »), beyond it calls the debt
    old and asks for payment without delay (« ancien »). A wording choice of the creditor,
    not a legal delay."""

    ferme_apres_jours: int = 30
    ancien_apres_jours: int = 90

    def ton(self, jours: int) -> str:
        if jours > self.ancien_apres_jours:
            return "ancien"
        return "ferme" if jours > self.ferme_apres_jours else "courtois"


class Politique(_Fige):
    plans: dict[str, tuple[tuple[str, int], ...]]  # segment -> (étape, days after due date)
    canaux: dict[str, RegleCanal]
    tous_canaux: tuple[Limite, ...]
    delai_apres_refus_jours: int
    canaux_apres_refus: tuple[str, ...]
    conservation_base_active_ans: int
    delai_mise_en_demeure_jours: dict[str, int]  # debtor type -> days given by the letter
    sources: dict[str, str]  # field -> source of its default value
    promesse_delai_grace_jours: int = 0  # days after a promised date before judging it
    fichier: str | None = None
    affectations: tuple[RegleAffectation, ...] = ()
    experiences: tuple[Experience, ...] = ()
    ton_relances: TonRelances = TonRelances()


def fenetre_max_jours(politique: Politique) -> int:
    """The longest look-back the gate needs, in days (the store reads that much journal)."""
    fenetres = [lim.jours for regle in politique.canaux.values() for lim in regle.limites]
    fenetres += [lim.jours for lim in politique.tous_canaux]
    return max([*fenetres, politique.delai_apres_refus_jours])


# --- time slots -----------------------------------------------------------------------


def lire_plages(texte: str) -> tuple[tuple[int, int], ...]:
    """ "10:00-13:00 14:00-20:00" -> ((600, 780), (840, 1200)).

    >>> lire_plages("08:00-20:00")
    ((480, 1200),)
    """
    return tuple(lire_plage(p) for p in texte.split())


def _minutes(texte: str) -> int:
    m = re.fullmatch(r"(\d{1,2})[:h](\d{2})", texte.strip())
    if not m or int(m[1]) > 24 or int(m[2]) > 59 or (int(m[1]) == 24 and int(m[2])):
        raise ValueError(f"heure « {texte} » invalide (attendu HH:MM)")
    return int(m[1]) * 60 + int(m[2])


def lire_plage(texte: str) -> tuple[int, int]:
    morceaux = texte.split("-")
    if len(morceaux) != 2:
        raise ValueError(f"plage « {texte} » invalide (attendu HH:MM-HH:MM)")
    debut, fin = _minutes(morceaux[0]), _minutes(morceaux[1])
    if debut >= fin:
        raise ValueError(f"plage « {texte} » vide : la fin doit suivre le début")
    return debut, fin


def ecrire_plage(plage: tuple[int, int]) -> str:
    """(600, 780) -> "10:00-13:00"."""
    return "-".join(f"{m // 60:02d}:{m % 60:02d}" for m in plage)
