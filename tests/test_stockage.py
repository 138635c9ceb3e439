"""The store: migrations, idempotent import, round trip, append-only journal, SQLite settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import stockage_commun
import yaml
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from stockage_commun import MAINTENANT, URL_PG, compter, donnees, dossier, oublier_moteurs

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.stockage import depot, schema, url_du_depot
from escalade.stockage.journal import contacts_du_debiteur
from escalade.stockage.moteur import (
    REVISION,
    moteur,
    purge_autorisee,
    transaction_ecriture,
    transaction_lecture,
)

url_depot = stockage_commun.url_depot  # the fixture: one fresh store per engine
EXEMPLES = Path(__file__).resolve().parent.parent / "examples"


def _importer(url: str, *dossiers: object) -> depot.Bilan:
    with transaction_ecriture(moteur(url)) as c:
        return depot.importer(c, dossiers, MAINTENANT)  # type: ignore[arg-type]


def _charger(url: str, reference: str) -> depot.DossierStocke:
    with transaction_lecture(moteur(url)) as c:
        return depot.charger(c, reference)


def test_revision_constante_egale_tete_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import escalade.stockage.moteur as mod

    config = Config()
    config.set_main_option("script_location", str(Path(mod.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == REVISION


def test_schema_migre_egal_aux_tables_declarees(url_depot: str) -> None:
    """The Alembic migrations build exactly the tables of schema.py (no drift)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with moteur(url_depot).connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == REVISION
        differences = compare_metadata(MigrationContext.configure(c), schema.metadata)
    # Index and unique constraints are named by the convention on one side only: compare
    # tables and columns, the part a drift would break.
    structurelles = [
        d
        for d in differences
        if d[0] in {"add_table", "remove_table", "add_column", "remove_column"}
    ]
    assert structurelles == []


def test_exemples_relus_a_l_identique(url_depot: str) -> None:
    # The files of examples/ (examples/reference/ holds the complete dossier, checked below).
    dossiers = [d for p in sorted(EXEMPLES.iterdir()) if p.is_file() for d in charger_fichier(p)]
    bilan = _importer(url_depot, *dossiers)
    assert bilan.dossiers_crees == len(dossiers) == 9
    for d in dossiers:
        assert _charger(url_depot, d.reference).dossier == d


def test_dossier_complet_relu_a_l_identique(url_depot: str) -> None:
    # Every field of the format (examples/reference/dossier_complet.yaml) survives the store.
    [d] = charger_fichier(EXEMPLES / "reference" / "dossier_complet.yaml")
    _importer(url_depot, d)
    assert _charger(url_depot, d.reference).dossier == d


def test_reimport_sans_doublon(url_depot: str) -> None:
    d = dossier(
        paiements=[{"date": "2026-04-10", "montant": "300.00", "facture": "FA-1"}],
        contacts=[{"le": "2026-04-05T10:30:00+02:00", "canal": "email", "objet": "relance_1"}],
        historique=[{"etape": "relance_1", "le": "2026-04-05"}],
    )
    _importer(url_depot, d)
    tailles = {
        t: compter(url_depot, t)
        for t in ("dossiers", "factures", "paiements", "contacts", "historique", "debiteurs")
    }
    assert tailles == {
        "dossiers": 1,
        "factures": 1,
        "paiements": 1,
        "contacts": 1,
        "historique": 1,
        "debiteurs": 1,
    }
    bilan = _importer(url_depot, d)
    assert (bilan.dossiers_crees, bilan.dossiers_mis_a_jour) == (0, 1)
    assert dict(bilan.lignes_ajoutees) == {}
    assert {t: compter(url_depot, t) for t in tailles} == tailles


def test_reimport_met_a_jour_et_ajoute_sans_rien_effacer(url_depot: str) -> None:
    _importer(
        url_depot,
        dossier(paiements=[{"date": "2026-04-10", "montant": "300.00", "facture": "FA-1"}]),
    )
    # A newer file: the invoice amount corrected, a second invoice, another payment; the
    # first payment is absent from it but stays (a store never forgets a payment).
    nouveau = donnees(
        factures=[
            {**donnees()["factures"][0], "montant_ttc": "1250.00"},
            {
                "numero": "FA-2",
                "date_emission": "2026-04-01",
                "date_echeance": "2026-05-01",
                "montant_ttc": "80.00",
            },
        ],
        paiements=[{"date": "2026-05-02", "montant": "50.00", "facture": "FA-2"}],
    )
    from escalade.droit.modele import Dossier

    _importer(url_depot, Dossier.model_validate(nouveau))
    relu = _charger(url_depot, "S-001").dossier
    assert [(f.numero, f.montant_ttc) for f in relu.factures] == [
        ("FA-1", Decimal("1250.00")),
        ("FA-2", Decimal("80.00")),
    ]
    assert [(p.date, p.montant) for p in relu.paiements] == [
        (date(2026, 4, 10), Decimal("300.00")),
        (date(2026, 5, 2), Decimal("50.00")),
    ]


def test_import_atomique_rien_en_cas_d_erreur(url_depot: str) -> None:
    bon = dossier(reference="S-A")
    mauvais = dossier(reference="S-B")
    # A row that breaks a constraint in the middle of the import (NOT NULL on an invoice).
    mauvais.factures[0].date_emission = None  # type: ignore[assignment]
    with pytest.raises(IntegrityError):
        _importer(url_depot, bon, mauvais)
    assert compter(url_depot, "dossiers") == 0


