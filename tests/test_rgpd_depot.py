"""GDPR on the store, on SQLite and PostgreSQL: purge (dry run, real, physical), legal hold,
access export, sensitive notes, audit journal, and a purge killed mid-way."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import stockage_commun
from sqlalchemy import select, text
from stockage_commun import MAINTENANT, compter, dossier

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.valeurs import PARIS
from escalade.rgpd.regles_conservation import politique_par_defaut
from escalade.stockage import depot, schema
from escalade.stockage.audit import journal
from escalade.stockage.donnees_personnelles import exporter, notes_sensibles
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture
from escalade.stockage.purge import purger

url_depot = stockage_commun.url_depot
APRES = datetime(2031, 6, 1, 9, 0, tzinfo=PARIS)

# A consumer whose dossier was settled on 2026-04-10: identity kept 3 years (active base;
# L218-2's 2 years are shorter), until 2029-04-10; purged from 2029-04-11. Amounts and
# invoices: 10 years (L123-22), until 2036-04-10.
NOM, EMAIL, TEL, RUE = (
    "Jeanne Zébulon",
    "jeanne.zebulon@exemple.org",
    "0611223344",
    "7 impasse Quixotique",
)
NOTE = "Madame se dit hospitalisée"
PURGES = (
    NOM,
    "Zébulon",
    "ZEBULON",
    EMAIL,
    TEL,
    RUE,
    NOTE,
    "hospitalis",
    "relance-zq.pdf",
    "Xavier Interlocuteur",
)


def _consommateur(reference: str = "C-1", **changements: Any) -> Any:
    debiteur = {
        "nom": NOM,
        "type": "consommateur",
        "email": EMAIL,
        "telephone": TEL,
        "adresse": {"lignes": [RUE], "code_postal": "69006", "ville": "Lyon"},
    }
    return dossier(
        reference=reference,
        debiteur=debiteur,
        etape="solde",
        factures=[{"numero": "FA-1", "date_emission": "2026-03-01", "date_echeance": "2026-03-31",
                   "montant_ttc": "1200.00", "pieces": ["factures/FA-1.pdf"]}],
        paiements=[{"date": "2026-04-10", "montant": "1200.00", "facture": "FA-1",
                    "reference": "VIR-88412"}],
        contacts=[{"le": "2026-04-02T10:30:00+02:00", "canal": "telephone", "objet": "relance_1",
                   "note": NOTE, "interlocuteur": "Xavier Interlocuteur",
                   "document": "relance-zq.pdf", "resultat": "promet de payer"}],
        historique=[{"etape": "solde", "le": "2026-04-10", "motif": "payé"}],
        **changements,
    )  # fmt: skip


def _importer(url: str, *dossiers: Any) -> None:
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, dossiers, MAINTENANT)


def _purger(url: str, jour: date, appliquer: bool) -> Any:
    pol = politique_par_defaut(jurisprudence(), jour)
    return purger(moteur(url), jour, pol, appliquer=appliquer, operateur="alice", maintenant=APRES)


def _tout(url: str) -> str:
    """Every value of every table, as text (the PostgreSQL 'rows gone' check)."""
    morceaux = []
    with transaction_lecture(moteur(url)) as c:
        for table in schema.metadata.sorted_tables:
            morceaux += [repr(tuple(r)) for r in c.execute(select(table))]
    return "\n".join(morceaux)


def _empreinte(url: str) -> str:
    return hashlib.sha256(_tout(url).encode()).hexdigest()


def test_simulation_n_ecrit_rien(url_depot: str) -> None:
    _importer(url_depot, _consommateur())
    avant = _empreinte(url_depot)
    bilan = _purger(url_depot, date(2029, 4, 11), appliquer=False)
    assert [p.reference for p in bilan.purges] == ["C-1"]
    assert [a.categorie for a in bilan.purges[0].actions] == [
        "identite_coordonnees", "journal_contacts_notes", "documents_produits", "journal_audit"
    ]  # fmt: skip
    assert _empreinte(url_depot) == avant
    assert compter(url_depot, "purges") == 0 and compter(url_depot, "audit") == 0


def test_jour_limite_rien_puis_purge(url_depot: str) -> None:
    _importer(url_depot, _consommateur())
    assert _purger(url_depot, date(2029, 4, 10), appliquer=True).purges == []
    assert compter(url_depot, "purges") == 0
    assert len(_purger(url_depot, date(2029, 4, 11), appliquer=True).purges) == 1


def test_purge_efface_les_personnes_garde_les_chiffres(url_depot: str) -> None:
    _importer(url_depot, _consommateur())
    _purger(url_depot, date(2029, 4, 11), appliquer=True)
    contenu = _tout(url_depot)
    for valeur in PURGES:
        assert valeur not in contenu, valeur
    with transaction_lecture(moteur(url_depot)) as c:
        d = depot.charger(c, "C-1").dossier
    # What stays: amounts, dates, the étape, channel and subject of the contact, the town.
    assert d.debiteur.nom.startswith("Pseudonyme D")
    assert (d.debiteur.adresse.code_postal, d.debiteur.adresse.ville) == ("69006", "Lyon")
    assert str(d.factures[0].montant_ttc) == "1200.00" and d.factures[0].pieces == [
        "factures/FA-1.pdf"
    ]
    assert str(d.paiements[0].montant) == "1200.00" and d.paiements[0].reference == "VIR-88412"
    assert (d.contacts[0].canal, d.contacts[0].objet, d.contacts[0].note) == (
        "telephone",
        "relance_1",
        None,
    )
    assert d.etape == "solde" and d.historique[0].le == date(2026, 4, 10)
    # The audit log says what was done, not what was purged.
    with transaction_lecture(moteur(url_depot)) as c:
        lignes = c.execute(select(schema.audit.c.action, schema.audit.c.operateur,
                                  schema.audit.c.motif)).all()  # fmt: skip
    assert lignes == [(
        "purge", "alice",
        "purge RGPD au 2029-04-11 : identité et coordonnées (pseudonymiser), journal des "
        "contacts et notes (effacer), documents produits (effacer), journal d'audit (effacer)",
    )]  # fmt: skip
    # Ten years on (L123-22), the evidence and payment references go too.
    _purger(url_depot, date(2036, 4, 11), appliquer=True)
    contenu = _tout(url_depot)
    assert "factures/FA-1.pdf" not in contenu and "VIR-88412" not in contenu
    assert "1200.00" in contenu
    assert compter(url_depot, "purges") == 5


def test_purge_sqlite_rien_dans_le_fichier(tmp_path: Path) -> None:
    stockage_commun.oublier_moteurs()
    fichier = tmp_path / "d.sqlite"
    url = f"sqlite:///{fichier}"
    _importer(url, _consommateur(), _consommateur("C-2"))
    brut = fichier.read_bytes() + (
        Path(f"{fichier}-wal").read_bytes() if Path(f"{fichier}-wal").exists() else b""
    )
    assert NOM.encode() in brut or NOTE.encode() in brut  # the check below can fail
    _purger(url, date(2029, 4, 11), appliquer=True)
    fichiers = [p for p in tmp_path.iterdir() if p.name.startswith("d.sqlite")]
    for p in fichiers:
        octets = p.read_bytes()
        for valeur in PURGES:
            for forme in {valeur.encode("utf-8"), valeur.encode("utf-16-le")}:
                assert forme not in octets, (p.name, valeur)
    stockage_commun.oublier_moteurs()


def test_purge_postgresql_lignes_disparues(url_depot: str) -> None:
    if not url_depot.startswith("postgresql"):
        pytest.skip("vérification propre à PostgreSQL")
    _importer(url_depot, _consommateur())
    _purger(url_depot, date(2029, 4, 11), appliquer=True)
    with moteur(url_depot).connect() as c:
        for table, colonne in (("dossiers", "debiteur::text"), ("debiteurs", "nom"),
                               ("debiteurs", "cle"), ("contacts", "coalesce(note, '')"),
                               ("contacts", "coalesce(interlocuteur, '')")):  # fmt: skip
            ou = " OR ".join(f"{colonne} LIKE '%{v}%'" for v in ("Zébulon", "hospitalis", "Xavier"))
            n = c.execute(text(f"SELECT count(*) FROM {table} WHERE {ou}")).scalar()
            assert n == 0, (table, colonne)


def test_gel_procedure_collective(url_depot: str) -> None:
    brut = _consommateur("C-GEL").model_dump(mode="json")
    brut["debiteur"].update(type="professionnel", procedure_collective={
        "type": "liquidation_judiciaire", "jugement_le": "2026-05-04"})  # fmt: skip
    gele = type(_consommateur()).model_validate(brut)
    _importer(url_depot, gele, _consommateur())
    bilan = _purger(url_depot, date(2040, 1, 1), appliquer=True)
    assert [p.reference for p in bilan.purges] == ["C-1"]
    assert [(p.reference, p.retenues[0].references) for p in bilan.geles] == [
        ("C-GEL", ("C. com. art. L622-21",))
    ]
    with transaction_lecture(moteur(url_depot)) as c:
        assert depot.charger(c, "C-GEL").dossier.debiteur.nom == NOM


def test_deuxieme_passage_ne_refait_rien(url_depot: str) -> None:
    _importer(url_depot, _consommateur())
    _purger(url_depot, date(2029, 4, 11), appliquer=True)
    assert _purger(url_depot, date(2029, 4, 11), appliquer=True).purges == []
    assert compter(url_depot, "audit") == 1


def test_debiteur_partage_pseudonymise_avec_son_dernier_dossier(url_depot: str) -> None:
    # Same person, two dossiers: the debtor row keeps its name while one dossier is active.
    brut = _consommateur("C-RECENT").model_dump(mode="json")
    brut.update(
        etape="relance_1",
        historique=[],
        paiements=[],
        contacts=[{"le": "2029-01-05T10:00:00+01:00", "canal": "email", "objet": "relance_1"}],
    )
    recent = type(_consommateur()).model_validate(brut)
    _importer(url_depot, _consommateur(), recent)
    _purger(url_depot, date(2029, 4, 11), appliquer=True)
    with transaction_lecture(moteur(url_depot)) as c:
        assert c.execute(select(schema.debiteurs.c.nom)).scalars().all() == [NOM]
    _purger(url_depot, date(2033, 1, 6), appliquer=True)  # 2029-01-05 + 3 years, + 1 year
    with transaction_lecture(moteur(url_depot)) as c:
        assert c.execute(select(schema.debiteurs.c.nom)).scalar_one().startswith("Pseudonyme D")


def test_export_d_une_personne_et_de_personne_d_autre(url_depot: str) -> None:
    contact = {
        "le": "2026-04-03T11:00:00+02:00",
        "canal": "email",
        "objet": "relance_1",
        "interlocuteur": "Xavier Interlocuteur",
        "note": "note sur Boulangerie Martin",
    }
    autre = dossier(reference="B-1", contacts=[contact])
    _importer(url_depot, _consommateur(), _consommateur("C-2"), autre)
    with transaction_lecture(moteur(url_depot)) as c:
        e = exporter(c, "jeanne ZEBULON")
    assert [d["reference"] for d in e["comme_debiteur"]] == ["C-1", "C-2"]
    d = e["comme_debiteur"][0]
    assert d["debiteur"]["email"] == EMAIL
    assert [f["numero"] for f in d["factures"]] == ["FA-1"]
    assert [p["montant"] for p in d["paiements"]] == ["1200.00"]
    assert [c_["note"] for c_ in d["contacts"]] == [NOTE]
    assert [h["etape"] for h in d["historique"]] == ["solde"]
    assert "Boulangerie" not in repr(e) and "B-1" not in repr(e)
    # A contact person of a company: only the lines that name them.
    with transaction_lecture(moteur(url_depot)) as c:
        x = exporter(c, "Xavier Interlocuteur")
    assert x["comme_debiteur"] == []
    assert [(i["dossier"], len(i["contacts"])) for i in x["comme_interlocuteur"]] == [
        ("B-1", 1), ("C-1", 1), ("C-2", 1)
    ]  # fmt: skip
    assert EMAIL not in repr(x) and "0611223344" not in repr(x)


def test_notes_sensibles_du_depot(url_depot: str) -> None:
    _importer(url_depot, _consommateur(), dossier(reference="B-1"))
    with transaction_lecture(moteur(url_depot)) as c:
        trouvees = notes_sensibles(c)
    assert [(n.dossier, n.source, n.categories) for n in trouvees] == [
        ("C-1", "contacts.note", ("sante",))
    ]


def test_journal_qui_quoi_quand(url_depot: str) -> None:
    _importer(url_depot, _consommateur())
    _purger(url_depot, date(2029, 4, 11), appliquer=True)
    with transaction_lecture(moteur(url_depot)) as c:
        actions = [(e.action, e.operateur, e.dossier) for e in journal(c, "C-1")]
    assert actions == [
        ("contact", None, "C-1"), ("import", None, "C-1"), ("transition", None, "C-1"),
        ("purge", "alice", "C-1"),
    ]  # fmt: skip


# --- a purge killed mid-way ---------------------------------------------------------------


def _cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        # the purge applies at today's date only: the child's today is the purge date
        [sys.executable, "-c", "import datetime, escalade.cli.rgpd as r; "
         "r.aujourdhui = lambda: datetime.date(2029, 4, 11); "
         "from escalade.cli import main; main()", *args],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_purge_tuee_en_cours_reste_coherente(url_depot: str, tmp_path: Path) -> None:
    _importer(url_depot, *(_consommateur(f"K-{i}") for i in range(5)))
    marqueur = tmp_path / "purge.atteint"
    env = {"ESCALADE_RGPD_LOT": "2", "ESCALADE_TEST_PAUSE": "purge_lot_2",
           "ESCALADE_TEST_MARQUEUR": str(marqueur)}  # fmt: skip
    p = _cli("rgpd", "purger", "--date", "2029-04-11", "--appliquer", "--db", url_depot, env=env)
    limite = time.monotonic() + 60
    while not marqueur.exists():
        assert p.poll() is None, p.stderr.read() if p.stderr else ""
        assert time.monotonic() < limite
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    assert p.wait(timeout=30) == -signal.SIGKILL
    with moteur(url_depot).connect() as c:
        if c.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # Batch 1 (K-0, K-1) committed whole; batch 2 (K-2, K-3) rolled back whole.
        faits = c.execute(text(
            "SELECT d.reference, count(*) FROM purges p JOIN dossiers d ON d.id = p.dossier_id "
            "GROUP BY d.reference ORDER BY d.reference")).all()  # fmt: skip
        assert [tuple(r) for r in faits] == [("K-0", 4), ("K-1", 4)]
        assert c.execute(text("SELECT count(*) FROM audit")).scalar() == 2
        assert c.execute(text("SELECT count(*) FROM purge_en_cours")).scalar() == 0
    with transaction_lecture(moteur(url_depot)) as c:
        noms = {r: depot.charger(c, r).dossier.debiteur.nom for r in ("K-1", "K-2", "K-4")}
    assert noms["K-1"].startswith("Pseudonyme") and noms["K-2"] == NOM == noms["K-4"]
    # The next run resumes and finishes.
    q = _cli("rgpd", "purger", "--date", "2029-04-11", "--appliquer", "--db", url_depot, env={})
    assert q.wait(timeout=120) == 0, q.stderr.read() if q.stderr else ""
    assert compter(url_depot, "purges") == 20 and compter(url_depot, "audit") == 5
    assert NOM not in _tout(url_depot)


def test_purge_tuee_avant_le_vacuum_compactee_au_passage_suivant(tmp_path: Path) -> None:
    # Every batch committed, then killed before the VACUUM: the next run has nothing left to
    # purge, and still makes the purge physical.
    stockage_commun.oublier_moteurs()
    fichier = tmp_path / "d.sqlite"
    url = f"sqlite:///{fichier}"
    _importer(url, _consommateur(), _consommateur("C-2"))
    marqueur = tmp_path / "purge.atteint"
    env = {"ESCALADE_TEST_PAUSE": "purge_avant_compactage", "ESCALADE_TEST_MARQUEUR": str(marqueur)}
    p = _cli("rgpd", "purger", "--date", "2029-04-11", "--appliquer", "--db", url, env=env)
    limite = time.monotonic() + 60
    while not marqueur.exists():
        assert p.poll() is None, p.stderr.read() if p.stderr else ""
        assert time.monotonic() < limite
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    assert p.wait(timeout=30) == -signal.SIGKILL
    assert compter(url, "purges") == 8
    q = _cli("rgpd", "purger", "--date", "2029-04-11", "--appliquer", "--db", url, env={})
    assert q.wait(timeout=120) == 0, q.stderr.read() if q.stderr else ""
    for f in (x for x in tmp_path.iterdir() if x.name.startswith("d.sqlite")):
        octets = f.read_bytes()
        for valeur in PURGES:
            assert valeur.encode("utf-8") not in octets, (f.name, valeur)
    stockage_commun.oublier_moteurs()
