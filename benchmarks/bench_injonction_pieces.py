"""A 40-piece injonction file with real multi-page PDFs as evidence (issue: under 5 s).

Prints the time of `escalade injonction` end to end (route, requête PDF/A rendered by
WeasyPrint, 40 evidence PDFs of 4 pages each stamped « Pièce n° N » in the embedded DejaVu
Serif and bookmarked, 2 notices of missing pieces) and, as a baseline measured in the same
run, the plain concatenation of the same PDFs with pypdf.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

from escalade.cli import main
from escalade.documents.pieces import page_de_texte

PIECES, PAGES = 40, 4


def preparer(racine: Path) -> Path:
    factures = []
    for i in range(1, 11):
        pieces = []
        for genre in ("facture", "bon_de_commande", "bon_de_livraison", "devis"):
            chemin = racine / "pieces" / f"{genre}_F{i}.pdf"
            chemin.parent.mkdir(parents=True, exist_ok=True)
            w = PdfWriter()
            for p in range(PAGES):
                w.add_page(page_de_texte([f"{genre} F{i} page {p + 1}"], 595.28, 841.89))
            with chemin.open("wb") as f:
                w.write(f)
            pieces.append(f"pieces/{chemin.name}")
        factures.append({"numero": f"F{i}", "date_emission": "2026-01-02",
                         "date_echeance": "2026-02-01", "montant_ttc": "900.00",
                         "pieces": pieces})  # fmt: skip
    dossier = {
        "reference": "BENCH-IP",
        "creancier": {"nom": "Atelier Durand SARL", "forme_juridique": "SARL",
                      "representant": "Claire Durand", "siren": "732829320",
                      "adresse": {"lignes": ["12 rue de la Paix"], "code_postal": "75002",
                                  "ville": "Paris"}},
        "debiteur": {"nom": "Boulangerie Martin", "forme_juridique": "SAS",
                     "representant": "Paul Martin", "type": "professionnel",
                     "adresse": {"lignes": ["4 avenue Foch"], "code_postal": "33000",
                                 "ville": "Bordeaux"}},
        "factures": factures,
        "mise_en_demeure": {"envoyee_le": "2026-03-02", "recue_le": "2026-03-04"},
    }  # fmt: skip
    fichier = racine / "dossier.yaml"
    fichier.write_text(yaml.safe_dump(dossier, allow_unicode=True), encoding="utf-8")
    return fichier


def main_bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        racine = Path(tmp)
        fichier = preparer(racine)
        debut = time.perf_counter()
        w = PdfWriter()
        for chemin in sorted((racine / "pieces").glob("*.pdf")):
            w.append(PdfReader(str(chemin)))
        w.write(io.BytesIO())
        base = time.perf_counter() - debut
        debut = time.perf_counter()
        try:
            main(["injonction", str(fichier), "--date", "2026-03-20",
                  "--sortie", str(racine / "sortie")])  # fmt: skip
        except SystemExit as fin:
            assert not fin.code, fin.code
        mesure = time.perf_counter() - debut
        complet = PdfReader(str(racine / "sortie" / "BENCH-IP_dossier_injonction.pdf"))
        print(
            f"pièces : {PIECES + 2} ({PIECES} PDF de {PAGES} pages), pages : {len(complet.pages)}"
        )
        print(f"injonction de bout en bout : {mesure:.2f} s (objectif < 5 s)")
        print(f"référence, simple concaténation pypdf des mêmes PDF : {base:.2f} s")


if __name__ == "__main__":
    main_bench()
