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

A creditor's YAML policy may be stricter than these defaults, never looser: a looser value
(a Sunday, a wider time slot, more calls per window, a shorter wait after a refusal, a longer
retention) is rejected with an `EntreeInvalide` naming the file, the field and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from escalade.droit.erreurs import DonneeJuridiqueInvalide, EntreeInvalide
from escalade.droit.jurisprudence import Jurisprudence, lire_yaml
from escalade.droit.modele import CANAUX

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

_PLAN_PAR_SEGMENT: Final = {
    "ponctuel": "plan_etapes_ponctuel",
    "occasionnel": "plan_etapes_standard",
    "chronique": "plan_etapes_standard",
    "nouveau": "plan_etapes_acceleree",
    "risque": "plan_etapes_acceleree",
}
_CANAUX_TELEPHONIQUES: Final = ("telephone", "sms", "visite")


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


class Politique(_Fige):
    plans: dict[str, tuple[tuple[str, int], ...]]  # segment -> (étape, days after due date)
    canaux: dict[str, RegleCanal]
    tous_canaux: tuple[Limite, ...]
    delai_apres_refus_jours: int
    canaux_apres_refus: tuple[str, ...]
    conservation_base_active_ans: int
    delai_mise_en_demeure_jours: dict[str, int]  # debtor type -> days given by the letter
    sources: dict[str, str]  # field -> source of its default value
    fichier: str | None = None
    affectations: tuple[RegleAffectation, ...] = ()
    experiences: tuple[Experience, ...] = ()


def fenetre_max_jours(politique: Politique) -> int:
    """The longest look-back the gate needs, in days (the store reads that much journal)."""
    fenetres = [lim.jours for regle in politique.canaux.values() for lim in regle.limites]
    fenetres += [lim.jours for lim in politique.tous_canaux]
    return max([*fenetres, politique.delai_apres_refus_jours])


# --- defaults -------------------------------------------------------------------


def _valeur(jur: Jurisprudence, nom: str, le: date | None) -> Any:
    serie = jur.serie(nom)
    return (serie.en_vigueur(le) if le is not None else serie.valeurs[-1]).valeur


def _source(jur: Jurisprudence, nom: str, le: date | None) -> str:
    serie = jur.serie(nom)
    v = serie.en_vigueur(le) if le is not None else serie.valeurs[-1]
    return f"{v.source} (jurisprudence/{nom}.yaml, confiance {v.confiance})"


def lire_plages(texte: str) -> tuple[tuple[int, int], ...]:
    """ "10:00-13:00 14:00-20:00" -> ((600, 780), (840, 1200)).

    >>> lire_plages("08:00-20:00")
    ((480, 1200),)
    """
    return tuple(_plage(p) for p in texte.split())


def _minutes(texte: str) -> int:
    m = re.fullmatch(r"(\d{1,2})[:h](\d{2})", texte.strip())
    if not m or int(m[1]) > 24 or int(m[2]) > 59 or (int(m[1]) == 24 and int(m[2])):
        raise ValueError(f"heure « {texte} » invalide (attendu HH:MM)")
    return int(m[1]) * 60 + int(m[2])


def _plage(texte: str) -> tuple[int, int]:
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
    )


# --- a creditor's policy file ------------------------------------------------------

_CHAMPS: Final = {
    "plan",
    "canaux",
    "tous_canaux",
    "delai_apres_refus_jours",
    "conservation_base_active_ans",
    "delai_mise_en_demeure_jours",
    "description",
    "creancier",
    "affectations",
    "experiences",
}


