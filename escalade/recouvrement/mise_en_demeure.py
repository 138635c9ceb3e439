"""La mise en demeure (Code civil 1344, 1344-1) and its deadline.

A registered letter with acknowledgment is a sufficient demand (1344). The deadline it gives
(8 or 15 days by custom, not by law) runs from its reception as the acknowledgment shows it.
A letter returned unclaimed is still a valid mise en demeure (Cass. 1re civ., 20 janv. 2021,
n° 19-20.680): its deadline then runs from the first presentation. When neither date is
known, the deadline is unknown and the tool says so instead of guessing. The deadline is
computed under CPC 641-642 in the debtor's calendar.

References: C. civ. art. 1344, 1344-1; CPC art. 640-642.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from escalade.droit.calendrier import calendrier_pour_code_postal
from escalade.droit.delais import Echeance, calculer_delai
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier

REFERENCES = ("C. civ. art. 1344", "C. civ. art. 1344-1")
DECISION_NON_RECLAMEE = "cass_civ1_2021_01_20_lrar_non_reclamee"

Base = Literal["reception", "premiere_presentation"]


@dataclass(frozen=True)
class DelaiMiseEnDemeure:
    envoyee_le: date | None
    point_de_depart: date | None
    base: Base | None
    delai_jours: int | None
    echeance: Echeance | None
    motif: str
    references: tuple[str, ...]

    def expire_le(self, le: date) -> bool:
        """True once the deadline has fully run (the day after its last day)."""
        return self.echeance is not None and le > self.echeance.echeance


def delai_usuel(jur: Jurisprudence, le: date, long: bool = False) -> int:
    """The customary deadline (8 days, or 15) offered in a new mise en demeure."""
    serie = "mise_en_demeure_delai_long" if long else "mise_en_demeure_delai_usuel"
    return jur.entier(serie, le)


def delai(dossier: Dossier, jur: Jurisprudence) -> DelaiMiseEnDemeure:
    med = dossier.mise_en_demeure
    if med is None:
        return DelaiMiseEnDemeure(
            None, None, None, None, None, "aucune mise en demeure envoyée", REFERENCES
        )
    references: tuple[str, ...] = REFERENCES
    if med.recue_le is not None:
        depart, base = med.recue_le, "reception"
        motif = f"à compter de la réception le {med.recue_le:%d/%m/%Y}"
    elif med.premiere_presentation_le is not None:
        depart, base = med.premiere_presentation_le, "premiere_presentation"
        motif = (
            f"lettre non réclamée : à compter de la première présentation le "
            f"{med.premiere_presentation_le:%d/%m/%Y} (mise en demeure valable)"
        )
        references += (jur.citation(DECISION_NON_RECLAMEE),)
    else:
        return DelaiMiseEnDemeure(
            med.envoyee_le,
            None,
            None,
            med.delai_jours,
            None,
            "date de réception ou de première présentation inconnue : l'échéance ne peut pas "
            "être calculée (renseignez l'avis de réception)",
            references,
        )
    calendrier = calendrier_pour_code_postal(dossier.debiteur.adresse.code_postal)
    echeance = calculer_delai(depart, med.delai_jours, "jours", calendrier)
    return DelaiMiseEnDemeure(
        med.envoyee_le,
        depart,
        base,  # type: ignore[arg-type]
        med.delai_jours,
        echeance,
        motif,
        references + echeance.references,
    )
