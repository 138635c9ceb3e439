"""The management report's figures from the store: the period, the indicators, the A/B tests,
and the invoices the report counts as settled while the décompte still claims principal.

Shared by `escalade rapport` and the worklist's report page: the store is read once (the
portfolio, the first reminders of each experiment), the pure cores compute
(`escalade.pilotage.indicateurs`, `escalade.pilotage.resultats_ab`,
`escalade.pilotage.ecarts_decompte`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from escalade.droit.erreurs import EntreeInvalide

if TYPE_CHECKING:
    from escalade.recouvrement.politique_modele import Politique


def periode(du: date | None, au: date | None, le: date) -> tuple[date, date]:
    """Default: the twelve calendar months ending with the month of `au` (or of the date)."""
    fin = au or le
    debut = du or date(fin.year - 1 + (fin.month // 12), fin.month % 12 + 1, 1)
    if debut > fin:
        raise EntreeInvalide("--du doit précéder --au", champ="--du")
    return debut, fin


def indicateurs_du_depot(
    db: str | None, creancier: str | None, pol: Politique, du: date, au: date, le: date
) -> tuple[Any, list[Any], str | None, tuple[list[Any], list[str]]]:
    """(indicators, A/B results, the creditor's store key or None, the décompte's gaps)."""
    from escalade.pilotage.indicateurs import calculer
    from escalade.pilotage.resultats_ab import comparer, observer
    from escalade.pilotage.suivi_factures import imputer
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import cle_du_creancier, portefeuille, premieres_relances

    with transaction_lecture(moteur(db, creer=False)) as conn:
        cle = None if creancier is None else cle_du_creancier(conn, creancier)
        p = portefeuille(conn, cle)
        relances = {e.nom: premieres_relances(conn, e.modele, cle) for e in pol.experiences}
    suivis = imputer(p)
    indicateurs = calculer(p, du, au, le, suivis)
    ecarts = ecarts_avec_le_decompte(db, suivis, le)
    par_dossier: dict[str, list[Any]] = {}
    for s in suivis:
        par_dossier.setdefault(s.facture.dossier, []).append(s)
    experiences = [
        comparer(e, observer(e, relances[e.nom], par_dossier, le)) for e in pol.experiences
    ]
    return indicateurs, experiences, cle, ecarts


def ecarts_avec_le_decompte(
    db: str | None, suivis: Sequence[Any], le: date
) -> tuple[list[Any], list[str]]:
    """The invoices the report counts as settled while the décompte still claims principal
    (`escalade.pilotage.ecarts_decompte`), and the dossiers it could not check."""
    from escalade.droit.decompte import calculer
    from escalade.droit.dossier_au import dossier_au
    from escalade.droit.erreurs import DonneeJuridiqueManquante
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.pilotage.ecarts_decompte import dossiers_a_verifier, ecarts
    from escalade.stockage.depot import charger_lot, identifiants
    from escalade.stockage.moteur import moteur, transaction_lecture

    references = dossiers_a_verifier(suivis, le)
    if not references:
        return [], []
    jur = jurisprudence()
    decomptes = {}
    non_verifies = []
    with transaction_lecture(moteur(db, creer=False)) as conn:
        ids = [identifiants(conn, r)[0] for r in references]
        for stocke in charger_lot(conn, ids):
            d = stocke.dossier
            try:
                decomptes[d.reference] = calculer(dossier_au(d, le), le, jur)
            except DonneeJuridiqueManquante:
                non_verifies.append(d.reference)
    return ecarts(suivis, decomptes, le), non_verifies
