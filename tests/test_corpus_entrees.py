"""The corpus of bad input files (tests/entrees_invalides, expected message in ATTENDU.txt):
each is refused by `escalade importer` with exit 2, a French message naming the file, no
traceback, quickly (an alias bomb is refused before it expands), and nothing in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from stockage_commun import lancer

CORPUS = Path(__file__).parent / "entrees_invalides"
ATTENDUS = [
    tuple(ligne.split(";", 1))
    for ligne in (CORPUS / "ATTENDU.txt").read_text(encoding="utf-8").splitlines()
    if ligne and not ligne.startswith("#")
]


def test_corpus_complet() -> None:
    fichiers = {p.name for p in CORPUS.iterdir() if p.name != "ATTENDU.txt"}
    assert fichiers == {nom for nom, _ in ATTENDUS}


@pytest.mark.parametrize(("nom", "attendu"), ATTENDUS, ids=[n for n, _ in ATTENDUS])
def test_entree_invalide_refusee(
    capsys: pytest.CaptureFixture[str], depot: Path, nom: str, attendu: str
) -> None:
    code, out, err = lancer(capsys, "importer", str(CORPUS / nom))
    assert code == 2, err
    assert out == ""
    assert str(CORPUS / nom) in err and attendu in err
    assert "Traceback" not in err and len(err) < 2000
    assert not depot.exists() or b"D-ERR-1" not in depot.read_bytes()
