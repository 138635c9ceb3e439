"""Issue 17 item 15: `rgpd exporter` finds a data subject however the request spells them,
and lists near-misses for the user to confirm instead of answering "nothing"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXEMPLES
from stockage_commun import lancer

from escalade.rgpd.identite import comparer, mots_du_nom, siren, telephone


@pytest.mark.parametrize(
    ("demande", "valeur", "attendu"),
    [
        ("Jean Dupont", "M. Jean Dupont", "exacte"),
        ("jean DUPONT", "Monsieur Jean Dupont", "exacte"),
        ("Dupont Jean", "M. Jean Dupont", "exacte"),
        ("Hélène Lefèvre", "Mme Helene LEFEVRE", "exacte"),
        ("JEAN.DUPONT@EXAMPLE.FR", "jean.dupont@example.fr", "exacte"),
        ("+33 6 12 34 56 78", "06 12 34 56 78", "exacte"),
        ("0033612345678", "06.12.34.56.78", "exacte"),
        ("552 100 554 00012", "552100554", "exacte"),
        ("Jeanne Dupont", "M. Jean Dupont", "proche"),  # same surname
        ("Jean Dupond", "M. Jean Dupont", "proche"),  # one letter off
        ("Paul Martin", "M. Jean Dupont", None),
        ("Transports Durand SARL", "Boulangerie Martin SAS", None),  # « SAS/SARL » alone
        ("jean@example.fr", "jean.dupont@example.fr", None),
        ("06 12 34 56 79", "06 12 34 56 78", None),
    ],
)  # fmt: skip
def test_comparer(demande: str, valeur: str, attendu: str | None) -> None:
    assert comparer(demande, valeur) == attendu


def test_normalisations() -> None:
    assert mots_du_nom("M. Jean-Éric DUPONT") == ("dupont", "eric", "jean")
    assert telephone("+33 (0)6 12 34 56 78") is None  # ambiguous: not guessed
    assert telephone("+33 6 12 34 56 78") == "0612345678"
    assert siren("732 829 320") == "732829320" and siren("73282932000015") == "732829320"
    assert siren("jean") is None


@pytest.fixture
def depot_exemples(depot: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    noms = ("01_b2b_paiements_partiels.yaml", "02_b2c_mise_en_demeure.yaml", "04_litige.yaml")
    fichiers = [EXEMPLES / n for n in noms]
    code, _, err = lancer(capsys, "importer", *map(str, fichiers))
    assert code == 0, err
    return depot


@pytest.mark.parametrize(
    "demande", ["Jean Dupont", "dupont jean", "JEAN.DUPONT@example.fr", "+33 6 12 34 56 78"]
)
def test_exporter_trouve_le_debiteur(
    depot_exemples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], demande: str
) -> None:
    code, out, err = lancer(capsys, "rgpd", "exporter", demande, "--sortie",
                            str(tmp_path / "x"), "--json")  # fmt: skip
    assert code == 0, err
    r = json.loads(out)
    assert r["dossiers"] == 1 and r["candidats"] == []
    contenu = json.loads(Path(r["fichiers"][0]).read_text("utf-8"))
    assert [d["reference"] for d in contenu["comme_debiteur"]] == ["D-2026-002"]
    assert contenu["comme_debiteur"][0]["debiteur"]["nom"] == "M. Jean Dupont"


def test_exporter_par_siren_et_interlocuteur(
    depot_exemples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = lancer(capsys, "rgpd", "exporter", "552 100 554", "--sortie",
                          str(tmp_path / "x"), "--json")  # fmt: skip
    contenu = json.loads(Path(json.loads(out)["fichiers"][0]).read_text("utf-8"))
    assert code == 0 and [d["reference"] for d in contenu["comme_debiteur"]] == ["D-2026-001"]
    code, out, _ = lancer(capsys, "rgpd", "exporter", "martin sophie", "--sortie",
                          str(tmp_path / "y"), "--json")  # fmt: skip
    r = json.loads(out)
    contenu = json.loads(Path(r["fichiers"][0]).read_text("utf-8"))
    assert code == 0 and contenu["comme_debiteur"] == []
    assert [i["dossier"] for i in contenu["comme_interlocuteur"]] == ["D-2026-001"]
    assert "candidats" not in contenu


def test_presque_un_nom_liste_les_candidats_sans_rien_exporter(
    depot_exemples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sortie = tmp_path / "x"
    code, out, err = lancer(capsys, "rgpd", "exporter", "Jeanne Dupont", "--sortie", str(sortie))
    assert code == 0, err
    assert "Aucune donnée" not in out
    assert out.splitlines() == [
        "Aucune correspondance exacte, aucun export écrit ; personnes proches (confirmez en "
        "relançant avec le nom exact, le courriel ou le SIREN) :",
        "- D-2026-002 : débiteur « M. Jean Dupont »",
    ]
    assert not sortie.exists()
    code, out, _ = lancer(capsys, "journal", "--json")
    assert json.loads(out)["evenements"][-1]["detail"] == (
        "export RGPD (art. 15 et 20) : 0 dossier(s), 1 personne(s) proche(s) à confirmer, "
        "non exportée(s)"
    )