class _Lecteur:
    """Reads one policy file, raising EntreeInvalide with the file and the field."""

    def __init__(self, fichier: str, defaut: Politique) -> None:
        self.fichier = fichier
        self.defaut = defaut

    def erreur(self, champ: str, message: str) -> EntreeInvalide:
        return EntreeInvalide(message, fichier=self.fichier, champ=champ)

    def objet(self, brut: Any, champ: str, permis: set[str] | tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(brut, dict):
            raise self.erreur(champ, "un objet YAML (clé: valeur) est attendu")
        inconnus = sorted(str(k) for k in brut if k not in permis)
        if inconnus:
            raise self.erreur(
                f"{champ}.{inconnus[0]}" if champ else inconnus[0],
                f"champ inconnu (attendu : {', '.join(sorted(permis))})",
            )
        return brut

    def entier(self, brut: Any, champ: str, minimum: int = 0) -> int:
        if isinstance(brut, bool) or not isinstance(brut, int):
            raise self.erreur(champ, f"nombre entier attendu, reçu « {brut} »")
        if brut < minimum:
            raise self.erreur(champ, f"doit valoir au moins {minimum}, reçu {brut}")
        return brut

    def plan(self, brut: Any) -> dict[str, tuple[tuple[str, int], ...]]:
        plans = dict(self.defaut.plans)
        for segment, etapes in self.objet(brut, "plan", SEGMENTS).items():
            champ = f"plan.{segment}"
            lues = self.objet(etapes, champ, ETAPES_AMIABLES)
            if not lues:
                raise self.erreur(champ, "au moins une étape est attendue")
            suite = tuple((e, self.entier(j, f"{champ}.{e}", minimum=1)) for e, j in lues.items())
            jours = [j for _, j in suite]
            if jours != sorted(jours):
                raise self.erreur(champ, "les étapes doivent se suivre dans le temps")
            if suite[-1][0] != "mise_en_demeure":
                raise self.erreur(champ, "la dernière étape amiable est la mise en demeure")
            plans[segment] = suite
        return plans

    def canal(self, nom: str, brut: Any) -> RegleCanal:
        champ = f"canaux.{nom}"
        base = self.defaut.canaux[nom]
        lu = self.objet(brut, champ, ("jours", "plages", "limites"))
        jours = self.jours(lu["jours"], f"{champ}.jours", base) if "jours" in lu else base.jours
        plages = (
            self.plages(lu["plages"], f"{champ}.plages", base) if "plages" in lu else base.plages
        )
        limites = base.limites
        if "limites" in lu:
            limites += self.limites(lu["limites"], f"{champ}.limites", base.limites)
        return base.model_copy(update={"jours": jours, "plages": plages, "limites": limites})

    def jours(self, brut: Any, champ: str, base: RegleCanal) -> tuple[int, ...]:
        if not isinstance(brut, list) or not brut:
            raise self.erreur(champ, "liste de jours attendue, par exemple [lundi, mardi]")
        jours = []
        for i, j in enumerate(brut):
            if j not in JOURS_SEMAINE:
                raise self.erreur(f"{champ}[{i}]", f"jour « {j} » inconnu")
            n = JOURS_SEMAINE.index(j)
            if n == DIMANCHE:
                raise self.erreur(
                    f"{champ}[{i}]",
                    "le dimanche n'est jamais autorisé : plus permissif que le plancher de "
                    "l'outil (repos dominical ; C. conso. D223-9 pour les appels)",
                )
            if n not in base.jours:
                permis = ", ".join(JOURS_SEMAINE[d] for d in base.jours)
                refs = "".join(f" ; {r}" for r in base.references_horaires)
                raise self.erreur(
                    f"{champ}[{i}]",
                    f"le {j} est plus permissif que le plancher par défaut ({permis}{refs}) : "
                    "une politique peut être plus stricte, jamais plus permissive",
                )
            jours.append(n)
        return tuple(sorted(set(jours)))

    def plages(self, brut: Any, champ: str, base: RegleCanal) -> tuple[tuple[int, int], ...]:
        if not isinstance(brut, list) or not brut:
            raise self.erreur(champ, 'liste de plages attendue, par exemple ["10:00-12:00"]')
        plages = []
        for i, p in enumerate(brut):
            try:
                plage = _plage(str(p))
            except ValueError as e:
                raise self.erreur(f"{champ}[{i}]", str(e)) from None
            if not any(d <= plage[0] and plage[1] <= f for d, f in base.plages):
                permis = ", ".join(ecrire_plage(b) for b in base.plages)
                refs = ", ".join(base.references_horaires)
                raise self.erreur(
                    f"{champ}[{i}]",
                    f"la plage {ecrire_plage(plage)} déborde des plages par défaut ({permis}"
                    f"{' ; ' + refs if refs else ''}) : une politique peut être plus stricte, "
                    "jamais plus permissive",
                )
            plages.append(plage)
        return tuple(sorted(plages))

    def limites(self, brut: Any, champ: str, base: tuple[Limite, ...]) -> tuple[Limite, ...]:
        if not isinstance(brut, list):
            raise self.erreur(champ, "liste attendue, par exemple [{nombre: 3, jours: 30}]")
        lues = []
        for i, b in enumerate(brut):
            c = f"{champ}[{i}]"
            lu = self.objet(b, c, ("nombre", "jours"))
            if set(lu) != {"nombre", "jours"}:
                raise self.erreur(c, "une limite donne « nombre » et « jours »")
            limite = Limite(
                nombre=self.entier(lu["nombre"], f"{c}.nombre", minimum=1),
                jours=self.entier(lu["jours"], f"{c}.jours", minimum=1),
            )
            for d in base:
                if limite.jours <= d.jours and limite.nombre > d.nombre:
                    raise self.erreur(
                        f"{c}.nombre",
                        f"{limite.nombre} contacts en {limite.jours} jour(s) est plus permissif "
                        f"que le plancher ({d.nombre} en {d.jours} jour(s)) : une "
                        "politique peut être plus stricte, jamais plus permissive",
                    )
            lues.append(limite)
        return tuple(lues)

    def politique(self, donnees: Any) -> Politique:
        d = self.objet(donnees if donnees is not None else {}, "", _CHAMPS)
        defaut = self.defaut
        update: dict[str, Any] = {"fichier": self.fichier}
        if "plan" in d:
            update["plans"] = self.plan(d["plan"])
        if "canaux" in d:
            canaux = dict(defaut.canaux)
            for nom, regle in self.objet(d["canaux"], "canaux", CANAUX).items():
                canaux[nom] = self.canal(nom, regle)
            update["canaux"] = canaux
        if "tous_canaux" in d:
            lu = self.objet(d["tous_canaux"], "tous_canaux", ("limites",))
            update["tous_canaux"] = defaut.tous_canaux + self.limites(
                lu.get("limites", []), "tous_canaux.limites", defaut.tous_canaux
            )
        if "delai_apres_refus_jours" in d:
            update["delai_apres_refus_jours"] = self._au_moins(
                d["delai_apres_refus_jours"], "delai_apres_refus_jours",
                defaut.delai_apres_refus_jours, f"sans appel après un refus ({D223_9})",
            )  # fmt: skip
        if "conservation_base_active_ans" in d:
            update["conservation_base_active_ans"] = self._au_plus(
                d["conservation_base_active_ans"], "conservation_base_active_ans",
                defaut.conservation_base_active_ans,
            )  # fmt: skip
        if "delai_mise_en_demeure_jours" in d:
            delais = dict(defaut.delai_mise_en_demeure_jours)
            lu = self.objet(d["delai_mise_en_demeure_jours"], "delai_mise_en_demeure_jours",
                            TYPES_DEBITEUR)  # fmt: skip
            for type_, jours in lu.items():
                delais[type_] = self._au_moins(
                    jours, f"delai_mise_en_demeure_jours.{type_}", delais[type_],
                    "laissés au débiteur par la mise en demeure (délai raisonnable, usage)",
                )  # fmt: skip
            update["delai_mise_en_demeure_jours"] = delais
        if "affectations" in d:
            from escalade.recouvrement.operateurs import lire_affectations

            update["affectations"] = lire_affectations(d["affectations"], self.erreur)
        if "experiences" in d:
            from escalade.recouvrement.ab_test import lire_experiences

            update["experiences"] = lire_experiences(d["experiences"], self.erreur)
        return defaut.model_copy(update=update)

    def _au_moins(self, brut: Any, champ: str, plancher: int, objet: str) -> int:
        valeur = self.entier(brut, champ)
        if valeur < plancher:
            raise self.erreur(
                champ,
                f"{valeur} jours est plus permissif que le plancher de {plancher} jours {objet}",
            )
        return valeur

    def _au_plus(self, brut: Any, champ: str, plafond: int) -> int:
        valeur = self.entier(brut, champ, minimum=1)
        if valeur > plafond:
            raise self.erreur(
                champ,
                f"{valeur} ans dépasse la durée de conservation par défaut de {plafond} ans en "
                f"base active ({CNIL_2021_131} ; {RGPD_5})",
            )
        return valeur


def lire_politique(
    donnees: Mapping[str, Any] | None, fichier: str, jur: Jurisprudence
) -> Politique:
    """A policy from already parsed YAML data (pure; `charger_politique` reads the file)."""
    return _Lecteur(fichier, politique_par_defaut(jur)).politique(donnees)


def charger_politique(chemin: Path, jur: Jurisprudence) -> Politique:
    """Read a creditor's YAML policy; anything looser than the defaults is refused."""
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise EntreeInvalide(f"fichier de politique illisible ({e})", fichier=str(chemin)) from None
    try:
        donnees = lire_yaml(texte, str(chemin))
    except DonneeJuridiqueInvalide as e:  # a user's file: bad input
        raise EntreeInvalide(e.message, fichier=str(chemin)) from None
    return lire_politique(donnees, str(chemin), jur)
