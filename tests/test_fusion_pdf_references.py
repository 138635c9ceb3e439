"""The merged PDF (escalade.documents.fusion_pdf) renumbers the references inside qpdf's
serialisation of each dictionary and array, and leaves a string that looks like a reference
as it is."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from escalade.documents.fusion_pdf import fusionner

PIEGE = "voir 3 0 R et (1 0 R) \\ fin"


def _source(chemin: Path, texte: str) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    page = pdf.pages[0]
    police = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police))
    page.Contents = pdf.make_stream(f"BT /F1 12 Tf 10 50 Td ({texte}) Tj ET".encode())
    note = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Text,
            Rect=[0, 0, 10, 10],
            Contents=pikepdf.String(PIEGE),
            Cible=pikepdf.Array([police, pikepdf.String("2 0 R")]),
        )
    )
    page.Annots = pdf.make_indirect(pikepdf.Array([note]))
    pdf.save(chemin)


def test_references_renumerotees_chaines_intactes(tmp_path: Path) -> None:
    sources = []
    for i, texte in enumerate(("Lettre A", "Lettre B")):
        sources.append(tmp_path / f"{i}.pdf")
        _source(sources[-1], texte)
    fusionner(sources, tmp_path / "pile.pdf")
    with pikepdf.open(tmp_path / "pile.pdf") as pile:
        assert len(pile.pages) == 2
        polices = []
        for page, texte in zip(pile.pages, ("Lettre A", "Lettre B"), strict=True):
            assert texte.encode() in page.Contents.read_bytes()
            police = page.Resources.Font.F1
            assert police.BaseFont == "/Helvetica"
            note = page.Annots[0]
            assert str(note.Contents) == PIEGE
            assert note.Cible[0].objgen == police.objgen  # the same object, renumbered
            assert str(note.Cible[1]) == "2 0 R"
            polices.append(police.objgen)
        assert polices[0] != polices[1]  # each letter's own objects
