"""Where the report and the décompte disagree on what is settled, shown instead of hidden.

The report allocates payments to the principal only (`escalade.pilotage.suivi_factures`, a
ledger convention); the décompte allocates a payment to the interest and penalties first
(C. civ. art. 1343-1; a public buyer's to the principal first, CCP R2192-36). A late
invoice that the ledger sees paid may thus still carry principal in the décompte. Such
invoices are the ones settled, in the report, by a payment made after their due date: for
those dossiers the store edge runs the décompte and `ecarts` lists every invoice the
report counts as settled while the décompte still claims principal on it.

Pure: the décomptes are given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from escalade.droit.decompte import Decompte
from escalade.pilotage.suivi_factures import ZERO, SuiviFacture


@dataclass(frozen=True)
class EcartDecompte:
    dossier: str
    facture: str
    solde_le: date  # settled on that day in the report
    principal_decompte: Decimal  # principal the décompte still claims at the observation date


def dossiers_a_verifier(suivis: Sequence[SuiviFacture], le: date) -> list[str]:
    """Dossiers with an invoice settled (report) by `le` with a payment after its due date."""
    return sorted({
        s.facture.dossier for s in suivis
        if s.solde_le is not None and s.solde_le <= le
        and any(d > s.facture.echeance for d, _ in s.reglements)
    })  # fmt: skip


def ecarts(
    suivis: Sequence[SuiviFacture], decomptes: Mapping[str, Decompte], le: date
) -> list[EcartDecompte]:
    """Invoices settled in the report by `le` on which the décompte still claims principal."""
    resultat = []
    for s in suivis:
        d = decomptes.get(s.facture.dossier)
        if d is None or s.solde_le is None or s.solde_le > le:
            continue
        for ligne in d.lignes:
            if ligne.facture.numero == s.facture.numero and ligne.principal > ZERO:
                resultat.append(
                    EcartDecompte(s.facture.dossier, s.facture.numero, s.solde_le, ligne.principal)
                )
    return sorted(resultat, key=lambda e: (e.dossier, e.facture))


def ecarts_en_dict(liste: Sequence[EcartDecompte], non_verifies: Sequence[str]) -> dict[str, Any]:
    return {
        "factures": [
            {
                "dossier": e.dossier,
                "facture": e.facture,
                "soldee_le": e.solde_le.isoformat(),
                "principal_decompte": format(e.principal_decompte, "f"),
            }
            for e in liste
        ],
        "dossiers_non_verifies": list(non_verifies),
        "definition": DEFINITION,
    }


DEFINITION = (
    "Écarts avec le décompte : factures comptées ici comme soldées (paiements imputés sur le "
    "principal) sur lesquelles le décompte, qui impute chaque paiement d'abord sur les "
    "intérêts et pénalités échus (C. civ. art. 1343-1), réclame encore du principal à la date "
    "d'observation. Le décompte fait foi pour ce qui est réclamé au débiteur. Dossiers non "
    "vérifiés : un taux nécessaire au décompte n'est pas encore connu."
)
