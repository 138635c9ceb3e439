"""Start-up: `escalade --help` lists every command without importing them, a stored dossier
is read back without re-running the external identifier checks (issue 19)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import click
import pytest

from escalade.cli import COMMANDES, cli, main
from escalade.cli.resumes import RESUMES
from escalade.droit.parties import DEJA_VERIFIE
from escalade.entrees.chargement import charger_fichier
from escalade.entrees.validation_dossier import valider_dossier

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = RACINE / "examples" / "01_b2b_paiements_partiels.yaml"


def _dans_un_processus(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.mark.parametrize("nom", sorted(COMMANDES))
def test_le_resume_stocke_est_celui_de_la_commande(nom: str) -> None:
    commande = cli.get_command(click.Context(cli), nom)
    assert commande is not None
    attendu = commande.get_short_help_str(limit=1000)
    assert RESUMES.get(nom) == attendu, f"escalade/cli/resumes.py : « {nom} » doit être {attendu!r}"


def test_l_aide_n_importe_aucune_commande_ni_pydantic() -> None:
    sortie = _dans_un_processus(
        "import sys; from escalade.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('escalade.cli.')), "
        "'pydantic' in sys.modules)"
    )
    lignes = sortie.splitlines()
    assert "Commandes:" in lignes
    assert any(x.split()[:1] == ["verifier"] for x in lignes)
    assert lignes[-1] == "['escalade.cli.resumes'] False"


def test_un_dossier_du_depot_n_est_pas_reverifie_par_schwifty() -> None:
    sortie = _dans_un_processus(
        "import sys, yaml\n"
        "from escalade.droit.parties import DEJA_VERIFIE\n"
        "from escalade.entrees.validation_dossier import valider_dossier\n"
        f"d = yaml.safe_load(open({str(EXEMPLE)!r}, encoding='utf-8'))\n"
        "valider_dossier(d, 'dépôt', contexte=DEJA_VERIFIE)\n"
        "print('schwifty' in sys.modules, 'stdnum' in sys.modules)"
    )
    assert sortie == "False False"


def test_le_contexte_du_depot_garde_les_valeurs_verifiees_a_l_import() -> None:
    lu = charger_fichier(EXEMPLE)[0]
    relu = valider_dossier(lu.model_dump(mode="json"), "dépôt", contexte=DEJA_VERIFIE)
    assert relu == lu
    assert relu.creancier.iban == "FR7630006000011234567890189"


def test_une_commande_breve_gele_ce_qu_elle_a_construit_et_rend_le_ramasse_miettes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """From the command line, `decompte` runs without the cyclic collector and freezes what it
    built (the interpreter's collections at exit skip it); the collector is on again after."""
    gc.unfreeze()
    gc.enable()  # an earlier in-process `decompte` may have turned it off
    monkeypatch.setattr(sys, "argv", ["escalade", "decompte", str(EXEMPLE), "--date", "2026-06-30"])
    try:
        main()
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert "Décompte du dossier D-2026-001 au 30 juin 2026" in capsys.readouterr().out


def test_appelee_avec_ses_arguments_la_commande_ne_gele_rien(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`main(argv)` (tests, another program) freezes nothing: the process goes on."""
    gc.unfreeze()
    main(["decompte", str(EXEMPLE), "--date", "2026-06-30"])
    assert gc.get_freeze_count() == 0
    gc.enable()  # `decompte` itself turns the collector off
    assert "Décompte du dossier D-2026-001" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("reglage", "attendu"), [(None, "__all__"), ("", ""), ("logfire", "logfire")]
)
def test_decompte_ne_cherche_aucun_greffon_pydantic_sauf_reglage_de_l_utilisateur(
    reglage: str | None, attendu: str
) -> None:
    """`decompte` on a YAML dossier: no pydantic plugin is looked for (the search read every
    installed package's metadata), unless the user set PYDANTIC_DISABLE_PLUGINS (kept as is);
    the CSV portfolio reader is not imported."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if reglage is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = reglage
    code = (
        "import os, sys\n"
        "import importlib.metadata as m\n"
        "vus = []\n"
        "origine = m.entry_points\n"
        "m.entry_points = lambda *a, **k: (vus.append(k.get('group')), origine(*a, **k))[1]\n"
        f"sys.argv = ['escalade', 'decompte', {str(EXEMPLE)!r}, '--date', '2026-06-30']\n"
        "from escalade.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(repr(os.environ.get('PYDANTIC_DISABLE_PLUGINS')), vus,"
        " 'escalade.entrees.portefeuille_csv' in sys.modules)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE, env=env
    )
    assert r.returncode == 0, r.stderr
    assert "TOTAL DÛ :                   2 072,25 €" in r.stdout  # the décompte itself
    cherches = [] if attendu == "__all__" else ["pydantic"]
    assert r.stdout.strip().splitlines()[-1] == f"{attendu!r} {cherches} False"