@pytest.mark.parametrize("table", ["contacts", "historique", "audit"])
def test_tables_en_ajout_seul(url_depot: str, table: str) -> None:
    d = dossier(
        contacts=[{"le": "2026-04-05T10:30:00+02:00", "canal": "email", "objet": "relance_1"}],
        historique=[{"etape": "relance_1", "le": "2026-04-05"}],
    )
    _importer(url_depot, d)
    m = moteur(url_depot)
    with transaction_ecriture(m) as c:
        c.execute(
            schema.audit.insert().values(le=MAINTENANT, action="essai", regles=[], motif="essai")
        )
    for ordre in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="ajout seul"), transaction_ecriture(m) as c:
            c.execute(text(ordre))
    assert compter(url_depot, table) == 1
    # The GDPR purge (and only it) may delete.
    with transaction_ecriture(m) as c, purge_autorisee(c):
        c.execute(text(f"DELETE FROM {table}"))
    assert compter(url_depot, table) == 0
    assert compter(url_depot, "purge_en_cours") == 0  # the permission died with the purge


def test_sqlite_wal_et_cles_etrangeres(tmp_path: Path) -> None:
    oublier_moteurs()
    m = moteur(f"sqlite:///{tmp_path / 'd.sqlite'}")
    with m.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(IntegrityError), transaction_ecriture(m) as c:
        c.execute(
            schema.factures.insert().values(
                dossier_id=999,
                numero="X",
                date_emission=date(2026, 1, 1),
                date_echeance=date(2026, 1, 31),
                montant_ttc=Decimal("1.00"),
                pieces=[],
            )
        )
    oublier_moteurs()


def test_url_par_defaut(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ESCALADE_DB", raising=False)
    monkeypatch.setenv("ESCALADE_DATA", str(tmp_path))
    assert url_du_depot() == f"sqlite:///{tmp_path / 'escalade.sqlite'}"
    monkeypatch.setenv("ESCALADE_DB", "postgresql://u@h/b")
    assert url_du_depot() == "postgresql+psycopg://u@h/b"
    assert url_du_depot("/x/y.sqlite") == "sqlite:////x/y.sqlite"


def test_reference_depuis_le_depot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`escalade decompte D-2026-001` reads the dossier from the store (parametres.py)."""
    from escalade.cli.parametres import dossiers_depuis

    oublier_moteurs()
    fichier = tmp_path / "escalade.sqlite"
    monkeypatch.delenv("ESCALADE_DB", raising=False)
    monkeypatch.setenv("ESCALADE_DATA", str(tmp_path))
    with pytest.raises(EntreeInvalide, match="importez d'abord"):
        dossiers_depuis("S-001")
    assert not fichier.exists()  # a typo never creates an empty store
    _importer(f"sqlite:///{fichier}", dossier())
    assert dossiers_depuis("S-001") == [dossier()]
    with pytest.raises(EntreeInvalide, match="aucun dossier « S-999 »"):
        dossiers_depuis("S-999")
    oublier_moteurs()


def test_fenetre_du_journal(url_depot: str) -> None:
    """Only the window is read, plus the last contact before it (retention counts from it)."""
    heures = [datetime(2026, 4, j, 10, 0, tzinfo=PARIS) for j in (1, 2, 3, 20, 21)]
    contacts = [
        {"le": h.isoformat(), "canal": "email", "objet": f"c{i}"} for i, h in enumerate(heures)
    ]
    _importer(url_depot, dossier(contacts=contacts))
    # A second creditor's dossier on the same debtor (same SIREN): one journal.
    _importer(
        url_depot,
        dossier(
            reference="S-002",
            contacts=[{"le": "2026-04-20T15:00:00+02:00", "canal": "telephone", "objet": "appel"}],
        ),
    )
    stocke = _charger(url_depot, "S-001")
    with transaction_lecture(moteur(url_depot)) as c:
        lus = contacts_du_debiteur(c, stocke.debiteur_id, heures[3] - timedelta(hours=1), heures[4])
    # c2 (3 April) is the last before 20 April 09:00; then c3, the other dossier's call, c4.
    assert [(x.objet, x.le) for x in lus] == [
        ("c2", heures[2]),
        ("c3", heures[3]),
        ("appel", datetime(2026, 4, 20, 15, 0, tzinfo=PARIS)),
        ("c4", heures[4]),
    ]
    assert all(isinstance(x, Contact) for x in lus)


def test_dossiers_ouverts_par_lots(url_depot: str) -> None:
    refs = [f"S-{i:03d}" for i in range(1, 6)]
    _importer(url_depot, *(dossier(reference=r) for r in refs))
    _importer(url_depot, dossier(reference="S-006", etape="solde"))
    with transaction_lecture(moteur(url_depot)) as c:
        lus = [s.dossier.reference for s in depot.iterer_ouverts(c, lot=2)]
    assert lus == refs


def test_postgresql_fourni_par_make_test() -> None:
    """`make test` runs tests/pg_local.sh, which always provides a PostgreSQL."""
    if not URL_PG:
        pytest.skip("hors de make test")
    assert URL_PG.startswith("postgresql")


def test_deux_litiges_identiques_dans_un_fichier_ne_plantent_pas(tmp_path: Path) -> None:
    # Same invoice, same opening date: one natural key; the import keeps the first, no crash.
    from escalade.cli import main

    donnees = yaml.safe_load((EXEMPLES / "04_litige.yaml").read_text(encoding="utf-8"))
    donnees["litiges"] = donnees["litiges"] * 2
    fichier = tmp_path / "doublon.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    base = tmp_path / "d.sqlite"
    main(["importer", "--db", str(base), str(fichier)])  # returns normally: exit 0
    assert compter(f"sqlite:///{base}", "litiges") == 1
