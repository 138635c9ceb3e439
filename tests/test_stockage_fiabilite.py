"""Reliability of the store: replaying a day, concurrent operators, processes killed mid-write.

Each test runs on SQLite and on PostgreSQL (see stockage_commun). The concurrency and kill
tests start real processes (`escalade contact`, `escalade importer`) and, for the kill,
really kill them (SIGKILL) inside their transaction, at a test hook (ESCALADE_TEST_PAUSE).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import stockage_commun
import yaml
from sqlalchemy import select, text
from stockage_commun import MAINTENANT, code_cli_a, compter, donnees, dossier

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.procedures.evenements import Paiement
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage import depot, schema
from escalade.stockage.journal import enregistrer_contact
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture
from escalade.stockage.planification import planifier_depot
from escalade.stockage.transitions import enregistrer_transition

url_depot = stockage_commun.url_depot
JOUR = date(2026, 4, 1)  # a Wednesday, the day after the due date 31 March 2026
EMAIL = "compta@exemple.fr"


def _avec_email(reference: str, siren: str | None = None) -> object:
    debiteur = {**donnees()["debiteur"], "email": EMAIL}
    if siren is None:
        debiteur.pop("siren")
        debiteur["nom"] = f"Débiteur {reference}"
    return dossier(reference=reference, debiteur=debiteur)


def _importer(url: str, *dossiers: object) -> None:
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, dossiers, MAINTENANT)  # type: ignore[arg-type]


def test_rejouer_une_journee_heure_par_heure(url_depot: str) -> None:
    """Plan then send, every hour from 7:00 to 20:00: each reminder goes once, and the
    dossier paid at 7:30 gets nothing (without the payment it would get its relance_1)."""
    jur = jurisprudence()
    pol = politique_par_defaut(jur, JOUR)
    _importer(url_depot, *(_avec_email(r) for r in ("R-A", "R-B", "R-C")))
    m = moteur(url_depot)
    paye_a = datetime(2026, 4, 1, 7, 30, tzinfo=PARIS)
    for heure in range(7, 21):
        moment = datetime(2026, 4, 1, heure, 0, tzinfo=PARIS)
        if heure == 8:
            enregistrer_transition(m, "R-C", Paiement(date=JOUR, montant="1200.00"), JOUR, jur,
                                   paye_a)  # fmt: skip
        with transaction_lecture(m) as c:
            actions = list(planifier_depot(c, JOUR, pol, jur))
        for a in actions:
            if a.bloquee or a.canal is None or a.date > JOUR:
                continue
            contact = Contact(le=moment, canal=a.canal, objet=a.etape)
            enregistrer_contact(m, a.dossier, contact, pol, jur, moment)
    with transaction_lecture(m) as c:
        envois = c.execute(
            select(schema.dossiers.c.reference, schema.contacts.c.objet, schema.contacts.c.le).join(
                schema.dossiers, schema.dossiers.c.id == schema.contacts.c.dossier_id
            )
        ).all()
    paires = Counter((ref, objet) for ref, objet, _ in envois)
    # 7:00 is before the e-mail hours (08:00-20:00): the first reminders leave at 8:00.
    assert paires == {("R-A", "relance_1"): 1, ("R-B", "relance_1"): 1}
    assert {le for _, _, le in envois} == {datetime(2026, 4, 1, 8, 0, tzinfo=PARIS)}


def _cli(
    *args: str, env: dict[str, str] | None = None, a: str = "2026-07-06T10:01"
) -> subprocess.Popen[str]:
    """The CLI in a child process, its clock at `a` (a contact at --le 10:00 is made now)."""
    return subprocess.Popen(
        [sys.executable, "-c", code_cli_a(a), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


# six distinct subjects (distinct contacts) from the closed list of `contact --objet`
OBJETS_DISTINCTS = ("relance_1", "relance_2", "derniere_relance", "confirmation_appel",
                    "decompte", "reponse_debiteur")  # fmt: skip


def test_operateurs_concurrents_ne_depassent_pas_la_limite(url_depot: str) -> None:
    """Six operators e-mail one debtor (two creditors' dossiers) at the same moment. The
    default policy allows one e-mail per day per debtor: one is recorded, five are refused.

    Each process pauses 0.3 s between its gate check and its insert: without the lock
    (BEGIN IMMEDIATE / FOR UPDATE), all six would pass the gate before anyone inserts.
    """
    _importer(url_depot, _avec_email("C-1", siren="552100554"))
    _importer(
        url_depot, dossier(reference="C-2", debiteur={**donnees()["debiteur"], "email": EMAIL})
    )
    pause = {"ESCALADE_TEST_PAUSE": "contact", "ESCALADE_TEST_PAUSE_SECONDES": "0.3"}
    processus = [
        _cli("contact", f"C-{1 + i % 2}", "--canal", "email", "--objet", OBJETS_DISTINCTS[i],
             "--le", "2026-07-06T10:00", "--db", url_depot, env=pause)
        for i in range(6)
    ]  # fmt: skip
    codes = sorted(p.wait(timeout=120) for p in processus)
    assert codes == [0, 3, 3, 3, 3, 3], [p.stderr.read() for p in processus if p.stderr]
    assert compter(url_depot, "contacts") == 1


def _attendre(marqueur: Path, p: subprocess.Popen[str]) -> None:
    limite = time.monotonic() + 60
    while not marqueur.exists():
        assert p.poll() is None, p.stderr.read() if p.stderr else ""
        assert time.monotonic() < limite, "le processus n'a pas atteint le point de test"
        time.sleep(0.05)


def _tuer_au_point(point: str, tmp_path: Path, *args: str) -> None:
    marqueur = tmp_path / f"{point}.atteint"
    p = _cli(*args, env={"ESCALADE_TEST_PAUSE": point, "ESCALADE_TEST_MARQUEUR": str(marqueur)})
    _attendre(marqueur, p)
    p.send_signal(signal.SIGKILL)
    assert p.wait(timeout=30) == -signal.SIGKILL


def _coherent(url: str) -> None:
    with moteur(url).connect() as c:
        if c.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        orphelines = c.execute(text(
            "SELECT count(*) FROM factures f LEFT JOIN dossiers d ON d.id = f.dossier_id "
            "WHERE d.id IS NULL"
        )).scalar()  # fmt: skip
        assert orphelines == 0


def test_import_tue_en_cours(url_depot: str, tmp_path: Path) -> None:
    portefeuille = tmp_path / "portefeuille.yaml"
    portefeuille.write_text(yaml.safe_dump(
        [donnees(reference=f"K-{i:03d}") for i in range(20)], allow_unicode=True
    ), "utf-8")  # fmt: skip
    compter(url_depot, "dossiers")  # the schema exists before the victim starts
    _tuer_au_point("import", tmp_path, "importer", str(portefeuille), "--db", url_depot)
    _coherent(url_depot)
    assert compter(url_depot, "dossiers") == 0  # the first dossier, written, was rolled back
    assert compter(url_depot, "factures") == 0
    p = _cli("importer", str(portefeuille), "--db", url_depot)
    assert p.wait(timeout=120) == 0
    assert (compter(url_depot, "dossiers"), compter(url_depot, "factures")) == (20, 20)


def test_contact_tue_en_cours(url_depot: str, tmp_path: Path) -> None:
    _importer(url_depot, _avec_email("K-1", siren="552100554"))
    args = ("contact", "K-1", "--canal", "email", "--objet", "relance_1",
            "--le", "2026-07-06T10:00", "--db", url_depot)  # fmt: skip
    _tuer_au_point("contact", tmp_path, *args)
    _coherent(url_depot)
    assert compter(url_depot, "contacts") == 0
    # The lock died with the process: the next operator records the contact normally.
    assert _cli(*args).wait(timeout=120) == 0
    assert compter(url_depot, "contacts") == 1


def test_journal_ajout_seul_par_le_depot(url_depot: str) -> None:
    """Recording twice the same contact through the store adds nothing (idempotent)."""
    jur = jurisprudence()
    pol = politique_par_defaut(jur, JOUR)
    _importer(url_depot, _avec_email("I-1", siren="552100554"))
    c = Contact(le=datetime(2026, 7, 6, 10, 0, tzinfo=PARIS), canal="email", objet="relance_1")
    premier = enregistrer_contact(moteur(url_depot), "I-1", c, pol, jur, c.le)
    second = enregistrer_contact(moteur(url_depot), "I-1", c, pol, jur, c.le)
    assert (premier.enregistre, second.enregistre, second.deja_enregistre) == (True, False, True)
    assert compter(url_depot, "contacts") == 1


@pytest.fixture(autouse=True)
def _sans_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ESCALADE_TEST_PAUSE", raising=False)
