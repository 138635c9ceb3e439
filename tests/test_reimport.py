"""Re-importing a corrected file: a payment with the same reference is updated, not added;
a debtor whose SIREN changes keeps the contacts made before counting (issue 14, item 6)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import stockage_commun
import yaml
from sqlalchemy import text
from stockage_commun import MAINTENANT, compter, donnees, dossier, lancer, oublier_moteurs

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage import REVISION, depot
from escalade.stockage.journal import (
    contacts_des_debiteurs,
    contacts_du_debiteur,
    enregistrer_contact,
)
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
        c.execute(text("ALTER TABLE dossiers DROP COLUMN debiteur_change"))
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


# --- a debtor's SIREN corrected by a re-import ---------------------------------------

NOUVEAU_SIREN = "382100014"


def _avec_siren(siren: str) -> Dossier:
    return dossier(contacts=[], debiteur={**donnees()["debiteur"], "siren": siren})


def _appel(heure: int) -> Contact:
    return Contact(
        le=datetime(2026, 7, 6, heure, 0, tzinfo=PARIS), canal="telephone", objet="appel"
    )


def test_siren_modifie_les_contacts_passes_comptent_encore(url_depot: str) -> None:
    """Monday 6 July 2026: a call at 10:00 with the debtor of SIREN 552100554; the file is
    re-imported with SIREN 382100014; a second call at 15:00 the same day is still refused
    (one call a day), and the import says what changed."""
    jur = jurisprudence()
    pol = politique_par_defaut(jur, date(2026, 7, 6))
    m = moteur(url_depot)
    _importer(url_depot, _avec_siren("552100554"))
    premier = enregistrer_contact(m, "S-001", _appel(10), pol, jur, _appel(10).le)
    assert premier.enregistre
    bilan = _importer(url_depot, _avec_siren(NOUVEAU_SIREN))
    assert bilan.avertissements == [
        "SIREN du débiteur modifié : 552100554 → 382100014 (dossier S-001) ; les contacts "
        "passés du dossier comptent toujours pour son débiteur"
    ]
    assert compter(url_depot, "debiteurs") == 2
    with transaction_lecture(m) as c:
        stocke = depot.charger(c, "S-001")
        fenetre = contacts_du_debiteur(c, stocke.debiteur_id, _appel(0).le, _appel(23).le)
        plan = contacts_des_debiteurs(c, [stocke.debiteur_id], _appel(0).le, _appel(23).le)
    # the dossier keeps its contact, and its new debtor's journal holds it
    assert [x.le for x in stocke.dossier.contacts] == [_appel(10).le]
    assert [x.le for x in fenetre] == [_appel(10).le]
    assert [x.le for x in plan[stocke.debiteur_id]] == [_appel(10).le]
    second = enregistrer_contact(m, "S-001", _appel(15), pol, jur, _appel(15).le)
    assert not second.enregistre and second.decision is not None
    assert "frequence_canal" in [x.code for x in second.decision.motifs]
    # another dossier of the new debtor: the call made on S-001 counts for it too
    autre = _avec_siren(NOUVEAU_SIREN).model_copy(update={"reference": "S-002"})
    _importer(url_depot, autre)
    troisieme = enregistrer_contact(m, "S-002", _appel(16), pol, jur, _appel(16).le)
    assert not troisieme.enregistre
    assert compter(url_depot, "contacts") == 1


def test_migration_0008_signale_les_dossiers_deja_deplaces(url_depot: str) -> None:
    """A store of revision 0007 where a re-import had already moved S-001 to the debtor of
    the corrected SIREN (its 10:00 call recorded with the former debtor, no flag then): the
    upgrade flags the dossier, and the call still counts for the new debtor."""
    jur = jurisprudence()
    pol = politique_par_defaut(jur, date(2026, 7, 6))
    _importer(url_depot, _avec_siren("552100554"))
    assert enregistrer_contact(
        moteur(url_depot), "S-001", _appel(10), pol, jur, _appel(10).le
    ).enregistre
    _importer(url_depot, _avec_siren(NOUVEAU_SIREN))
    with moteur(url_depot).begin() as c:  # what revision 0007 left: no column, no flag
        c.execute(text("ALTER TABLE dossiers DROP COLUMN debiteur_change"))
        c.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    oublier_moteurs()
    m = moteur(url_depot)  # opening the store migrates it to the current revision
    with m.connect() as c:
        drapeaux = c.execute(text("SELECT reference, debiteur_change FROM dossiers")).all()
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == REVISION
    assert [(r, bool(x)) for r, x in drapeaux] == [("S-001", True)]
    second = enregistrer_contact(m, "S-001", _appel(15), pol, jur, _appel(15).le)
    assert not second.enregistre and second.decision is not None
    assert "frequence_canal" in [x.code for x in second.decision.motifs]


def test_siren_inchange_aucun_avertissement(url_depot: str) -> None:
    _importer(url_depot, _avec_siren("552100554"))
    assert _importer(url_depot, _avec_siren("552100554")).avertissements == []


@pytest.mark.usefixtures("depot")  # a fresh SQLite store for the CLI
def test_cli_importer_json_avertit_du_siren_modifie(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(donnees()), encoding="utf-8")
    assert lancer(capsys, "importer", str(f))[0] == 0
    f.write_text(
        yaml.safe_dump(donnees(debiteur={**donnees()["debiteur"], "siren": NOUVEAU_SIREN})),
        encoding="utf-8",
    )
    code, out, err = lancer(capsys, "importer", str(f), "--json")
    assert code == 0
    attendu = (
        "SIREN du débiteur modifié : 552100554 → 382100014 (dossier S-001) ; les contacts "
        "passés du dossier comptent toujours pour son débiteur"
    )
    assert json.loads(out)["avertissements"] == [attendu]
    assert f"Attention : {attendu}" in err


def test_migration_0009_borne_les_cles_trop_longues_d_un_ancien_sqlite(url_depot: str) -> None:
    """SQLite stored a debtor without SIREN whose name passes the key column under its whole
    key, before keys were bounded. After the upgrade the key is the bounded one, so that a
    re-import finds the debtor (one journal for the gate) instead of creating a second one."""
    if not url_depot.startswith("sqlite"):
        pytest.skip("PostgreSQL refused over-long keys at insert: nothing to migrate")
    from escalade.stockage.cles import LONGUEUR_CLE_PARTIE, cle_debiteur, normaliser

    nom = "Société coopérative " + "des artisans réunis du bassin " * 8 + "SCOP"
    debiteur = {k: v for k, v in donnees()["debiteur"].items() if k != "siren"}
    d = dossier(contacts=[], debiteur={**debiteur, "nom": nom})
    _importer(url_depot, d)
    assert len(cle_debiteur(d.debiteur)) == LONGUEUR_CLE_PARTIE
    entiere = f"nom:{normaliser(nom)}|{d.debiteur.adresse.code_postal}"
    assert len(entiere) > LONGUEUR_CLE_PARTIE
    with moteur(url_depot).begin() as c:  # what an older escalade wrote
        c.execute(text("UPDATE debiteurs SET cle = :c"), {"c": entiere})
        c.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    oublier_moteurs()
    with moteur(url_depot).connect() as c:
        assert c.execute(text("SELECT cle FROM debiteurs")).scalars().all() == [
            cle_debiteur(d.debiteur)
        ]
    autre = d.model_copy(update={"reference": "S-002"})
    _importer(url_depot, autre)
    assert compter(url_depot, "debiteurs") == 1


def test_dossiers_ouverts_par_tva_d_un_debiteur_etranger(url_depot: str) -> None:
    """The store finds a foreign debtor's open dossiers by VAT number, on both engines."""
    debiteur = {k: v for k, v in donnees()["debiteur"].items() if k != "siren"}
    allemand = {**debiteur, "nom": "Müller Bäckerei GmbH", "tva": "DE 136 695 976"}
    _importer(url_depot, dossier(debiteur=allemand))
    with transaction_lecture(moteur(url_depot)) as c:
        trouves = depot.ouverts_du_debiteur(c, [], "DE136695976")
        assert depot.ouverts_du_debiteur(c, [], "DE129273398") == []
        assert depot.ouverts_du_debiteur(c, ["siren:552100554"]) == []
    assert [d.reference for d in trouves] == ["S-001"]
