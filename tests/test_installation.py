"""An installed escalade works outside the checkout: the legal data ships inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import RACINE


@pytest.fixture(scope="module")
def roue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sortie = tmp_path_factory.mktemp("roue")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(sortie), str(RACINE)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return next(sortie.glob("escalade-*.whl"))


def test_la_roue_contient_la_jurisprudence(roue: Path) -> None:
    noms = zipfile.ZipFile(roue).namelist()
    livres = {Path(n).name for n in noms if n.startswith("escalade/_jurisprudence/")}
    assert {p.name for p in (RACINE / "jurisprudence").glob("*.yaml")} <= livres


def test_la_roue_contient_les_gabarits_du_serveur(roue: Path) -> None:
    noms = zipfile.ZipFile(roue).namelist()
    livres = {Path(n).name for n in noms if n.startswith("escalade/serveur/gabarits/")}
    assert livres == {p.name for p in (RACINE / "escalade/serveur/gabarits").glob("*.html")}
    assert {"base.html", "connexion.html", "plan.html", "dossier.html", "appel.html"} <= livres


def test_escalade_installe_hors_du_depot(roue: Path, tmp_path: Path) -> None:
    # Unpacked wheel first on the path, run from an unrelated folder: the shipped data is found.
    installe = tmp_path / "site"
    zipfile.ZipFile(roue).extractall(installe)
    env = {
        **os.environ,
        "PYTHONPATH": str(installe),
        "ESCALADE_JURISPRUDENCE": str(tmp_path / "vide"),
    }
    code = (
        "import escalade.droit.jurisprudence as j; "
        "assert '_jurisprudence' in str(j.dossier_livre()), j.dossier_livre(); "
        "from datetime import date; "
        "print(j.jurisprudence().decimal('indemnite_forfaitaire', date(2026, 1, 1)))"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert sortie.stdout.strip() == "40.00"
