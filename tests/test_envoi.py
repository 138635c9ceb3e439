"""`escalade envoyer` against a real SMTP server (aiosmtpd on the loopback).

Each test imports the shipped examples (YAML dossiers and the CSV portfolio) into a fresh
SQLite store and sends the emails the plan calls for on 30 June 2026 at 10:00 (Paris):
relance_1 for D-2026-004, D-2026-101 and D-2026-102; D-2026-007's relance_2 is refused by
the gate (04:00 in Martinique).
"""

from __future__ import annotations

import email
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = [str(p) for p in sorted((RACINE / "examples").glob("*.yaml"))]
PORTEFEUILLE = str(RACINE / "examples" / "portefeuille.csv")
LE = "2026-06-30T10:00"
PREVUS = {
    "D-2026-004": "compta@transports-lefevre.fr",
    "D-2026-101": "garage.petit@example.fr",
    "D-2026-102": "alice.bernard@example.fr",
}


class Boite:
    """An SMTP handler keeping every message; fails DATA after `limite` messages, refuses
    the addresses of `refusees` at RCPT."""

    def __init__(self, limite: int | None = None, refusees: tuple[str, ...] = ()) -> None:
        self.recus: list[EmailMessage] = []
        self.limite, self.refusees = limite, refusees

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: Any) -> str:  # fmt: skip
        if address in self.refusees:
            return "550 5.1.1 destinataire inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.limite is not None and len(self.recus) >= self.limite:
            return "451 4.3.0 serveur surchargé, réessayez plus tard"
        m = email.message_from_bytes(envelope.original_content, policy=default)
        assert isinstance(m, EmailMessage)
        self.recus.append(m)
        return "250 OK"


@pytest.fixture
def serveur() -> Any:
    demarres: list[Controller] = []

    def demarrer(boite: Boite, hote: str = "127.0.0.1") -> int:
        with socket.socket() as s:  # a free port on the loopback
            s.bind((hote, 0))
            port = int(s.getsockname()[1])
        c = Controller(boite, hostname=hote, port=port)
        c.start()
        demarres.append(c)
        return port

    yield demarrer
    for c in demarres:
        c.stop()


def _env(port: int | None, **autres: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCALADE_")}
    env["ESCALADE_SMTP_EXPEDITEUR"] = "relances@atelier-durand.fr"
    if port is not None:
        env["ESCALADE_SMTP"] = f"smtp+clair://127.0.0.1:{port}"
    return {**env, **autres}


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from escalade.cli import main; main()", *args],
        capture_output=True, text=True, cwd=RACINE, env=env, timeout=300,
    )  # fmt: skip


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    db = tmp_path / "d.sqlite"
    for fichiers in (EXEMPLES, [PORTEFEUILLE]):
        r = cli("importer", *fichiers, "--db", str(db), env=_env(None))
        assert r.returncode == 0, r.stderr
    return db


