"""`escalade lettre` and `escalade lot`: files, manifest, merged PDF, resumption, bad input."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest

from escalade.documents.lot import COLONNES, MANIFESTE, Tache, produire_lot
from escalade.documents.sortie import sha256_fichier
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = sorted((RACINE / "examples").glob("*.yaml"))
LE = date(2026, 6, 30)


def escalade(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from escalade.cli import main; main()", *args],
        capture_output=True, text=True, cwd=RACINE,
    )  # fmt: skip


def test_lettre_pdf_puis_docx(tmp_path: Path) -> None:
    for format_ in ("pdf", "docx"):
        r = escalade("lettre", str(EXEMPLES[0]), "--modele", "relance_1", "--format", format_,
                     "--sortie", str(tmp_path), "--date", "2026-06-30")  # fmt: skip
        assert r.returncode == 0, r.stderr
        chemin = tmp_path / f"D-2026-001_relance_1_2026-06-30.{format_}"
        assert r.stdout.strip() == str(chemin)
        assert chemin.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "D-2026-001_relance_1_2026-06-30.docx",
        "D-2026-001_relance_1_2026-06-30.pdf",
    ]


def test_modele_inconnu_code_2_rien_d_ecrit(tmp_path: Path) -> None:
    sortie = tmp_path / "sortie"
    r = escalade("lettre", str(EXEMPLES[0]), "--modele", "relance_9", "--sortie", str(sortie))
    assert r.returncode == 2
    assert "modèle inconnu « relance_9 »" in r.stderr
    assert "Traceback" not in r.stderr
    assert not sortie.exists()


def test_sortie_impossible_code_2(tmp_path: Path) -> None:
    fichier = tmp_path / "un_fichier"
    fichier.write_text("x")
    r = escalade("lettre", str(EXEMPLES[0]), "--modele", "relance_1",
                 "--sortie", str(fichier / "sous"), "--date", "2026-06-30")  # fmt: skip
    assert r.returncode == 2
    assert "dossier de sortie impossible à créer" in r.stderr
    assert fichier.read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["un_fichier"]


def test_document_impossible_code_2_rien_d_ecrit(tmp_path: Path) -> None:
    r = escalade("lettre", str(EXEMPLES[0]), "--modele", "echeancier",
                 "--sortie", str(tmp_path), "--date", "2026-06-30")  # fmt: skip
    assert r.returncode == 2
    assert "aucun échéancier convenu" in r.stderr
    assert list(tmp_path.iterdir()) == []


def _taches(modele: str = "relance_1") -> list[Tache]:
    return [Tache(charger_fichier(p)[0], modele) for p in EXEMPLES[:4]]


def test_lot_fichiers_manifeste_fusion_et_reprise(tmp_path: Path) -> None:
    bilan = produire_lot(_taches(), tmp_path, LE, processus=2)
    assert not bilan.echecs and len(bilan.produites) == 4 and not bilan.reprises
    with (tmp_path / MANIFESTE).open(encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    assert tuple(lignes[0]) == COLONNES
    assert [x["dossier"] for x in lignes] == [
        "D-2026-001",
        "D-2026-002",
        "D-2026-003",
        "D-2026-004",
    ]
    for x in lignes:
        assert x["document"] == "relance_1" and x["numero_lrar"] == ""
        assert sha256_fichier(tmp_path / x["fichier"]) == x["sha256"]
        assert int(x["pages"]) == len(pypdf.PdfReader(tmp_path / x["fichier"]).pages)
    assert bilan.fusion is not None
    fusion = pypdf.PdfReader(bilan.fusion)
    assert len(fusion.pages) == sum(int(x["pages"]) for x in lignes)
    assert "Boulangerie Martin SAS" in fusion.pages[0].extract_text()
    # A registered-letter number filled in by hand survives a second run, which redoes nothing.
    texte = (tmp_path / MANIFESTE).read_text(encoding="utf-8")
    sha = lignes[1]["sha256"]
    (tmp_path / MANIFESTE).write_text(texte.replace(sha + ",", sha + ",1A 999", 1))
    avant = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("D-*.pdf")}
    bilan2 = produire_lot(_taches(), tmp_path, LE, processus=2)
    assert not bilan2.produites and len(bilan2.reprises) == 4
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("D-*.pdf")} == avant
    with (tmp_path / MANIFESTE).open(encoding="utf-8") as f:
        assert [x["numero_lrar"] for x in csv.DictReader(f)] == ["", "1A 999", "", ""]


def test_lot_interrompu_reprend_sans_refaire(tmp_path: Path) -> None:
    produire_lot(_taches()[:2], tmp_path, LE, processus=1)
    # A letter whose file was damaged (cut by an interruption) is produced again.
    abime = tmp_path / "D-2026-002_relance_1_2026-06-30.pdf"
    abime.write_bytes(abime.read_bytes()[:100])
    bilan = produire_lot(_taches(), tmp_path, LE, processus=1)
    assert [x.dossier for x in bilan.reprises] == ["D-2026-001"]
    assert [x.dossier for x in bilan.produites] == ["D-2026-002", "D-2026-003", "D-2026-004"]
    assert len(pypdf.PdfReader(abime).pages) == 1


def test_lot_ne_consigne_aucun_envoi(tmp_path: Path) -> None:
    avant = [p.read_bytes() for p in EXEMPLES]
    produire_lot(_taches(), tmp_path, LE, processus=1)
    assert [p.read_bytes() for p in EXEMPLES] == avant


def test_lot_simuler_n_ecrit_rien(tmp_path: Path) -> None:
    sortie = tmp_path / "lot"
    r = escalade("lot", *map(str, EXEMPLES), "--modele", "relance_1", "--sortie", str(sortie),
                 "--date", "2026-06-30", "--simuler")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "lettre(s) prévue(s)" in r.stdout
    assert not sortie.exists()


def test_lot_en_ligne_de_commande_silencieux_dans_un_tube(tmp_path: Path) -> None:
    r = escalade("lot", *map(str, EXEMPLES), "--modele", "relance_1", "--sortie", str(tmp_path),
                 "--date", "2026-06-30")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "\r" not in r.stderr and "━" not in r.stderr  # no progress bar in a pipe
    lignes = list(csv.DictReader(io.StringIO((tmp_path / MANIFESTE).read_text(encoding="utf-8"))))
    for x in lignes:
        assert (tmp_path / x["fichier"]).is_file()


def test_lot_modele_inconnu(tmp_path: Path) -> None:
    r = escalade("lot", str(EXEMPLES[0]), "--modele", "inconnu", "--sortie", str(tmp_path / "x"))
    assert r.returncode == 2 and "modèle inconnu" in r.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("commande", ["decompte", "delai", "en-lettres"])
def test_les_autres_commandes_n_importent_pas_weasyprint(commande: str) -> None:
    code = (
        f"import sys; from escalade.cli import cli; cli.get_command(None, {commande!r}); "
        "print('weasyprint' in sys.modules, 'docxtpl' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE)
    assert r.stdout.strip() == "False False"


def test_lettre_variante_b_et_variante_inconnue(tmp_path: Path) -> None:
    r = escalade("lettre", str(EXEMPLES[0]), "--modele", "relance_1@B",
                 "--sortie", str(tmp_path), "--date", "2026-06-30")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(tmp_path / "D-2026-001_relance_1@B_2026-06-30.pdf")
    sortie = tmp_path / "rien"
    r = escalade("lettre", str(EXEMPLES[0]), "--modele", "relance_1@C", "--sortie", str(sortie))
    assert r.returncode == 2 and "variante inconnue « relance_1@C »" in r.stderr
    assert "Traceback" not in r.stderr and not sortie.exists()


def test_une_lettre_en_echec_pas_de_pdf_fusionne_ni_fichier_partiel(tmp_path: Path) -> None:
    # D-2026-001 has no payment plan: its échéancier fails; the relances are produced.
    taches = _taches()[:2] + [Tache(charger_fichier(EXEMPLES[0])[0], "echeancier")]
    bilan = produire_lot(taches, tmp_path, LE, processus=2)
    assert [x.dossier for x in bilan.produites] == ["D-2026-001", "D-2026-002"]
    assert [(x.dossier, x.document) for x in bilan.echecs] == [("D-2026-001", "echeancier")]
    assert bilan.fusion is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "D-2026-001_relance_1_2026-06-30.pdf",
        "D-2026-002_relance_1_2026-06-30.pdf",
        MANIFESTE,
    ]


def test_fiches_d_appel_jamais_dans_la_pile_a_imprimer(tmp_path: Path) -> None:
    """The call sheet is internal (objections and answers): it goes to its own file."""
    d1, d4 = charger_fichier(EXEMPLES[0])[0], charger_fichier(EXEMPLES[3])[0]
    taches = [Tache(d1, "fiche_appel"), Tache(d4, "relance_1")]
    bilan = produire_lot(taches, tmp_path, LE, processus=1)
    assert not bilan.echecs and bilan.fusion is not None and bilan.internes is not None
    assert bilan.internes.name == "lot_2026-06-30_documents_internes.pdf"
    a_imprimer = "".join(p.extract_text() for p in pypdf.PdfReader(bilan.fusion).pages)
    internes = "".join(p.extract_text() for p in pypdf.PdfReader(bilan.internes).pages)
    assert "Fiche d'appel" not in a_imprimer and "D-2026-004" in a_imprimer
    assert "Fiche d'appel" in internes and "D-2026-001" in internes and "D-2026-004" not in internes
