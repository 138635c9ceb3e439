"""Shared fixtures: the shipped legal data and dossier builders."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.jurisprudence import charger, jurisprudence
from escalade.droit.modele import Dossier

# The store fixtures (a fresh `depot`, both engines) are shared by every test module.
pytest_plugins = ["stockage_commun"]

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "examples"


_CACHE_AVANT: list[str | None] = []


def pytest_configure(config: pytest.Config) -> None:
    """The law folder's parse cache (escalade.droit.cache_jurisprudence) in a folder of the
    run, from collection on (modules load the law at import) and for the commands the tests
    start: the suite loads other law folders than the shipped one and must neither read nor
    rewrite the user's ~/.cache/escalade."""
    import os
    import tempfile

    _CACHE_AVANT.append(os.environ.get("XDG_CACHE_HOME"))
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="escalade_cache_tests_")


def pytest_unconfigure(config: pytest.Config) -> None:
    import os
    import shutil

    if not _CACHE_AVANT:
        return
    shutil.rmtree(os.environ.pop("XDG_CACHE_HOME", ""), ignore_errors=True)
    if (avant := _CACHE_AVANT.pop()) is not None:
        os.environ["XDG_CACHE_HOME"] = avant


@pytest.fixture(scope="session")
def jur(tmp_path_factory: pytest.TempPathFactory) -> Jurisprudence:
    """The shipped data only: a user's local extension never leaks into the tests."""
    return charger(local=tmp_path_factory.mktemp("sans_extension_locale"))


DOSSIER_MINIMAL: dict[str, Any] = {
    "reference": "T-001",
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
            "numero": "F1",
            "date_emission": "2026-01-02",
            "date_echeance": "2026-02-01",
            "montant_ttc": "1000.00",
        }
    ],
}


def dossier(**modifs: Any) -> Dossier:
    """The minimal dossier with top-level fields replaced (dicts merged one level deep)."""
    donnees = copy.deepcopy(DOSSIER_MINIMAL)
    for cle, valeur in modifs.items():
        if isinstance(valeur, dict) and isinstance(donnees.get(cle), dict):
            donnees[cle].update(valeur)
        else:
            donnees[cle] = valeur
    return Dossier.model_validate(donnees)


@pytest.fixture
def local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An empty local extension folder (the machine's own is ignored); yields its path."""
    dossier = tmp_path / "jurisprudence_locale"
    dossier.mkdir()
    monkeypatch.setenv("ESCALADE_JURISPRUDENCE", str(dossier))
    jurisprudence.cache_clear()
    yield dossier
    jurisprudence.cache_clear()
