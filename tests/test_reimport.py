"""Re-importing a corrected file: a payment with the same reference is updated, not added;
a debtor whose SIREN changes keeps the contacts made before counting (issue 14, item 6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import stockage_commun
from sqlalchemy import text
from stockage_commun import MAINTENANT, compter, dossier, oublier_moteurs

from escalade.stockage import depot
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture

url_depot = stockage_commun.url_depot  # the fixture: one fresh store per engine


def _importer(url: str, *dossiers: object) -> depot.Bilan:
    with transaction_ecriture(moteur(url)) as c:
        return depot.importer(c, dossiers, MAINTENANT)  # type: ignore[arg-type]


def _paiements(url: str) -> list[tuple[date, Decimal, str | None]]:
    with transaction_lecture(moteur(url)) as c:
        d = depot.charger(c, "S-001").dossier
    return [(p.date, p.montant, p.reference) for p in d.paiements]


def _paiement(montant: str, reference: str | None, jour: str = "2026-04-10") -> dict[str, str]:
    p = {"date": jour, "montant": montant, "facture": "FA-1"}
    return p if reference is None else {**p, "reference": reference}


def test_paiement_corrige_meme_reference_mis_a_jour(url_depot: str) -> None:
    _importer(url_depot, dossier(paiements=[_paiement("400.00", "VIR-2026-041")]))
    bilan = _importer(url_depot, dossier(paiements=[_paiement("410.00", "VIR-2026-041")]))
    assert dict(bilan.lignes_ajoutees) == {}
    # 410 € credited, not 400 + 410 = 810 €
    assert _paiements(url_depot) == [(date(2026, 4, 10), Decimal("410.00"), "VIR-2026-041")]
    # the date corrected too (same reference, same invoice)
    _importer(url_depot, dossier(paiements=[_paiement("410.00", "VIR-2026-041", "2026-04-11")]))
    assert _paiements(url_depot) == [(date(2026, 4, 11), Decimal("410.00"), "VIR-2026-041")]
    assert compter(url_depot, "paiements") == 1


def test_paiements_sans_reference_identite_par_date_montant_facture(url_depot: str) -> None:
    _importer(url_depot, dossier(paiements=[_paiement("400.00", None)]))
    _importer(url_depot, dossier(paiements=[_paiement("410.00", None)]))
    # without a reference nothing says they are one payment: both stay (today's behaviour)
    assert sum(p[1] for p in _paiements(url_depot)) == Decimal("810.00")
    _importer(url_depot, dossier(paiements=[_paiement("410.00", None)]))
    assert compter(url_depot, "paiements") == 2


def test_references_differentes_deux_paiements(url_depot: str) -> None:
    _importer(url_depot, dossier(paiements=[_paiement("400.00", "VIR-1")]))
    _importer(url_depot, dossier(paiements=[_paiement("410.00", "VIR-2")]))
    assert sum(p[1] for p in _paiements(url_depot)) == Decimal("810.00")


def test_migration_0008_garde_les_paiements_en_collision(url_depot: str) -> None:
    """A store of revision 0007 holding two payments with one reference and invoice (the old
    key held the amount) migrates: both kept, the first one re-keyed, then updated."""
    _importer(
        url_depot,
        dossier(paiements=[_paiement("400.00", "VIR-1"), _paiement("80.00", "VIR-9")]),
    )
    with moteur(url_depot).begin() as c:
        c.execute(
            text(
                "UPDATE paiements SET cle = '2026-04-10|400.00|FA-1|VIR-1' WHERE montant = '400.00'"
            )
        )
        c.execute(
            text("UPDATE paiements SET cle = '2026-04-10|80.00|FA-1|VIR-9' WHERE montant = '80.00'")
        )
        dossier_id = c.execute(text("SELECT id FROM dossiers")).scalar_one()
        c.execute(
            text(
                "INSERT INTO paiements (dossier_id, cle, date, montant, facture, reference) "
                "VALUES (:d, '2026-04-10|410.00|FA-1|VIR-1', :j, '410.00', 'FA-1', 'VIR-1')"
            ),
            {"d": dossier_id, "j": date(2026, 4, 10)},
        )
        c.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    oublier_moteurs()
    with moteur(url_depot).connect() as c:
        cles = sorted(c.execute(text("SELECT cle, montant FROM paiements")).all())
    assert [(cle, Decimal(str(m))) for cle, m in cles] == [
        ("2026-04-10|410.00|FA-1|VIR-1", Decimal("410.00")),
        ("ref|VIR-1|FA-1", Decimal("400.00")),
        ("ref|VIR-9|FA-1", Decimal("80.00")),
    ]
    # a re-import with VIR-9 corrected updates it, adds nothing
    _importer(url_depot, dossier(paiements=[_paiement("85.00", "VIR-9")]))
    assert compter(url_depot, "paiements") == 3
    assert sorted(p[1] for p in _paiements(url_depot)) == [
        Decimal("85.00"),
        Decimal("400.00"),
        Decimal("410.00"),
    ]
