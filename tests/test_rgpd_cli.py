"""The GDPR commands end to end: contact asks before a sensitive note, purger, exporter,
registre, notes, journal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from stockage_commun import donnees, lancer, oublier_moteurs

from escalade.cli import main


@pytest.fixture
def depot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    oublier_moteurs()
    fichier = tmp_path / "d.sqlite"
    monkeypatch.setenv("ESCALADE_DB", str(fichier))
    monkeypatch.delenv("ESCALADE_POLITIQUE", raising=False)
    chemin = tmp_path / "d.yaml"
    debiteur = {**donnees()["debiteur"], "email": "compta@martin.example"}
    chemin.write_text(yaml.safe_dump(donnees(debiteur=debiteur), allow_unicode=True), "utf-8")
    try:
        main(["importer", str(chemin)])
    except SystemExit as e:
        assert not e.code
    yield fichier
    oublier_moteurs()


CONTACT = ("contact", "S-001", "--canal", "email", "--objet", "relance_1",
           "--le", "2026-04-01T10:30")  # fmt: skip


def test_contact_note_sensible_refusee_sans_confirmation(
    depot: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("n\n"))
    code, _, err = lancer(capsys, *CONTACT, "--note", "Gérant en arrêt maladie")
    assert code == 2
    assert "Attention : Cette note semble contenir des données sensibles" in err
    assert "contact non enregistré" in err
    code, sortie, _ = lancer(capsys, "journal", "S-001", "--json")
    assert [e["action"] for e in json.loads(sortie)["evenements"]] == ["import"]


def test_contact_note_sensible_acceptee_avec_oui(
    depot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = lancer(capsys, *CONTACT, "--note", "Gérant en arrêt maladie", "--oui")
    assert code == 0 and "santé (« arret maladie »)" in err
    code, sortie, _ = lancer(capsys, "rgpd", "notes", "--json")
    assert json.loads(sortie)["notes"][0]["categories"] == ["sante"]


def test_contact_note_ordinaire_sans_question(
    depot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = lancer(capsys, *CONTACT, "--note", "Santé financière fragile")
    assert code == 0 and "Attention" not in err


def test_purger_simulation_puis_application(
    depot: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Open B2B dossier, last event the due date 2026-03-31: identity kept until 2031-03-31.
    code, sortie, _ = lancer(capsys, "rgpd", "purger", "--date", "2031-04-01", "--json")
    resultat = json.loads(sortie)
    assert code == 0 and resultat["applique"] is False
    assert resultat["par_categorie"]["identite_coordonnees"] == 1
    assert b"Boulangerie Martin" in _octets(depot)  # in the WAL until a checkpoint
    code, _, err = lancer(capsys, "rgpd", "purger", "--date", "2031-04-01", "--appliquer")
    assert code == 2 and "une date future (01/04/2031) se consulte en simulation" in err
    assert b"Boulangerie Martin" in _octets(depot)
    monkeypatch.setattr("escalade.cli.rgpd.aujourdhui", lambda: date(2031, 4, 1))
    code, sortie, _ = lancer(capsys, "rgpd", "purger", "--date", "2031-04-01", "--appliquer",
                             "--operateur", "alice")  # fmt: skip
    assert code == 0 and "1 purgé" in sortie
    assert b"Boulangerie Martin" not in _octets(depot)
    code, sortie, _ = lancer(capsys, "journal")
    assert "purge" in sortie and "alice" in sortie


def _octets(fichier: Path) -> bytes:
    return b"".join(p.read_bytes() for p in fichier.parent.glob(fichier.name + "*"))


def test_exporter_json_et_pdf(
    depot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sortie_dir = tmp_path / "export"
    code, sortie, _ = lancer(capsys, "rgpd", "exporter", "compta@martin.example",
                             "--sortie", str(sortie_dir), "--json")  # fmt: skip
    assert code == 0
    fichiers = [Path(f) for f in json.loads(sortie)["fichiers"]]
    contenu = json.loads(fichiers[0].read_text("utf-8"))
    assert [d["reference"] for d in contenu["comme_debiteur"]] == ["S-001"]
    assert fichiers[1].suffix in {".pdf", ".html"}
    if fichiers[1].suffix == ".pdf":
        from pypdf import PdfReader

        texte = "".join(p.extract_text() for p in PdfReader(fichiers[1]).pages)
        assert "Boulangerie Martin SAS" in texte and "FA-1" in texte
    code, sortie, _ = lancer(capsys, "journal", "--json")
    assert json.loads(sortie)["evenements"][-1]["action"] == "export"


def test_registre(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "registre.yaml"
    config.write_text("responsable: Atelier Durand SARL\ndestinataires: [Cabinet X]\n", "utf-8")
    code, sortie, _ = lancer(capsys, "rgpd", "registre", "--config", str(config))
    assert code == 0
    assert "Responsable : Atelier Durand SARL" in sortie
    assert "  - Cabinet X" in sortie
    assert "Transferts hors Union européenne : aucun" in sortie
    config.write_text("inconnu: 1\n", "utf-8")
    code, _, err = lancer(capsys, "rgpd", "registre", "--config", str(config))
    assert code == 2 and "inconnus : inconnu" in err
