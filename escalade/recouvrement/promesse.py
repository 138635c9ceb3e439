"""A promise to pay: the plan pauses until the promised day (+ the policy's grace), then
says whether it was kept and resumes (SPEC section 4, « promesse de paiement »). The
written confirmation of a promise made during a call (`confirmation_appel`) comes first.

The promise is the latest contact carrying `promesse_le` (a later promise replaces an
earlier one). Kept when the payments recorded from the day of the promise to the end of
the grace reach the amount promised; without an amount, when nothing of the principal
remains (the plan then stops anyway: the dossier is settled). Pure: the day is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from escalade.droit.format_fr import montant_fr
from escalade.droit.modele import Contact, Dossier


@dataclass(frozen=True)
class SuiviPromesse:
    contact: Contact
    promesse_le: date
    fin_grace: date  # the last day of the pause
    paye: Decimal  # payments recorded from the promise's day to the end of the grace
    en_cours: bool  # the pause still runs on the day planned
    tenue: bool
    derniere: bool  # no contact since (but its confirmation): the next action resumes

    @property
    def motif(self) -> str:
        montant = self.contact.promesse_montant
        promis = f" de {montant_fr(montant)}" if montant is not None else ""
        faite = f"promesse de paiement{promis} pour le {self.promesse_le:%d/%m/%Y}"
        faite += f" (faite le {self.contact.le:%d/%m/%Y})"
        if self.en_cours:
            reprise = self.fin_grace + timedelta(days=1)
            return (
                f"Plan suspendu : {faite} ; reprise le {reprise:%d/%m/%Y}"
                f" si elle n'est pas tenue (délai de grâce jusqu'au {self.fin_grace:%d/%m/%Y})."
            )
        recu = f"{montant_fr(self.paye)} reçus" if self.paye else "aucun paiement reçu"
        etat = "tenue" if self.tenue else "non tenue"
        return f"{faite[:1].upper()}{faite[1:]} : {etat} ({recu} au {self.fin_grace:%d/%m/%Y})"


def suivi_promesse(dossier: Dossier, le: date, grace_jours: int) -> SuiviPromesse | None:
    """The latest promise of `dossier` and how it stands on day `le`; None without one."""
    promesses = [c for c in dossier.contacts if c.promesse_le is not None]
    if not promesses:
        return None
    c = max(promesses, key=lambda x: x.le)
    assert c.promesse_le is not None
    fin = c.promesse_le + timedelta(days=grace_jours)
    depuis = c.le.date()
    paye = sum(
        (p.montant for p in dossier.paiements if depuis <= p.date <= min(fin, le)), Decimal(0)
    )
    tenue = c.promesse_montant is not None and paye >= c.promesse_montant
    derniere = all(x.le <= c.le or x.objet == "confirmation_appel" for x in dossier.contacts)
    en_cours = le <= fin and not tenue
    return SuiviPromesse(c, c.promesse_le, fin, paye, en_cours, tenue, derniere)
