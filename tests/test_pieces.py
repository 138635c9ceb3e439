"""Assembling the court file (escalade.documents.pieces): stamps and notices in an embedded font.

The evidence here is itself made with embedded fonts (WeasyPrint, and a PNG scan), so the
assembled file must hold no font that is not embedded: what the tool adds (the stamps
« Pièce n° N », the notices of missing pieces) is drawn in the shipped DejaVu Serif.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from escalade.documents.pieces import assembler
from escalade.procedures.injonction_de_payer import Piece


def _pdf_weasyprint(chemin: Path, titre: str, pages: int, taille: str = "A4") -> None:
    from weasyprint import HTML

    corps = "".join(
        f'<p style="break-after: page">{titre} page {i}/{pages}</p>' for i in range(1, pages + 1)
    )
    style = f"<style>@page {{ size: {taille}; }} body {{ font-family: serif; }}</style>"
    HTML(string=f"<html><head>{style}</head><body>{corps}</body></html>").write_pdf(chemin)


def _tourner(chemin: Path, angle: int) -> None:
    w = PdfWriter(clone_from=PdfReader(str(chemin)))
    for page in w.pages:
        page.rotate(angle)
    w.write(chemin)


def _polices(objet: Any, vues: set[int] | None = None) -> Iterator[tuple[str, Any, bool]]:
    """(name, font object, embedded) of every font a page or form XObject uses."""
    vues = set() if vues is None else vues
    ressources = objet.get("/Resources")
    if ressources is None:
        return
    ressources = ressources.get_object()
    for ref in (ressources.get("/Font") or {}).values():
        police = ref.get_object()
        descripteur = police.get("/FontDescriptor")
        if police.get("/Subtype") == "/Type0":
            descripteur = police["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        d = descripteur.get_object() if descripteur is not None else {}
        integree = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        yield str(police.get("/BaseFont")), ref, integree
    for ref in (ressources.get("/XObject") or {}).values():
        x = ref.get_object()
        if x.get("/Subtype") == "/Form" and id(x) not in vues:
            vues.add(id(x))
            yield from _polices(x, vues)


def _positions(page: Any, mot: str) -> list[tuple[float, float]]:
    """Where (device space, points) the text runs containing `mot` start."""
    trouve: list[tuple[float, float]] = []

    def visiteur(texte: str, cm: Any, tm: Any, *_: Any) -> None:
        if mot in texte:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            trouve.append((x, y))

    page.extract_text(visitor_text=visiteur)
    return trouve


@pytest.fixture(scope="module")
def assemble(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, Any]:
    base = tmp_path_factory.mktemp("pieces")
    _pdf_weasyprint(base / "requete.pdf", "Requête", 1)
    _pdf_weasyprint(base / "facture.pdf", "Facture", 2)
    _pdf_weasyprint(base / "bon.pdf", "Bon de commande", 1, "A4 landscape")
    _pdf_weasyprint(base / "tourne.pdf", "Avis", 1)
    _tourner(base / "tourne.pdf", 90)  # a portrait page shown in landscape
    Image.new("RGB", (1240, 1754), "white").save(base / "scan.png")  # A4 at 150 dpi
    pieces = [
        Piece(1, "Facture n° F1", "facture.pdf", True),
        Piece(2, "Bon de commande", "bon.pdf", True),
        Piece(3, "Mise en demeure", "med.pdf", False),
        Piece(4, "Avis de réception", "tourne.pdf", True),
        Piece(5, "Bon de livraison <signé>", "scan.png", True),
    ]
    contenu, bilan = assembler((base / "requete.pdf").read_bytes(), pieces, base, "Requête")
    return PdfReader(io.BytesIO(contenu)), bilan


def test_pages_signets_et_manquantes(assemble: tuple[PdfReader, Any]) -> None:
    pdf, bilan = assemble
    # requête 1 + facture 2 + bon 1 + notice of piece 3 + avis 1 + scan 1 = 7 pages.
    assert (bilan.pages, bilan.signets, bilan.manquantes) == (7, 6, (3,))
    signets = [(o.title, pdf.get_destination_page_number(o)) for o in pdf.outline]
    assert signets == [
        ("Requête", 0), ("Pièce n° 1 : Facture n° F1", 1), ("Pièce n° 2 : Bon de commande", 3),
        ("Pièce n° 3 : Mise en demeure (manquante)", 4), ("Pièce n° 4 : Avis de réception", 5),
        ("Pièce n° 5 : Bon de livraison <signé>", 6),
    ]  # fmt: skip
    avis = pdf.pages[4].extract_text()
    assert "Pièce n° 3" in avis and "PIÈCE MANQUANTE" in avis
    assert "Fichier attendu : med.pdf" in avis


def test_chaque_page_de_piece_tamponnee_en_haut_a_droite(assemble: tuple[PdfReader, Any]) -> None:
    pdf, _ = assemble
    numeros = [None, 1, 1, 2, 3, 4, 5]
    for page, numero in zip(pdf.pages, numeros, strict=True):
        if numero is None:
            assert "Pièce n°" not in page.extract_text()
            continue
        assert f"Pièce n° {numero}" in page.extract_text()
        [(x, y)] = _positions(page, "Pièce")
        largeur, hauteur = float(page.mediabox.width), float(page.mediabox.height)
        # The stamp sits in the top right corner as the page is seen: within 40 pt of the
        # top, in the right half (the rotated page is turned upright first).
        assert page.rotation == 0
        assert hauteur - 40 < y < hauteur and largeur / 2 < x < largeur, (numero, x, y)
    assert float(pdf.pages[3].mediabox.width) > float(pdf.pages[3].mediabox.height)
    assert float(pdf.pages[5].mediabox.width) > float(pdf.pages[5].mediabox.height)


def test_toutes_les_polices_integrees_et_un_seul_tampon(assemble: tuple[PdfReader, Any]) -> None:
    pdf, _ = assemble
    polices = [p for page in pdf.pages for p in _polices(page)]
    assert polices and all(integree for _, _, integree in polices), [
        nom for nom, _, integree in polices if not integree
    ]
    assert not any("Helvetica" in nom for nom, _, _ in polices)
    # The stamps of the 5 evidence pages share one font object (DejaVu Serif Bold, subset,
    # embedded) per page size: A4 portrait (the invoice), A4 landscape (the order, and the
    # rotated page once upright), the scan (1240 x 1754 px at 150 dpi: 595.2 x 841.92 pt).
    par_format: dict[tuple[float, float], set[int]] = {}
    for i in (1, 2, 3, 5, 6):
        page = pdf.pages[i]
        taille = (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        par_format.setdefault(taille, set()).update(
            ref.idnum for nom, ref, _ in _polices(page) if nom.endswith("Escalade-Serif-Bold")
        )
    assert sorted(par_format) == [(595.2, 841.92), (595.28, 841.89), (841.89, 595.28)]
    assert all(len(polices) == 1 for polices in par_format.values())
