"""`plan --json` on two processes (issue 19): the same text as in one process, one state of
the store, and the one-process plan (its error, its output) whenever the halves cannot be
trusted."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from stockage_commun import MAINTENANT, lancer
from test_plan_lecture_lots import _store

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.recouvrement.fichier_politique import lire_politique
from escalade.recouvrement.operateurs import valider_operateur
from escalade.stockage import plan_parallele
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture
from escalade.stockage.pilotage import ajouter_operateur
from escalade.stockage.plan_du_jour import lignes_du_plan, plan_en_json

JOUR = date(2026, 6, 30)


def _politique(jur: Jurisprudence) -> object:
    return lire_politique(
        {
            "affectations": {"etapes": {"relance_telephonique": "alice"}, "defaut": "bruno"},
            "experiences": [{"nom": "ton", "modele": "relance_1", "depuis": date(2026, 1, 1)}],
        },
        "pol.yaml",
        jur,
    )


def _depot(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    _store(url)
    with transaction_ecriture(moteur(url)) as c:
        ajouter_operateur(c, valider_operateur("alice", None, "agent"), MAINTENANT)
    return url


@pytest.mark.parametrize(
    ("canal", "operateur"), [(None, None), (None, "alice"), ("email", None), ("lrar", "alice")]
)
def test_deux_moities_le_meme_texte(
    tmp_path: Path,
    jur: Jurisprudence,
    monkeypatch: pytest.MonkeyPatch,
    canal: str | None,
    operateur: str | None,
) -> None:
    url = _depot(tmp_path)
    pol = _politique(jur)
    with transaction_lecture(moteur(url)) as c:
        lignes = lignes_du_plan(c, JOUR, pol, jur, operateur)  # type: ignore[arg-type]
        if canal is not None:
            lignes = (ligne for ligne in lignes if ligne.action.canal == canal)
        attendu = "".join(plan_en_json(JOUR, operateur, lignes))
    monkeypatch.setattr(plan_parallele, "SEUIL", 1)
    sortie = io.StringIO()
    inconnus = plan_parallele.plan_json_parallele(
        url,
        JOUR,
        pol,
        jur,
        canal,
        operateur,
        sortie,  # type: ignore[arg-type]
    )
    assert inconnus == ["bruno"]
    assert sortie.getvalue() == attendu
    actions = json.loads(attendu)["actions"]
    if canal is None and operateur is None:  # both halves have actions: the join is tested
        assert len(actions) == 11
        assert [a["dossier"] for a in actions] == sorted(a["dossier"] for a in actions)


def test_petit_depot_un_seul_processus(tmp_path: Path, jur: Jurisprudence) -> None:
    url = _depot(tmp_path)
    sortie = io.StringIO()
    pol = _politique(jur)
    assert plan_parallele.plan_json_parallele(url, JOUR, pol, jur, None, None, sortie) is None  # type: ignore[arg-type]
    assert sortie.getvalue() == ""


def test_ecriture_pendant_le_plan_un_seul_processus(
    tmp_path: Path, jur: Jurisprudence, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write committed while the workers took their snapshots: two states of the store may
    have been read, the halves are not used (nothing written), the caller plans alone."""
    url = _depot(tmp_path)
    monkeypatch.setattr(plan_parallele, "SEUIL", 1)
    vrai = plan_parallele._version
    appels: list[int] = []

    def version_puis_ecriture(brut: sqlite3.Connection) -> int:
        if appels:  # the second reading: a write by another connection in between
            with sqlite3.connect(tmp_path / "d.sqlite") as autre:
                autre.execute("UPDATE dossiers SET etape = 'relance_2' WHERE reference = 'S-001'")
        appels.append(1)
        return vrai(brut)

    monkeypatch.setattr(plan_parallele, "_version", version_puis_ecriture)
    sortie = io.StringIO()
    pol = _politique(jur)
    assert plan_parallele.plan_json_parallele(url, JOUR, pol, jur, None, None, sortie) is None  # type: ignore[arg-type]
    assert sortie.getvalue() == "" and len(appels) == 2


def test_cli_deux_processus_meme_sortie_et_meme_erreur(
    depot: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _store(f"sqlite:///{depot}")
    code, seul, _ = lancer(capsys, "plan", "--date", "2026-06-30", "--json")
    monkeypatch.setattr(plan_parallele, "SEUIL", 1)
    vrai = plan_parallele.plan_json_parallele
    rendus: list[object] = []

    def espion(*args: object) -> list[str] | None:
        rendus.append(vrai(*args))  # type: ignore[arg-type]
        return rendus[-1]  # type: ignore[return-value]

    monkeypatch.setattr(plan_parallele, "plan_json_parallele", espion)
    code2, deux, _ = lancer(capsys, "plan", "--date", "2026-06-30", "--json")
    assert rendus == [[]]  # the two halves were used (no unknown operator)
    assert (code, code2) == (0, 0) and deux == seul and len(json.loads(deux)["actions"]) == 11
    # A dossier damaged by hand in the second half: a worker fails, the plan in one process
    # gives its error, and nothing is written on stdout.
    with sqlite3.connect(depot) as brut:
        brut.execute(
            "UPDATE factures SET date_echeance = '2026-02-30' WHERE numero = 'FA-1' "
            "AND dossier_id = (SELECT id FROM dossiers WHERE reference = 'S-003')"
        )
    code, out, err = lancer(capsys, "plan", "--date", "2026-06-30", "--json")
    assert rendus[-1] is None  # a worker failed: the halves were not used
    assert code == 1 and out == ""
    assert err.startswith("Erreur inattendue (ValueError)")
