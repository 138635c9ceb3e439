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
from datetime import date, timedelta
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


@dataclass(frozen=True)
class SuiviSansReception:
    """What to do about a mise en demeure sent with no reception nor first presentation known."""

    a_partir_du: date  # from that day, ask for the delivery proof
    garde_passee: bool  # the carrier's holding period has run (at the earliest) on `le`
    motif: str
    references: tuple[str, ...]


def suivi_sans_reception(dossier: Dossier, le: date, jur: Jurisprudence) -> SuiviSansReception:
    """The follow-up of a registered letter whose fate is unknown on `le`.

    La Poste keeps an undelivered registered letter `lrar_delai_garde` days (15, carrier's
    practice, jurisprudence/lrar_delai_garde.yaml) after its first presentation, which
    comes at the earliest the day after sending; once that period has run, the letter has been
    either received or returned « non réclamée »: the plan asks for the delivery proof, and a
    letter returned unclaimed is still a valid mise en demeure, its deadline running from the
    first presentation (Cass. 1re civ., 20 janv. 2021).
    """
    med = dossier.mise_en_demeure
    assert med is not None
    garde = jur.entier("lrar_delai_garde", med.envoyee_le)
    fin = med.envoyee_le + timedelta(days=1 + garde)
    references = (*REFERENCES, jur.citation(DECISION_NON_RECLAMEE))
    envoi = f"mise en demeure envoyée le {med.envoyee_le:%d/%m/%Y}" + (
        f" (LRAR n° {med.numero_lrar})" if med.numero_lrar else ""
    )
    garde_txt = (
        f"La Poste garde une lettre recommandée non retirée {garde} jours après sa première "
        "présentation, au plus tôt le lendemain de l'envoi (pratique du transporteur)"
    )
    marche = (
        "demandez la preuve de distribution (avis de réception, ou lettre revenue « pli avisé "
        "et non réclamé », suivi en ligne du numéro LRAR) ; reçue : enregistrez la date de "
        "l'avis de réception (escalade mise-en-demeure recue DOSSIER --date AAAA-MM-JJ) ; "
        "revenue non réclamée : la mise en demeure reste valable "
        f"({jur.citation(DECISION_NON_RECLAMEE)}) et son délai court de la première "
        "présentation indiquée sur le pli (escalade mise-en-demeure non-reclamee DOSSIER "
        "--premiere-presentation AAAA-MM-JJ)"
    )
    if le < fin:
        motif = (
            f"{envoi}, sans avis de réception ni date de première présentation : en attente ; "
            f"{garde_txt} : sans nouvelle le {fin:%d/%m/%Y}, {marche}"
        )
        return SuiviSansReception(fin, False, motif, references)
    motif = (
        f"{envoi}, sans avis de réception ni date de première présentation au "
        f"{le:%d/%m/%Y} : le délai de garde du transporteur s'achevait au plus tôt le "
        f"{fin:%d/%m/%Y} ({garde_txt}) ; {marche}"
    )
    return SuiviSansReception(fin, True, motif, references)
