"""Assembling a court file: the requête followed by its evidence, numbered (pypdf).

Each piece of the bordereau is appended in order; every one of its pages is stamped with
its number ("Pièce n° 3") in the top right corner, and the file has one bookmark for the
requête and one per piece. A missing piece is never skipped: a page stamped with its
number says it is missing, so the numbering stays that of the bordereau. Images (scans in
PNG, JPEG or TIFF) are converted to PDF pages; another format is refused.

The stamps use the standard Helvetica-Bold font (WinAnsi encoding), not embedded: the
assembled file is for filing and printing; the requête itself stays PDF/A-3b on its own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from escalade.erreurs import EntreeInvalide
from escalade.injonction_de_payer import Piece

A4 = (595.28, 841.89)
IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
POLICE = "/FEsc"


@dataclass(frozen=True)
class Assemblage:
    pages: int
    signets: int
    manquantes: tuple[int, ...]


def _texte_pdf(texte: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252), special characters escaped."""
    brut = texte.encode("cp1252", errors="replace")
    echappe = brut.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + echappe + b")"


def _police() -> Any:
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica-Bold"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def page_de_texte(lignes: Sequence[str], largeur: float, hauteur: float, taille: float = 11) -> Any:
    """A page holding only `lignes` (top right for a stamp, or a full notice)."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    page = PageObject.create_blank_page(width=largeur, height=hauteur)
    flux = []
    for i, ligne in enumerate(lignes):
        y = hauteur - 28 - i * (taille + 5)
        x = largeur - 36 - 0.55 * taille * len(ligne) if i == 0 else 56
        flux.append(
            b"q 1 1 1 rg %.2f %.2f %.2f %.2f re f Q BT %s %.1f Tf 0 0 0 rg %.2f %.2f Td %s Tj ET"
            % (x - 4, y - 4, 0.58 * taille * len(ligne) + 8, taille + 6, POLICE.encode(),
               taille, x, y, _texte_pdf(ligne))
        )  # fmt: skip
    contenu = DecodedStreamObject()
    contenu.set_data(b"\n".join(flux))
    page[NameObject("/Contents")] = contenu
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(POLICE): _police()})}
    )
    return page


def _tamponner(page: Any, numero: int, caches: dict[tuple[int, float, float], Any]) -> None:
    boite = page.mediabox
    largeur, hauteur = float(boite.width), float(boite.height)
    cle = (numero, largeur, hauteur)
    if cle not in caches:
        caches[cle] = page_de_texte([f"Pièce n° {numero}"], largeur, hauteur)
    tampon = caches[cle]
    if float(boite.left) or float(boite.bottom):
        from pypdf import Transformation

        page.merge_transformed_page(
            tampon, Transformation().translate(float(boite.left), float(boite.bottom))
        )
    else:
        page.merge_page(tampon)


def _lire(chemin: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if chemin.suffix.lower() in IMAGES:
            from PIL import Image

            tampon = io.BytesIO()
            with Image.open(chemin) as image:
                image.convert("RGB").save(tampon, format="PDF", resolution=150)
            return PdfReader(io.BytesIO(tampon.getvalue()))
        if chemin.suffix.lower() != ".pdf":
            raise EntreeInvalide(
                "pièce dans un format non pris en charge : PDF, PNG, JPEG ou TIFF attendu",
                fichier=str(chemin),
            )
        return PdfReader(str(chemin))
    except (PdfReadError, OSError) as e:
        raise EntreeInvalide(f"pièce illisible ({e})", fichier=str(chemin)) from None


def assembler(
    requete_pdf: bytes, pieces: Sequence[Piece], base: Path, titre: str = "Requête"
) -> tuple[bytes, Assemblage]:
    """The requête followed by each piece in bordereau order, stamped and bookmarked.
    Relative paths of pieces are read from `base` (the dossier file's folder)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(requete_pdf)), import_outline=False)
    writer.add_outline_item(title=titre, page_number=0)
    caches: dict[tuple[int, float, float], Any] = {}
    manquantes: list[int] = []
    for piece in pieces:
        debut = len(writer.pages)
        libelle = f"Pièce n° {piece.numero} : {piece.libelle}"
        chemin = (base / piece.chemin) if piece.chemin else None
        if not piece.presente or chemin is None or not chemin.is_file():
            manquantes.append(piece.numero)
            writer.add_page(
                page_de_texte(
                    [f"Pièce n° {piece.numero}", "PIÈCE MANQUANTE", piece.libelle,
                     f"Fichier attendu : {piece.chemin or 'non indiqué dans le dossier'}"],
                    *A4,
                )
            )  # fmt: skip
            writer.add_outline_item(title=libelle + " (manquante)", page_number=debut)
            continue
        lecteur = _lire(chemin)
        for page in lecteur.pages:
            ajoutee = writer.add_page(page)
            _tamponner(ajoutee, piece.numero, caches)
        writer.add_outline_item(title=libelle, page_number=debut)
    writer.add_metadata({"/Title": titre, "/Producer": "escalade"})
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue(), Assemblage(len(writer.pages), 1 + len(pieces), tuple(manquantes))
