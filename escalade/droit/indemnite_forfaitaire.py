"""Indemnité forfaitaire pour frais de recouvrement (C. com. L441-10 II, D441-5).

Any professional who pays late owes, by operation of law, a fixed recovery indemnity of
40 EUR per late invoice (CJUE, 20 oct. 2022, C-585/20: due for each transaction), from
the first day of delay, not subject to VAT. Never against a consumer. Not due where a
sauvegarde, redressement or liquidation judiciaire prohibits paying the debt at its due
date. Public debtors owe it under the public procurement rules (décret 2013-269).

References: C. com. art. L441-10 II, D441-5; décret n° 2013-269 du 29 mars 2013.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from escalade.droit.donnees_juridiques import Jurisprudence, memoire_juridique
from escalade.droit.parties import Debiteur

REFERENCES = ("C. com. art. L441-10 II", "C. com. art. D441-5")
# The public-procurement indemnity rests on décret 2013-269 (art. 9), now in the Code de la
# commande publique; its CCP article number is unconfirmed (shared/LEGAL.md §3), so not cited.
REFERENCES_PUBLIC = ("Décret n° 2013-269 du 29 mars 2013, art. 9",)
DECISION_PAR_FACTURE = "cjue_2022_10_20_bff_finance_iberia"


@dataclass(frozen=True)
class Indemnite:
    montant: Decimal
    motif: str
    references: tuple[str, ...]


def _serie(type_debiteur: str) -> str:
    if type_debiteur == "personne_publique":
        return "indemnite_forfaitaire_commande_publique"
    return "indemnite_forfaitaire"


def indemnite(jur: Jurisprudence, debiteur: Debiteur, date_echeance: date) -> Indemnite:
    """The indemnity owed for one invoice paid (or still unpaid) after its due date."""
    pc = debiteur.procedure_collective
    return _indemnite(jur, debiteur.type, None if pc is None else pc.jugement_le, date_echeance)


# A portfolio asks it for every invoice: once per debtor type, judgment date and due date.
@memoire_juridique(65536)
def _indemnite(
    jur: Jurisprudence, type_debiteur: str, jugement_le: date | None, date_echeance: date
) -> Indemnite:
    if type_debiteur == "consommateur":
        return Indemnite(Decimal(0), "non due par un consommateur", ("C. com. art. L441-10 II",))
    premier_jour = date.fromordinal(date_echeance.toordinal() + 1)
    serie = jur.serie(_serie(type_debiteur))
    if premier_jour < serie.valeurs[0].depuis:
        return Indemnite(
            Decimal(0),
            f"non applicable aux retards antérieurs au {serie.valeurs[0].depuis:%d/%m/%Y}",
            REFERENCES,
        )
    if jugement_le is not None and jugement_le <= date_echeance:
        return Indemnite(
            Decimal(0),
            "non due : la procédure collective interdit le paiement à l'échéance",
            ("C. com. art. L441-10 II", "C. com. art. L622-7"),
        )
    public = type_debiteur == "personne_publique"
    references: tuple[str, ...] = REFERENCES_PUBLIC if public else REFERENCES
    references += (jur.citation(DECISION_PAR_FACTURE),)
    return Indemnite(serie.decimal(premier_jour), "due par facture payée en retard", references)