def _lignes(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchall()


def _contacts_email(db: Path) -> list[tuple[str, str, str]]:
    return sorted(_lignes(db, "SELECT d.reference, c.objet, c.note FROM contacts c "
                              "JOIN dossiers d ON d.id = c.dossier_id WHERE c.canal = 'email' "
                              "AND c.note LIKE 'Message-ID %'"))  # fmt: skip


def _pdf(m: EmailMessage, tmp_path: Path) -> str:
    pieces = [p for p in m.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pieces) == 1
    chemin = tmp_path / str(pieces[0].get_filename())
    chemin.write_bytes(pieces[0].get_content())
    return subprocess.run(["pdftotext", "-layout", str(chemin), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_un_message_par_courriel_prevu_chacun_enregistre_une_fois(
    depot: Path, serveur: Any, tmp_path: Path
) -> None:
    boite = Boite()
    port = serveur(boite)
    r = cli("envoyer", "--db", str(depot), "--le", LE, env=_env(port))
    assert r.returncode == 3, r.stderr  # D-2026-007 refused by the gate (04:00 locally)
    assert "Refusé : D-2026-007" in r.stderr and "heure_non_autorisee" in r.stderr
    assert {m["To"]: m for m in boite.recus}.keys() == set(PREVUS.values())
    assert len(boite.recus) == 3
    par_dossier = {}
    for m in boite.recus:
        texte = m.get_body(preferencelist=("plain",))
        assert texte is not None
        corps = texte.get_content()
        reference = next(d for d, a in PREVUS.items() if a == m["To"])
        par_dossier[reference] = m
        assert f"Référence à rappeler : {reference}" in corps
        assert "FR76 3000 6000 0112 3456 7890 189" in corps
        assert m.get_body(preferencelist=("html",)) is not None
        pdf = _pdf(m, tmp_path)
        assert reference in pdf
    # D-2026-004: one invoice, 3 848,60 € with the accessories on 30/06/2026 (the letter's
    # own total, in the body and in the attached PDF alike)
    corps_004 = par_dossier["D-2026-004"].get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "3\u202f848,60\u00a0€" in corps_004
    assert "3 848,60" in _pdf(par_dossier["D-2026-004"], tmp_path).replace("\u202f", " ")
    contacts = _contacts_email(depot)
    assert [(d, o) for d, o, _ in contacts] == [(d, "relance_1") for d in sorted(PREVUS)]
    for d, _, note in contacts:
        assert note == f"Message-ID {par_dossier[d]['Message-ID']}"
    assert sorted(_lignes(depot, "SELECT etat FROM envois")) == [
        ("envoye",),
        ("envoye",),
        ("envoye",),
        ("refuse",),
    ]
    # a second run sends nothing and records nothing
    r2 = cli("envoyer", "--db", str(depot), "--le", "2026-06-30T10:30", env=_env(port))
    assert "0 courriel(s) envoyé(s)" in r2.stdout, r2.stderr
    assert len(boite.recus) == 3
    assert len(_contacts_email(depot)) == 3


def test_serveur_en_panne_au_milieu_du_lot_puis_reprise(depot: Path, serveur: Any) -> None:
    panne = Boite(limite=1)
    r = cli("envoyer", "--db", str(depot), "--le", LE, "--modele", "relance_1",
            env=_env(serveur(panne)))  # fmt: skip
    assert r.returncode == 1
    assert len(panne.recus) == 1
    assert r.stderr.count("451 4.3.0") == 2
    # the refused messages left no contact behind: the plan offers them again
    assert len(_contacts_email(depot)) == 1
    assert sorted(_lignes(depot, "SELECT etat FROM envois")) == [
        ("echec",),
        ("echec",),
        ("envoye",),
    ]
    sain = Boite()
    r2 = cli("envoyer", "--db", str(depot), "--le", "2026-06-30T11:00", "--modele",
             "relance_1", env=_env(serveur(sain)))  # fmt: skip
    assert r2.returncode == 0, r2.stderr
    assert len(sain.recus) == 2
    assert sorted(m["To"] for m in [*panne.recus, *sain.recus]) == sorted(PREVUS.values())
    assert len(_contacts_email(depot)) == 3


def test_tue_entre_acceptation_et_confirmation_jamais_renvoye(
    depot: Path, serveur: Any, tmp_path: Path
) -> None:
    boite = Boite()
    port = serveur(boite)
    marqueur = tmp_path / "accepte"
    # TMPDIR: the killed process cannot remove WeasyPrint's font folder; keep it out of /tmp
    env = _env(port, ESCALADE_TEST_PAUSE="courriel_accepte", ESCALADE_TEST_MARQUEUR=str(marqueur),
               TMPDIR=str(tmp_path))  # fmt: skip
    p = subprocess.Popen(
        [sys.executable, "-c", "from escalade.cli import main; main()", "envoyer", "--db",
         str(depot), "--le", LE, "--modele", "relance_1"],
        cwd=RACINE, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    limite = time.monotonic() + 120
    while not marqueur.exists():
        assert p.poll() is None, p.stderr.read() if p.stderr else ""
        assert time.monotonic() < limite
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    assert len(boite.recus) == 1  # the server has it; the store never heard the 250
    premier = boite.recus[0]
    assert _contacts_email(depot) == []
    assert _lignes(depot, "SELECT etat, message_id FROM envois") == [
        ("en_cours", premier["Message-ID"])
    ]
    r = cli("envoyer", "--db", str(depot), "--le", "2026-06-30T10:30", "--modele",
            "relance_1", env=_env(port))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert len(boite.recus) == 3  # the two others, never the first one again
    assert [m["To"] for m in boite.recus].count(premier["To"]) == 1
    assert "1 courriel(s) non confirmé(s)" in r.stderr and premier["Message-ID"] in r.stderr
    # the operator checks and confirms: the contact is recorded at its original moment
    r = cli("envoyer", "--db", str(depot), "--confirmer", premier["Message-ID"], env=_env(port))
    assert r.returncode == 0, r.stderr
    contacts = _contacts_email(depot)
    assert len(contacts) == 3
    assert _lignes(depot, "SELECT count(*) FROM envois WHERE etat = 'en_cours'") == [(0,)]
    quand = _lignes(depot, "SELECT c.le FROM contacts c JOIN envois e ON e.contact_id = c.id "
                           f"WHERE e.message_id = '{premier['Message-ID']}'")  # fmt: skip
    assert quand == [("2026-06-30 08:00:00.000000",)]  # 10:00 Paris, stored in UTC


def test_adresse_refusee_enregistree_sur_le_dossier(depot: Path, serveur: Any) -> None:
    boite = Boite(refusees=("garage.petit@example.fr",))
    r = cli("envoyer", "--db", str(depot), "--le", LE, "--modele", "relance_1",
            env=_env(serveur(boite)))  # fmt: skip
    assert r.returncode == 1
    assert "adresse garage.petit@example.fr refusée par le serveur (550" in r.stderr
    assert len(boite.recus) == 2
    assert _lignes(depot, "SELECT d.reference, e.etat FROM envois e JOIN dossiers d "
                          "ON d.id = e.dossier_id WHERE e.etat != 'envoye'") == [
        ("D-2026-101", "destinataire_refuse")
    ]  # fmt: skip
    assert "D-2026-101" not in {d for d, _, _ in _contacts_email(depot)}
    h = cli("historique", "D-2026-101", "--db", str(depot), "--json", env=_env(None))
    (courriel,) = [e for e in json.loads(h.stdout)["evenements"] if e["type"] == "courriel"]
    assert courriel["libelle"] == (
        "Courriel relance_1 à garage.petit@example.fr : non envoyé : adresse refusée par le "
        "serveur (550 5.1.1 destinataire inconnu)"
    )
    assert (courriel["date"], courriel["heure"]) == ("2026-06-30", "10:00")


def test_eml_et_simuler_n_envoient_ni_n_enregistrent(depot: Path, tmp_path: Path) -> None:
    r = cli("envoyer", "--db", str(depot), "--le", LE, "--simuler", env=_env(None))
    assert r.returncode == 0, r.stderr
    assert "4 courriel(s) prévu(s), rien n'a été envoyé." in r.stdout
    sortie = tmp_path / "eml"
    r = cli("envoyer", "--db", str(depot), "--le", LE, "--eml", str(sortie), env=_env(None))
    assert r.returncode == 0, r.stderr
    fichiers = sorted(p.name for p in sortie.iterdir())
    assert len(fichiers) == 4 and all(f.endswith(".eml") for f in fichiers)
    m = email.message_from_bytes((sortie / fichiers[0]).read_bytes(), policy=default)
    assert m["From"] == "relances@atelier-durand.fr"
    assert _contacts_email(depot) == [] and _lignes(depot, "SELECT count(*) FROM envois") == [(0,)]


def test_smtp_sur_la_boucle_locale_sans_starttls_ni_expediteur(depot: Path, serveur: Any) -> None:
    """smtp:// to a loopback server that offers no STARTTLS: spoken to in clear (the
    message stays on the machine); without ESCALADE_SMTP_EXPEDITEUR the creditor's address,
    else the local user at this host, signs the message."""
    boite = Boite()
    port = serveur(boite)
    env = _env(None, ESCALADE_SMTP=f"smtp://127.0.0.1:{port}")
    del env["ESCALADE_SMTP_EXPEDITEUR"]
    r = cli("envoyer", "--db", str(depot), "--le", LE, "--modele", "relance_1", env=env)
    assert r.returncode == 0, r.stderr
    assert sorted(m["To"] for m in boite.recus) == sorted(PREVUS.values())
    assert all("@" in str(m["From"]) for m in boite.recus)


def test_configuration_du_serveur_en_francais_sans_mot_de_passe_affiche(depot: Path) -> None:
    r = cli("envoyer", "--db", str(depot), "--le", LE, env=_env(None))
    assert r.returncode == 2 and "ESCALADE_SMTP" in r.stderr
    r = cli("envoyer", "--db", str(depot), "--le", LE,
            env=_env(None, ESCALADE_SMTP="smtps://moi:secret123@hote.example:465"))  # fmt: skip
    assert r.returncode == 2 and "ne mettez pas le mot de passe" in r.stderr
    assert "secret123" not in r.stderr + r.stdout
    r = cli("envoyer", "--db", str(depot), "--le", LE,
            env=_env(None, ESCALADE_SMTP="smtps://moi@hote.example"))  # fmt: skip
    assert r.returncode == 2 and "ESCALADE_SMTP_MOT_DE_PASSE" in r.stderr
    assert _lignes(depot, "SELECT count(*) FROM envois") == [(0,)]


def test_hors_boucle_locale_sans_starttls_rien_en_clair(depot: Path, serveur: Any) -> None:
    """Off the loopback, a server without STARTTLS gets nothing. 127.0.0.2 stands for a
    remote server here: only 127.0.0.1, ::1 and localhost count as this machine."""
    boite = Boite()
    port = serveur(boite, "127.0.0.2")
    env = _env(None, ESCALADE_SMTP=f"smtp://127.0.0.2:{port}")
    r = cli("envoyer", "--db", str(depot), "--le", LE, "--modele", "relance_1", env=env)
    assert r.returncode == 1
    assert "ne propose pas STARTTLS" in r.stderr
    assert boite.recus == [] and _contacts_email(depot) == []


def test_serveur_et_mot_de_passe_depuis_un_fichier(tmp_path: Path) -> None:
    from escalade.stockage.smtp import serveur_configure

    fichier = tmp_path / "mdp"
    fichier.write_text("s3cret\n", encoding="utf-8")
    s = serveur_configure({"ESCALADE_SMTP": "smtp://relances%40atelier.fr@smtp.example",
                           "ESCALADE_SMTP_MOT_DE_PASSE_FICHIER": str(fichier)})  # fmt: skip
    assert (s.schema, s.hote, s.port, s.utilisateur, s.mot_de_passe) == (
        "smtp",
        "smtp.example",
        587,
        "relances@atelier.fr",
        "s3cret",
    )
    assert "s3cret" not in repr(s)


def test_un_envoi_reel_n_est_jamais_date_dans_le_futur(depot: Path) -> None:
    # The message would leave now: a moment still to come is refused before anything is sent.
    futur = "2099-01-05T10:00"
    r = cli("envoyer", "--db", str(depot), "--le", futur, env=_env(None))
    assert r.returncode == 2
    assert "champ « --le » : moment d'envoi dans le futur (2099-01-05T10:00+01:00)" in r.stderr
    r = cli("envoyer", "--db", str(depot), "--le", futur, "--simuler", env=_env(None))
    assert r.returncode == 0, r.stderr
