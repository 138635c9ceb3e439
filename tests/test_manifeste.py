"""`escalade contact --manifeste`: the posted letters of a batch recorded in one command."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = [str(p) for p in sorted((RACINE / "examples").glob("*.yaml"))]
PORTEFEUILLE = str(RACINE / "examples" / "portefeuille.csv")
LRAR = "1A12345678901"
SHA_FICTIVE = "ab" * 32


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from escalade.cli import main; main()", *args],
        capture_output=True, text=True, cwd=RACINE, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def lot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch of 30 June 2026 (produced once for the module)."""
    dossier = tmp_path_factory.mktemp("lot")
    db = dossier / "modele.sqlite"
    for fichiers in (EXEMPLES, [PORTEFEUILLE]):
        assert cli("importer", *fichiers, "--db", str(db)).returncode == 0
    r = cli("lot", "--db", str(db), "--date", "2026-06-30", "--sortie", str(dossier / "lot"))
    assert r.returncode == 0, r.stderr
    return dossier


@pytest.fixture
def depot(lot: Path, tmp_path: Path) -> Path:
    db = tmp_path / "d.sqlite"
    db.write_bytes((lot / "modele.sqlite").read_bytes())
    return db


def _manifeste(lot: Path, tmp_path: Path, **numeros: str) -> Path:
    """A copy of the batch's manifest, next to its letters, with LRAR numbers filled."""
    source = lot / "lot" / "manifeste.csv"
    with source.open(encoding="utf-8", newline="") as f:
        lignes = list(csv.DictReader(f))
    for ligne in lignes:
        ligne["numero_lrar"] = numeros.get(ligne["dossier"].replace("-", "_"), "")
    cible = lot / "lot" / f"manifeste_{tmp_path.name}.csv"
    with cible.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(lignes[0]))
        w.writeheader()
        w.writerows(lignes)
    return cible


def _contacts(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as c:
        return c.execute(
            "SELECT d.reference, c.canal, c.objet, c.note, c.document FROM contacts c "
            "JOIN dossiers d ON d.id = c.dossier_id WHERE c.resultat LIKE 'posté%' "
            "ORDER BY d.reference"
        ).fetchall()


def test_un_lot_enregistre_en_une_commande_puis_rien_deux_fois(
    lot: Path, depot: Path, tmp_path: Path
) -> None:
    m = _manifeste(lot, tmp_path, D_2026_004=LRAR)
    r = cli("contact", "--manifeste", str(m), "--db", str(depot), "--le", "2026-06-30T11:00")
    assert r.returncode == 0, r.stderr
    assert (
        "4 lettre(s) enregistrée(s), 0 déjà enregistrée(s), 1 écartée(s), 0 refusée(s)." in r.stdout
    )
    assert "D-2026-001\tfiche_appel\técartée : document interne" in r.stdout
    contacts = _contacts(depot)
    assert [(d, canal, objet) for d, canal, objet, _, _ in contacts] == [
        ("D-2026-004", "lrar", "relance_1"),
        ("D-2026-007", "courrier", "relance_2"),
        ("D-2026-101", "courrier", "relance_1"),
        ("D-2026-102", "courrier", "relance_1"),
    ]
    assert contacts[0][3] == f"LRAR n° {LRAR}" and contacts[1][3] is None
    with m.open(encoding="utf-8") as f:
        sha_004 = next(x["sha256"] for x in csv.DictReader(f) if x["dossier"] == "D-2026-004")
    assert contacts[0][4] == f"D-2026-004_relance_1_2026-06-30.pdf (SHA-256 {sha_004})"
    r2 = cli("contact", "--manifeste", str(m), "--db", str(depot), "--le", "2026-06-30T15:00")
    assert r2.returncode == 0, r2.stderr
    assert "0 lettre(s) enregistrée(s), 4 déjà enregistrée(s)" in r2.stdout
    assert len(_contacts(depot)) == 4
    h = cli("historique", "D-2026-004", "--db", str(depot), "--json")
    assert f"LRAR n° {LRAR}" in h.stdout


def test_lettre_modifiee_ou_colonne_absente_rien_n_est_enregistre(
    lot: Path, depot: Path, tmp_path: Path
) -> None:
    copie = tmp_path / "lot"
    copie.mkdir()
    m = _manifeste(lot, tmp_path)
    for ligne in csv.DictReader(m.open(encoding="utf-8")):
        (copie / ligne["fichier"]).write_bytes((lot / "lot" / ligne["fichier"]).read_bytes())
    (copie / "manifeste.csv").write_bytes(m.read_bytes())
    with (copie / "D-2026-102_relance_1_2026-06-30.pdf").open("ab") as f:
        f.write(b"%% retouche\n")
    r = cli("contact", "--manifeste", str(copie / "manifeste.csv"), "--db", str(depot))
    assert r.returncode == 2
    assert "ligne 6" in r.stderr and "D-2026-102_relance_1_2026-06-30.pdf a changé" in r.stderr
    assert _contacts(depot) == []
    sans = tmp_path / "sans.csv"
    sans.write_text("dossier,document,numero_lrar\nD-2026-004,relance_1,\n", encoding="utf-8")
    r = cli("contact", "--manifeste", str(sans), "--db", str(depot))
    assert r.returncode == 2 and "colonnes obligatoires absentes : fichier, sha256" in r.stderr
    assert _contacts(depot) == []


def test_refus_signales_et_mise_en_demeure_recue_par_numero(depot: Path, tmp_path: Path) -> None:
    m = tmp_path / "manifeste.csv"
    m.write_text(
        "dossier,document,fichier,pages,sha256,numero_lrar\n"
        f"D-2026-005,relance_1,absent.pdf,1,{SHA_FICTIVE},\n"
        f"D-2026-101,mise_en_demeure,absent_med.pdf,2,{SHA_FICTIVE},{LRAR}\n",
        encoding="utf-8",
    )
    r = cli("contact", "--manifeste", str(m), "--db", str(depot), "--le", "2026-06-30T11:00")
    assert r.returncode == 3
    assert "D-2026-005\trelance_1\trefusée : [procedure_collective]" in r.stderr
    assert "1 lettre(s) enregistrée(s)" in r.stdout
    r = cli("mise-en-demeure", "recue", "--lrar", LRAR, "--date", "2026-07-02",
            "--db", str(depot), "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(depot) as c:
        med = c.execute(
            "SELECT mise_en_demeure FROM dossiers WHERE reference = 'D-2026-101'"
        ).fetchone()[0]
    assert '"recue_le": "2026-07-02"' in med and f'"numero_lrar": "{LRAR}"' in med
    assert '"envoyee_le": "2026-06-30"' in med
    r = cli("mise-en-demeure", "recue", "--lrar", "9Z999", "--date", "2026-07-02",
            "--db", str(depot))  # fmt: skip
    assert r.returncode == 2 and "aucune lettre recommandée n° 9Z999" in r.stderr
