"""Helpers of the store tests: one fresh store per test, on SQLite and on PostgreSQL.

PostgreSQL runs when ESCALADE_TEST_PG holds a URL (`make test` starts a throw-away server
with tests/pg_local.sh and always provides it); without it the PostgreSQL cases skip.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from escalade.droit.modele import Dossier
from escalade.droit.valeurs import PARIS

URL_PG = os.environ.get("ESCALADE_TEST_PG")
MAINTENANT = datetime(2026, 6, 30, 9, 0, tzinfo=PARIS)

DOSSIER: dict[str, Any] = {
    "reference": "S-001",
    "creancier": {
        "nom": "Atelier Durand SARL",
        "siren": "732829320",
        "adresse": {"lignes": ["12 rue de la Paix"], "code_postal": "75002", "ville": "Paris"},
        "iban": "FR7630006000011234567890189",
    },
    "debiteur": {
        "nom": "Boulangerie Martin SAS",
        "type": "professionnel",
        "siren": "552100554",
        "adresse": {"lignes": ["4 avenue Foch"], "code_postal": "69006", "ville": "Lyon"},
    },
    "factures": [
        {
            "numero": "FA-1",
            "date_emission": "2026-03-01",
            "date_echeance": "2026-03-31",
            "montant_ttc": "1200.00",
        }
    ],
}


def donnees(**changements: Any) -> dict[str, Any]:
    d = copy.deepcopy(DOSSIER)
    d.update(changements)
    return d


def dossier(**changements: Any) -> Dossier:
    return Dossier.model_validate(donnees(**changements))


def vider_postgresql(url: str) -> None:
    moteur = create_engine(url)
    with moteur.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    moteur.dispose()


def oublier_moteurs() -> None:
    """Forget the process's engines and migration marks (each test has its own store)."""
    from escalade.stockage.moteur import oublier

    oublier()


@pytest.fixture(params=["sqlite", "postgresql"])
def url_depot(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a new SQLite file, or an emptied PostgreSQL database."""
    oublier_moteurs()
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'depot.sqlite'}"
    else:
        if not URL_PG:
            pytest.skip("ESCALADE_TEST_PG absent : pas de PostgreSQL (make test le fournit)")
        vider_postgresql(URL_PG)
        yield URL_PG
    oublier_moteurs()


def compter(url: str, table: str) -> int:
    from escalade.stockage import schema
    from escalade.stockage.moteur import moteur

    t = schema.metadata.tables[table]
    with moteur(url).connect() as c:
        return int(c.execute(select(func.count()).select_from(t)).scalar_one())


def horloge(monkeypatch: pytest.MonkeyPatch, iso: str) -> None:
    """Run `escalade contact` as if it were `iso` (Paris time): a contact at `--le` within
    the tolerance is then made "now" and goes through the gate (one long before "now" is a
    recorded fact, one after it is refused)."""
    moment = datetime.fromisoformat(iso).replace(tzinfo=PARIS)
    monkeypatch.setattr("escalade.cli.contacts.maintenant", lambda: moment)


# The same clock for a CLI run in a child process (`python -c CODE args...`).
def code_cli_a(iso: str) -> str:
    return (
        "import datetime, escalade.cli.contacts as c; from escalade.droit.valeurs import PARIS; "
        f"c.maintenant = lambda: datetime.datetime.fromisoformat('{iso}').replace(tzinfo=PARIS); "
        "from escalade.cli import main; main()"
    )


def lancer(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    from escalade.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


@pytest.fixture
def depot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite store named by ESCALADE_DB, no policy file."""
    oublier_moteurs()
    fichier = tmp_path / "d.sqlite"
    monkeypatch.setenv("ESCALADE_DB", str(fichier))
    monkeypatch.delenv("ESCALADE_POLITIQUE", raising=False)
    yield fichier
    oublier_moteurs()
