"""Evidence is read from the dossier's folder only (issue 14 §2): an absolute path, a `../`
or a symbolic link leaving it is refused (exit 2, the field named), nothing is written and no
byte of the refused file is printed; `--pieces DIR` names another evidence folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from stockage_commun import lancer
from test_injonction import MED, _dossier_fichier, _facture, _pieces, ecrire_pdf

SECRET = "Bulletin de paie confidentiel"


def _secret(tmp_path: Path) -> Path:
    """A readable PDF outside the dossier's folder."""
    chemin = tmp_path / "ailleurs" / "paie.pdf"
    ecrire_pdf(chemin, SECRET, 1)
    return chemin


def _injonction(capsys: pytest.CaptureFixture[str], fichier: Path, *options: str):
    sortie = fichier.parent / "sortie"
    resultat = lancer(capsys, "injonction", str(fichier), "--date", "2026-03-20", "--sortie",
                      str(sortie), *options)  # fmt: skip
    return (*resultat, sortie)


@pytest.mark.parametrize("forme", ["absolu", "parent", "lien"])
def test_piece_hors_du_dossier_refusee(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, forme: str
) -> None:
    secret = _secret(tmp_path)
    dossier = tmp_path / "dossier"
    _pieces(dossier)
    chemin = {"absolu": str(secret), "parent": "../ailleurs/paie.pdf", "lien": "pieces/lien.pdf"}
    if forme == "lien":
        os.symlink(secret, dossier / "pieces" / "lien.pdf")
    fichier = _dossier_fichier(dossier, factures=[
        _facture("F1", "4000.00", ["pieces/F1.pdf", chemin[forme]]),
    ])  # fmt: skip
    code, out, err, sortie = _injonction(capsys, fichier)
    assert code == 2, err
    assert "champ « factures[0].pieces[1] »" in err and "hors du dossier des pièces" in err
    assert not sortie.exists()  # nothing written
    assert SECRET not in out + err and "%PDF" not in out + err


@pytest.mark.parametrize(
    ("champ", "modif"),
    [
        ("mise_en_demeure.accuse_reception", {"mise_en_demeure": {**MED,
                                               "accuse_reception": "../ailleurs/paie.pdf"}}),
        ("contacts[0].document", {"contacts": [{"le": "2026-02-10T10:00:00+01:00",
                                                "canal": "courrier", "objet": "relance_1",
                                                "document": "../ailleurs/paie.pdf"}]}),
    ],
)  # fmt: skip
def test_chaque_champ_de_piece_est_controle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, champ: str, modif: dict[str, object]
) -> None:
    _secret(tmp_path)
    dossier = tmp_path / "dossier"
    _pieces(dossier)
    code, _, err, sortie = _injonction(capsys, _dossier_fichier(dossier, **modif))
    assert code == 2 and f"champ « {champ} »" in err
    assert not sortie.exists()


def test_option_pieces_nomme_le_dossier_des_pieces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The dossier file in one folder, its evidence in another: --pieces makes it readable,
    and a link inside it that stays inside it is followed."""
    pieces = tmp_path / "archives"
    _pieces(pieces)
    os.symlink(pieces / "pieces" / "F2.pdf", pieces / "pieces" / "copie_F2.pdf")
    (tmp_path / "dossiers").mkdir()
    fichier = _dossier_fichier(tmp_path / "dossiers", factures=[
        _facture("F1", "4000.00", ["pieces/F1.pdf"]),
        _facture("F2", "2000.00", ["pieces/copie_F2.pdf"]),
    ])  # fmt: skip
    code, out, err, sortie = _injonction(capsys, fichier, "--pieces", str(pieces), "--json")
    assert code == 0, err
    assert json.loads(out)["manquantes"] == []
    assert (sortie / "T-001_dossier_injonction.pdf").is_file()
    # Without --pieces the same paths are read from the dossier file's folder: missing.
    code, out, _, _ = _injonction(capsys, fichier, "--json")
    assert code == 0 and json.loads(out)["manquantes"] != []
