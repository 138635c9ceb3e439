"""One file per dossier (issue 14 §5): the file-name encoding of a reference is injective,
the same reference twice in one batch is refused, and the batch's partial print pile is a
fresh file (a symbolic link planted under a predictable name is never followed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from stockage_commun import lancer

from escalade.documents.catalogue import nom_fichier, nom_sur
from escalade.documents.fusion_pdf import Fusion

RACINE = Path(__file__).resolve().parent.parent


def test_encodage_injectif() -> None:
    references = ["X/0", "X_0", "X 0", "X%0", "X.0", "X-0", "x/0", "X/0/", "É-1", "E-1", ".."]
    noms = [nom_sur(r) for r in references]
    assert noms[:3] == ["X%2F0", "X%5F0", "X%200"]
    assert nom_sur("É-1") == "%C3%89-1" and nom_sur("..") == "%2E."
    assert len(set(noms)) == len(references)
    assert all("/" not in n and "_" not in n for n in noms)
    # The separator '_' never comes from a reference: (reference, modèle) -> name is injective.
    assert nom_fichier("D-2026-001", "relance_1", date(2026, 7, 1),
                       "pdf") == "D-2026-001_relance_1_2026-07-01.pdf"  # fmt: skip


def test_meme_reference_deux_fois_dans_un_lot_refusee(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    exemple = yaml.safe_load((RACINE / "examples" / "01_b2b_paiements_partiels.yaml").read_text())
    fichiers = []
    for nom in ("a.yaml", "b.yaml"):
        f = tmp_path / nom
        f.write_text(yaml.safe_dump(exemple, allow_unicode=True), encoding="utf-8")
        fichiers.append(str(f))
    sortie = tmp_path / "lot"
    code, _, err = lancer(capsys, "lot", *fichiers, "--modele", "relance_1", "--sortie",
                          str(sortie))  # fmt: skip
    assert code == 2, err
    assert "« D-2026-001 » figure deux fois dans le lot" in err
    assert not sortie.exists() or not any(sortie.glob("*.pdf"))


def test_fichier_partiel_jamais_un_lien_suivi(tmp_path: Path) -> None:
    victime = tmp_path / "victime.txt"
    victime.write_text("intact", encoding="utf-8")
    cible = tmp_path / "pile.pdf"
    (tmp_path / ".pile.pdf.partiel").symlink_to(victime)  # the old predictable name
    with Fusion(cible) as f:
        assert not f.temporaire.is_symlink() and f.temporaire != tmp_path / ".pile.pdf.partiel"
    assert victime.read_text(encoding="utf-8") == "intact"
    assert not cible.exists()


@pytest.mark.parametrize("valeur", ['=HYPERLINK("http://x")', "+1", "-2026", "@SUM(A1)", "\tx"])
def test_cellules_csv_neutralisees_et_relues(valeur: str) -> None:
    from escalade.documents import csv_sur
    from escalade.documents.lot import Ligne

    ligne = Ligne(valeur, "relance_1", "f.pdf", 1, "ab", "")
    cellule = ligne.en_csv()[0]
    assert cellule == "'" + valeur and csv_sur.lire(cellule) == valeur
    assert csv_sur.ecrire("D-2026-001") == "D-2026-001" and csv_sur.lire("'abc") == "'abc"


def test_manifeste_relu_apres_neutralisation(tmp_path: Path) -> None:
    from escalade.documents.lot import COLONNES, Ligne, lire_manifeste
    from escalade.documents.sortie import sha256

    (tmp_path / "f.pdf").write_bytes(b"%PDF-1.7 x")
    ligne = Ligne("=1+1", "relance_1", "f.pdf", 1, sha256(b"%PDF-1.7 x"), "")
    import csv

    with (tmp_path / "m.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLONNES)
        w.writerow(ligne.en_csv())
    assert "'=1+1" in (tmp_path / "m.csv").read_text(encoding="utf-8")
    assert lire_manifeste(tmp_path / "m.csv") == {("=1+1", "relance_1"): ligne}


def test_erreur_de_base_sans_sql_ni_parametres() -> None:
    import sqlite3

    from sqlalchemy.exc import IntegrityError

    from escalade.cli import _sans_sql

    e = IntegrityError(
        "INSERT INTO debiteurs (cle, nom) VALUES (?, ?)",
        ("nom:jean dupont", "Jean Dupont"),
        sqlite3.IntegrityError("UNIQUE constraint failed: debiteurs.cle"),
    )
    message = _sans_sql(e)
    assert message == (
        "la base de données a refusé l'opération (IntegrityError : UNIQUE constraint failed: "
        "debiteurs.cle)"
    )
    assert "Dupont" not in message and "INSERT" not in message
