"""The décompte scenarios of tests/scenarios/, run through the real command line.

Each scenario is a YAML file a lawyer can read: the dossier, the date of the décompte, the
expected JSON values (SPEC section 7 keys) and, in a comment block, the hand computation and
the source of each rate. A scenario with `erreur` expects a refusal (exit code and message).

Comparison rule: every key written under `attendu` must equal the command's JSON value;
lists (invoices, periods, payments, imputations) must have exactly the expected length and
each element is compared on the keys the scenario writes; `references` is compared exactly.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from escalade.cli import main
from escalade.droit.jurisprudence import jurisprudence
from escalade.entrees.chargement import lire_donnees

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


@pytest.fixture(autouse=True)
def jurisprudence_livree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Only the shipped legal data: no local extension of the machine running the tests."""
    monkeypatch.setenv("ESCALADE_JURISPRUDENCE", str(tmp_path / "aucune_extension"))
    jurisprudence.cache_clear()
    yield
    jurisprudence.cache_clear()


def lancer(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `escalade ARGS` in this process; return (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


def _en_texte(v: Any) -> Any:
    """YAML reads 2025-03-31 as a date: compare with the ISO text of the JSON output."""
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _en_texte(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_en_texte(x) for x in v]
    return v


def comparer(attendu: Any, obtenu: Any, chemin: str) -> None:
    if isinstance(attendu, dict):
        assert isinstance(obtenu, dict), chemin
        for cle, valeur in attendu.items():
            assert cle in obtenu, f"{chemin}.{cle} absent de la sortie"
            comparer(valeur, obtenu[cle], f"{chemin}.{cle}")
    elif isinstance(attendu, list) and attendu and isinstance(attendu[0], dict):
        assert isinstance(obtenu, list), chemin
        assert len(obtenu) == len(attendu), f"{chemin} : {len(obtenu)} éléments, {obtenu}"
        for i, (a, o) in enumerate(zip(attendu, obtenu, strict=True)):
            comparer(a, o, f"{chemin}[{i}]")
    else:
        assert obtenu == attendu, f"{chemin} : obtenu {obtenu!r}, attendu {attendu!r}"


def _scenario(chemin: Path) -> dict[str, Any]:
    donnees = lire_donnees(chemin.read_text(encoding="utf-8"), str(chemin), "yaml")
    assert isinstance(donnees, dict) and "dossier" in donnees and "date" in donnees
    assert ("attendu" in donnees) != ("erreur" in donnees), chemin.name
    return donnees


@pytest.mark.parametrize("chemin", SCENARIOS, ids=[c.stem for c in SCENARIOS])
def test_scenario(chemin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = _scenario(chemin)
    fichier = tmp_path / f"{chemin.stem}.json"
    fichier.write_text(json.dumps(_en_texte(scenario["dossier"]), default=str), encoding="utf-8")
    jour = _en_texte(scenario["date"])
    code, sortie, erreur = lancer(capsys, "decompte", str(fichier), "--date", jour, "--json")
    if "erreur" in scenario:
        attendue = scenario["erreur"]
        assert code == attendue["code_sortie"], erreur
        assert sortie == ""
        assert "Traceback" not in erreur
        for morceau in attendue["message_contient"]:
            assert morceau in erreur, erreur
        return
    assert code == 0, erreur
    comparer(_en_texte(scenario["attendu"]), json.loads(sortie), chemin.stem)


def test_les_scenarios_couvrent_les_cas_du_ticket() -> None:
    """The issue's list of cases, each a scenario file (a missing file fails here)."""
    noms = {c.stem for c in SCENARIOS}
    assert len(noms) >= 11, noms


def test_un_ecart_d_un_centime_est_detecte() -> None:
    """The comparison itself can fail: one centime off is reported with its path."""
    with pytest.raises(AssertionError, match=r"S\.total"):
        comparer({"total": "10848.49"}, {"total": "10848.50"}, "S")
    with pytest.raises(AssertionError, match="éléments"):
        comparer({"periodes": [{"jours": 30}]}, {"periodes": []}, "S")
    with pytest.raises(AssertionError):
        comparer({"references": ["a", "b"]}, {"references": ["a", "b", "c"]}, "S")


def test_les_scenarios_sont_du_yaml_valide() -> None:
    for chemin in SCENARIOS:
        assert yaml.safe_load(chemin.read_text(encoding="utf-8"))["titre"], chemin.name
