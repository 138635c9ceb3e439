"""A creditor's policy file (YAML), read against the default policy.

A creditor's YAML policy may be stricter than these defaults, never looser: a looser value
(a Sunday, a wider time slot, more calls per window, a shorter wait after a refusal, a longer
retention) is rejected with an `EntreeInvalide` naming the file, the field and the reason.
The defaults are `escalade.recouvrement.politique`; the `affectations` block is read by
`escalade.recouvrement.operateurs`, the `experiences` block by `escalade.recouvrement.ab_test`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueInvalide, EntreeInvalide
from escalade.droit.valeurs import CANAUX
from escalade.recouvrement.ab_test import lire_experiences
from escalade.recouvrement.operateurs import lire_affectations
from escalade.recouvrement.politique import politique_par_defaut
from escalade.recouvrement.politique_modele import (
    CNIL_2021_131,
    D223_9,
    DIMANCHE,
    ETAPES_AMIABLES,
    JOURS_SEMAINE,
    RGPD_5,
    SEGMENTS,
    TYPES_DEBITEUR,
    Limite,
    Politique,
    RegleCanal,
    TonRelances,
    ecrire_plage,
    lire_plage,
)

_CHAMPS: Final = {
    "plan",
    "canaux",
    "tous_canaux",
    "delai_apres_refus_jours",
    "conservation_base_active_ans",
    "delai_mise_en_demeure_jours",
    "promesse_delai_grace_jours",
    "description",
    "creancier",
    "affectations",
    "experiences",
    "ton_relances",
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
                plage = lire_plage(str(p))
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
        if "promesse_delai_grace_jours" in d:
            jours = self.entier(d["promesse_delai_grace_jours"], "promesse_delai_grace_jours")
            if not 0 <= jours <= 60:
                raise self.erreur("promesse_delai_grace_jours", "entre 0 et 60 jours attendu")
            update["promesse_delai_grace_jours"] = jours
        if "affectations" in d:
            update["affectations"] = lire_affectations(d["affectations"], self.erreur)
        if "experiences" in d:
            update["experiences"] = lire_experiences(d["experiences"], self.erreur)
        if "ton_relances" in d:
            update["ton_relances"] = self.ton(d["ton_relances"], defaut.ton_relances)
        return defaut.model_copy(update=update)

    def ton(self, brut: Any, defaut: TonRelances) -> TonRelances:
        """The wording thresholds of the reminders (a wording choice, any order kept)."""
        champs = ("ferme_apres_jours", "ancien_apres_jours")
        lu = self.objet(brut, "ton_relances", champs)
        valeurs = {c: getattr(defaut, c) for c in champs}
        for c in champs:
            if c in lu:
                valeurs[c] = self.entier(lu[c], f"ton_relances.{c}")
        if valeurs["ancien_apres_jours"] < valeurs["ferme_apres_jours"]:
            raise self.erreur(
                "ton_relances.ancien_apres_jours",
                f"{valeurs['ancien_apres_jours']} jours précède le seuil du ton ferme "
                f"({valeurs['ferme_apres_jours']} jours) : attendu au moins autant",
            )
        return TonRelances(**valeurs)

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
    from escalade.droit.yaml_juridique import lire_yaml  # PyYAML: only for a policy file

    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise EntreeInvalide(f"fichier de politique illisible ({e})", fichier=str(chemin)) from None
    try:
        donnees = lire_yaml(texte, str(chemin))
    except DonneeJuridiqueInvalide as e:  # a user's file: bad input
        raise EntreeInvalide(e.message, fichier=str(chemin)) from None
    return lire_politique(donnees, str(chemin), jur)
