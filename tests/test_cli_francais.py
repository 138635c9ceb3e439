"""Issue 17 items 17 and 18: the audit journal always names who acted, prompts and click's
own messages are in French, and a question nobody can answer is an input error (exit 2)."""

from __future__ import annotations

import getpass
import io
import json
from pathlib import Path

import pytest
import yaml
from stockage_commun import donnees, lancer, oublier_moteurs

from escalade.cli import main

CONTACT = ("contact", "S-001", "--canal", "email", "--objet", "relance_1",
           "--le", "2026-04-01T10:30")  # fmt: skip
NOTE = ("--note", "Gérant en arrêt maladie")


@pytest.fixture
def depot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    oublier_moteurs()
    fichier = tmp_path / "d.sqlite"
    monkeypatch.setenv("ESCALADE_DB", str(fichier))
    monkeypatch.delenv("ESCALADE_POLITIQUE", raising=False)
    monkeypatch.delenv("ESCALADE_OPERATEUR", raising=False)
    chemin = tmp_path / "d.yaml"
    chemin.write_text(yaml.safe_dump(donnees(), allow_unicode=True), "utf-8")
    try:
        main(["importer", str(chemin)])
    except SystemExit as e:
        assert not e.code
    yield fichier
    oublier_moteurs()


def test_journal_nomme_le_compte_systeme_sans_operateur(
    depot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert lancer(capsys, *CONTACT)[0] == 0
    code, _, err = lancer(capsys, "contact", "S-001", "--canal", "courrier", "--objet", "relance_2",
                          "--le", "2026-04-10T10:30", "--operateur", "alice")  # fmt: skip
    assert code == 0, err
    code, _, err = lancer(capsys, "litige", "ouvrir", "S-001", "--facture", "FA-1",
                          "--motif", "qualité", "--date", "2026-04-12")  # fmt: skip
    assert code == 0, err
    code, out, _ = lancer(capsys, "journal", "S-001", "--json")
    systeme = f"{getpass.getuser()} (compte système)"
    operateurs = [(e["action"], e["operateur"]) for e in json.loads(out)["evenements"]]
    assert operateurs == [
        ("import", None), ("contact", systeme), ("contact", "alice"),
        ("transition", systeme), ("transition", systeme),
    ]  # fmt: skip
    code, out, _ = lancer(capsys, "journal", "S-001")
    assert "—" not in out and f"contact        {systeme} S-001" in out
    assert "import         non enregistré S-001" in out


def test_question_en_francais(
    depot: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("peut-être\noui\n"))
    code, _, err = lancer(capsys, *CONTACT, *NOTE)
    assert code == 0, err
    assert "Enregistrer ce contact avec cette note ? [o/N] : " in err and "[y/N]" not in err
    assert "Répondez o (oui) ou n (non)." in err  # an unknown answer is asked again


def test_sans_terminal_refus_code_2_et_conseil_oui(
    depot: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # stdin closed: no one to answer
    code, _, err = lancer(capsys, *CONTACT, *NOTE)
    assert code == 2
    assert "Interrompu" not in err
    assert "pas de terminal pour la poser" in err and "relancez avec --oui" in err
    code, out, _ = lancer(capsys, "journal", "S-001", "--json")
    assert [e["action"] for e in json.loads(out)["evenements"]] == ["import"]  # nothing written


@pytest.mark.parametrize(
    ("args", "attendu"),
    [
        (("plan", "--dat", "2026-01-01"),
         "Erreur : option inconnue « --dat ». Vouliez-vous dire l'une de celles-ci : "
         "'--date', '--db' ?"),
        (("plann",), "Erreur : commande inconnue « plann »."),
        (("verifier", "X", "--canal", "fax"),
         "Erreur : valeur invalide pour '--canal' : 'fax' n'est pas parmi 'email', 'sms', "
         "'telephone', 'courrier', 'lrar', 'visite'."),
        (("delai", "--depuis", "2026-01-01", "--jours", "x", "--code-postal", "75001"),
         "Erreur : valeur invalide pour '--jours' : 'x' n'est pas un nombre entier."),
        (("verifier",), "Erreur : argument manquant : DOSSIER."),
    ],
)  # fmt: skip
def test_messages_de_click_en_francais(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], attendu: str
) -> None:
    code, _, err = lancer(capsys, *args)
    assert code == 2
    assert err.splitlines()[0] == attendu
    for anglais in ("one of", "Did you mean", "No such", "is not", "Missing", "Choose from"):
        assert anglais not in err
