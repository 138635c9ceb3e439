"""After filing an injonction de payer: its deadlines and where it stands on a date.

Pure functions on the dossier's `injonction` fields, the date a parameter:
- the ordonnance is void if not served within six months of its date (CPC 1411 al. 2;
  Cass. 2e civ., 17 oct. 2019, n° 18-18.759: even if the debtor started paying);
- the debtor may oppose within one month of service (CPC 1416 al. 1); when service was not
  made to the person, the month runs from the first act served to the person or, failing
  that, from the first enforcement measure making the assets unavailable (al. 2);
- with no opposition, the ordonnance (handed over with the formule exécutoire since
  1 March 2022, CPC 1410) takes the effects of a judgment (CPC 1422).

References: CPC art. 1409, 1410, 1411, 1416, 1417, 1422.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from escalade.droit.calendrier import calendrier_pour_code_postal
from escalade.droit.delais import Echeance, calculer_delai
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier

DECISION_NON_AVENUE = "cass_civ2_2019_10_17_injonction_non_avenue"


@dataclass(frozen=True)
class Suivi:
    """Where an injonction de payer stands on a date, with its deadlines."""

    etat: (
        str  # a_deposer, deposee, rejetee, ordonnee, non_avenue, signifiee, opposition, executoire
    )
    message: str
    signification_limite: Echeance | None  # CPC 1411: last day to serve the ordonnance
    opposition_limite: Echeance | None  # CPC 1416: last day for the debtor to oppose
    references: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "references", tuple(dict.fromkeys(self.references)))


def delai_signification(dossier: Dossier, ordonnance_le: date, jur: Jurisprudence) -> Echeance:
    """Last day to serve the ordonnance (CPC 1411 al. 2: six months from its date)."""
    mois = jur.entier("injonction_delai_signification", ordonnance_le)
    calendrier = calendrier_pour_code_postal(dossier.debiteur.adresse.code_postal)
    return calculer_delai(ordonnance_le, mois, "mois", calendrier)


def delai_opposition(dossier: Dossier, signifiee_le: date, jur: Jurisprudence) -> Echeance:
    """Last day for the debtor's opposition (CPC 1416 al. 1: one month from service)."""
    mois = jur.entier("injonction_delai_opposition", signifiee_le)
    calendrier = calendrier_pour_code_postal(dossier.debiteur.adresse.code_postal)
    return calculer_delai(signifiee_le, mois, "mois", calendrier)


def suivi(dossier: Dossier, le: date, jur: Jurisprudence) -> Suivi:
    """The state of the injonction de payer on day `le`, from the dates the user recorded."""
    inj = dossier.injonction
    if inj is None or (inj.requete_deposee_le is None and inj.ordonnance_le is None):
        return Suivi("a_deposer", "requête non déposée", None, None, ("CPC art. 1407",))
    if inj.rejetee:
        return Suivi(
            "rejetee",
            "requête rejetée : pas de recours, mais la voie ordinaire reste ouverte "
            "(assignation)",
            None, None, ("CPC art. 1409",),
        )  # fmt: skip
    if inj.ordonnance_le is None:
        return Suivi(
            "deposee",
            f"requête déposée le {inj.requete_deposee_le:%d/%m/%Y}, ordonnance attendue",
            None, None, ("CPC art. 1409",),
        )  # fmt: skip
    refs_1411: tuple[str, ...] = ("CPC art. 1411", jur.citation(DECISION_NON_AVENUE))
    limite = delai_signification(dossier, inj.ordonnance_le, jur)
    refs_1411 += limite.references
    if inj.signifiee_le is None or inj.signifiee_le > limite.echeance:
        if le > limite.echeance or (inj.signifiee_le and inj.signifiee_le > limite.echeance):
            return Suivi(
                "non_avenue",
                f"ordonnance du {inj.ordonnance_le:%d/%m/%Y} non avenue : elle n'a pas été "
                f"signifiée au plus tard le {limite.echeance:%d/%m/%Y}",
                limite, None, refs_1411,
            )  # fmt: skip
        return Suivi(
            "ordonnee",
            f"ordonnance du {inj.ordonnance_le:%d/%m/%Y} : à faire signifier par commissaire "
            f"de justice au plus tard le {limite.echeance:%d/%m/%Y}, sinon elle est non avenue"
            + (
                f" (par prudence, avant le {limite.echeance_brute:%d/%m/%Y}, date avant "
                "prorogation de l'article 642)"
                if limite.prorogee
                else ""
            ),
            limite, None, refs_1411,
        )  # fmt: skip
    opposition = delai_opposition(dossier, inj.signifiee_le, jur)
    refs = refs_1411 + ("CPC art. 1416",) + opposition.references
    if inj.opposition_le is not None and inj.opposition_le <= le:
        return Suivi(
            "opposition",
            f"opposition formée le {inj.opposition_le:%d/%m/%Y} : le tribunal statue sur la "
            "demande en recouvrement (débat contradictoire)",
            limite, opposition, refs + ("CPC art. 1417",),
        )  # fmt: skip
    if inj.executoire_le is not None and inj.executoire_le <= le:
        return Suivi(
            "executoire",
            f"ordonnance exécutoire depuis le {inj.executoire_le:%d/%m/%Y} : elle produit les "
            "effets d'un jugement contradictoire ; exécution forcée par commissaire de justice",
            limite, opposition, refs + ("CPC art. 1422",),
        )  # fmt: skip
    if not inj.signifiee_a_personne:
        return Suivi(
            "signifiee",
            f"ordonnance signifiée le {inj.signifiee_le:%d/%m/%Y}, mais pas à personne : "
            "l'opposition reste ouverte jusqu'à un mois après le premier acte signifié à "
            "personne ou, à défaut, la première mesure d'exécution rendant les biens "
            "indisponibles",
            limite, None, refs,
        )  # fmt: skip
    if le > opposition.echeance:
        return Suivi(
            "signifiee",
            f"délai d'opposition expiré le {opposition.echeance:%d/%m/%Y} sans opposition "
            "enregistrée : l'ordonnance revêtue de la formule exécutoire peut être exécutée",
            limite, opposition, refs + ("CPC art. 1410", "CPC art. 1422"),
        )  # fmt: skip
    return Suivi(
        "signifiee",
        f"ordonnance signifiée à personne le {inj.signifiee_le:%d/%m/%Y} : le débiteur peut "
        f"former opposition jusqu'au {opposition.echeance:%d/%m/%Y} inclus",
        limite, opposition, refs,
    )  # fmt: skip
