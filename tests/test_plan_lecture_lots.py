"""The plan's own read path (issue 19): plain sqlite3 batches read the same dossiers as
SQLAlchemy's `charger_lot`, and `plan --json` streams the same text as the whole plan built
in memory, on both engines."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from stockage_commun import MAINTENANT, dossier, lancer

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.json_indente import json_indente
from escalade.droit.modele import Dossier
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.fichier_politique import lire_politique
from escalade.recouvrement.operateurs import valider_operateur
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage import depot
from escalade.stockage import schema as s
from escalade.stockage.annulations import annuler_contact
from escalade.stockage.lot_sqlite import LecteurSqlite
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture
from escalade.stockage.pilotage import ajouter_operateur
from escalade.stockage.plan_du_jour import (
    lignes_du_plan,
    operateurs_inconnus,
    plan_du_jour,
    plan_en_dict,
    plan_en_json,
)

EXEMPLES = Path(__file__).resolve().parent.parent / "examples"


def _contact(jour: str, heure: int, canal: str, objet: str, **autres: Any) -> dict[str, Any]:
    le = datetime.fromisoformat(f"{jour}T{heure:02d}:00").replace(tzinfo=PARIS)
    return {"le": le.isoformat(), "canal": canal, "objet": objet, **autres}


def _varies() -> list[Dossier]:
    """The examples, and dossiers with contacts (one later annulled), a promise, payments, a
    second creditor, a settled dossier paid late."""
    exemples = [
        Dossier.model_validate(yaml.safe_load(f.read_text(encoding="utf-8")))
        for f in sorted(EXEMPLES.glob("0*.yaml"))
    ]
    autre = {
        "nom": "Autre Créancier SA",
        "adresse": {"lignes": ["1 place X"], "code_postal": "13001", "ville": "Marseille"},
    }
    return [
        *exemples,
        dossier(reference="S-003", contacts=[
            _contact("2026-04-10", 10, "email", "relance_1"),
            _contact("2026-04-20", 11, "telephone", "relance_telephonique", resultat="promesse",
                     promesse_le="2026-07-10", promesse_montant="300.00"),
        ]),
        dossier(reference="S-001", paiements=[{"date": "2026-04-15", "montant": "200.00"}],
                contacts=[_contact("2026-06-25", 9, "email", "relance_2")]),
        dossier(reference="S-002", creancier=autre),
        dossier(reference="S-004", etape="solde",
                paiements=[{"date": "2026-05-20", "montant": "1200.00"}]),
    ]  # fmt: skip


def _store(url: str) -> None:
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, _varies(), MAINTENANT)
        contact = c.execute(
            select(s.contacts.c.id).join(s.dossiers).where(s.dossiers.c.reference == "S-001")
        ).scalar_one()
    annuler_contact(moteur(url), contact, "saisi par erreur", None, MAINTENANT)


def test_lots_sqlite_identiques_a_sqlalchemy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    _store(url)
    with transaction_lecture(moteur(url)) as c:
        ids = list(c.execute(select(s.dossiers.c.id).order_by(s.dossiers.c.reference.desc())))
        ids = [i for (i,) in ids]
        attendus = depot.charger_lot(c, ids)
        lus = LecteurSqlite(c).charger_lot(ids)
    assert len(ids) == 11
    assert [x.dossier.reference for x in lus] == [x.dossier.reference for x in attendus]
    assert lus == attendus  # ids, debtors, and every field of every dossier
    s1 = next(x.dossier for x in lus if x.dossier.reference == "S-001")
    assert s1.contacts == []  # its only contact was annulled
    s3 = next(x.dossier for x in lus if x.dossier.reference == "S-003")
    assert s3.contacts[1].le == datetime(2026, 4, 20, 11, tzinfo=PARIS)
    assert str(s3.contacts[1].le.tzinfo) == "Europe/Paris"
    assert str(s3.contacts[1].promesse_montant) == "300.00"


def test_creancier_endommage_meme_erreur(tmp_path: Path) -> None:
    """A creditor edited by hand into an invalid one: the same French error either way."""
    fichier = tmp_path / "d.sqlite"
    url = f"sqlite:///{fichier}"
    _store(url)
    with sqlite3.connect(fichier) as brut:
        brut.execute(
            "UPDATE dossiers SET creancier = json_set(creancier, '$.nom', '') "
            "WHERE reference = 'S-002'"
        )
    with transaction_lecture(moteur(url)) as c:
        ids = [i for (i,) in c.execute(select(s.dossiers.c.id).order_by(s.dossiers.c.id))]
        with pytest.raises(EntreeInvalide) as attendu:
            depot.charger_lot(c, ids)
        with pytest.raises(EntreeInvalide) as lu:
            LecteurSqlite(c).charger_lot(ids)
    assert str(lu.value) == str(attendu.value)
    assert lu.value.champ == "S-002.creancier.nom"


@pytest.mark.parametrize("operateur", [None, "alice"])
def test_plan_json_en_flux_identique(
    url_depot: str, jur: Jurisprudence, operateur: str | None
) -> None:
    _store(url_depot)
    pol = lire_politique(
        {
            "affectations": {"etapes": {"relance_telephonique": "alice"}, "defaut": "bruno"},
            "experiences": [{"nom": "ton", "modele": "relance_1", "depuis": date(2026, 1, 1)}],
        },
        "pol.yaml",
        jur,
    )
    with transaction_ecriture(moteur(url_depot)) as c:
        ajouter_operateur(c, valider_operateur("alice", None, "agent"), MAINTENANT)
    jour = date(2026, 6, 30)
    with transaction_lecture(moteur(url_depot)) as c:
        attendu = json_indente(plan_en_dict(plan_du_jour(c, jour, pol, jur, operateur)))
        assert operateurs_inconnus(c, pol, operateur) == ["bruno"]
        texte = "".join(plan_en_json(jour, operateur, lignes_du_plan(c, jour, pol, jur, operateur)))
    assert texte == attendu
    actions = json.loads(texte)["actions"]
    if operateur is None:
        assert {a["operateur"] for a in actions} == {"alice", "bruno"}
        assert len(actions) == 11  # S-004, settled, paid after its due date: accessories
        s4 = next(a for a in actions if a["dossier"] == "S-004")
        assert s4["etape"] == "accessoires_restants"
    else:
        assert actions and all(a["operateur"] == "alice" for a in actions)


def test_plan_json_vide(url_depot: str, jur: Jurisprudence) -> None:
    with transaction_ecriture(moteur(url_depot)) as c:
        depot.importer(c, [dossier(reference="S-009", etape="solde",
                                   paiements=[{"date": "2026-03-01", "montant": "1200.00"}])],
                       MAINTENANT)  # fmt: skip
    pol = politique_par_defaut(jur, date(2026, 6, 30))
    with transaction_lecture(moteur(url_depot)) as c:
        lignes = lignes_du_plan(c, date(2026, 6, 30), pol, jur, "alice")
        texte = "".join(plan_en_json(date(2026, 6, 30), "alice", lignes))
    assert texte == '{\n  "date": "2026-06-30",\n  "actions": [],\n  "operateur": "alice"\n}'


def test_plan_json_cli_erreur_rien_sur_stdout(
    depot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error midway (here a dossier damaged by hand) prints nothing on stdout."""
    _store(f"sqlite:///{depot}")
    with sqlite3.connect(depot) as brut:
        brut.execute(
            "UPDATE factures SET date_echeance = '2026-02-30' WHERE numero = 'FA-1' "
            "AND dossier_id = (SELECT id FROM dossiers WHERE reference = 'S-003')"
        )
    code, out, err = lancer(capsys, "plan", "--date", "2026-06-30", "--json")
    assert code == 1 and out == ""
    assert err.startswith("Erreur inattendue (ValueError)")


def test_plan_rend_le_ramasse_miettes_comme_il_l_a_trouve(
    depot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The plan tunes Python's garbage collector for its run (issue 19) and restores it, on
    success and on an error midway: a process that calls the CLI (tests, the server's tools)
    keeps its own collector."""
    import gc

    _store(f"sqlite:///{depot}")
    seuils, geles, actif = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    code, out, _ = lancer(capsys, "plan", "--date", "2026-06-30", "--json")
    assert code == 0 and json.loads(out)["actions"]
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == (seuils, geles, actif)
    with sqlite3.connect(depot) as brut:
        brut.execute("UPDATE factures SET date_echeance = '2026-02-30' WHERE numero = 'FA-1'")
    code, out, _ = lancer(capsys, "plan", "--date", "2026-06-30")
    assert code == 1 and out == ""
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == (seuils, geles, actif)
