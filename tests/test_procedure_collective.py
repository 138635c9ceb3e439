"""Claim declaration: two months from the BODACC publication (R622-24), +2 outside metropole."""

from __future__ import annotations

from datetime import date

from conftest import dossier

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.procedure_collective import declaration_creance

PC = {
    "type": "redressement_judiciaire",
    "jugement_le": "2026-05-04",
    "publication_bodacc_le": "2026-05-20",
}


def test_deux_mois_apres_la_publication(jur: Jurisprudence) -> None:
    # Published 2026-05-20 → 2026-07-20 (Monday).
    d = dossier(debiteur={"procedure_collective": PC})
    x = declaration_creance(d, jur)
    assert x is not None and x.limite == date(2026, 7, 20)
    assert x.releve_forclusion_jusqu_au == date(2026, 11, 20)
    assert x.references[:3] == (
        "C. com. art. L622-21",
        "C. com. art. L622-24",
        "C. com. art. R622-24",
    )


def test_prorogation_hors_metropole(jur: Jurisprudence) -> None:
    # Debtor in Fort-de-France, creditor in Paris: 2 + 2 months → 2026-09-20, a Sunday → 21 Sept.
    d = dossier(
        debiteur={
            "procedure_collective": PC,
            "adresse": {"lignes": [], "code_postal": "97200", "ville": "Fort-de-France"},
        }
    )
    x = declaration_creance(d, jur)
    assert x is not None and x.limite == date(2026, 9, 21)


def test_publication_inconnue(jur: Jurisprudence) -> None:
    d = dossier(debiteur={"procedure_collective": {**PC, "publication_bodacc_le": None}})
    x = declaration_creance(d, jur)
    assert x is not None and x.limite is None and "inconnue" in x.motif


def test_sans_procedure(jur: Jurisprudence) -> None:
    assert declaration_creance(dossier(), jur) is None
