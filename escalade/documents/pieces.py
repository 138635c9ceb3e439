"""Assembling a court file: the requête followed by its evidence, numbered (pypdf).

Each piece of the bordereau is appended in order; every one of its pages is stamped with
its number ("Pièce n° 3") in the top right corner, and the file has one bookmark for the
requête and one per piece. A missing piece is never skipped: a page stamped with its
number says it is missing, so the numbering stays that of the bordereau. Images (scans in
PNG, JPEG or TIFF) are converted to PDF pages; another format is refused.

What the tool adds is archival: the stamps and the notices of missing pieces are drawn by
WeasyPrint in the shipped DejaVu Serif (modeles_lettres/polices/), embedded as a subset.
The stamps of one page size are rendered once, one page per piece number, in one small
document kept for the life of the process; each evidence page gets its stamp overlaid with
pypdf (`merge_page`), so every stamp of a file shares one embedded font. The assembled file
is not declared PDF/A: the requête is PDF/A-3b on its own, but the evidence is third-party
(fonts not embedded, no output intent, encryption...) and the tool does not convert it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from escalade.documents.chemins_pieces import lisible, resoudre
from escalade.droit.erreurs import EntreeInvalide
from escalade.procedures.injonction_de_payer import Piece

A4 = (595.28, 841.89)
IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
POLICE = "/FEsc"
LOT_TAMPONS = 50  # stamps rendered at once for a page size: numbers 1 to 50, 51 to 100...
CSS_TAMPONS = """
@font-face { font-family: "Escalade Serif"; src: url(polices/DejaVuSerif.ttf); }
@font-face { font-family: "Escalade Serif"; font-weight: bold;
             src: url(polices/DejaVuSerif-Bold.ttf); }
@page { size: %(largeur).2fpt %(hauteur).2fpt; margin: 20pt 32pt 0 0; }
html { font-family: "Escalade Serif"; font-size: 11pt; }
body { margin: 0; }
section { break-after: page; }
section:last-child { break-after: auto; }
.tampon { text-align: right; margin: 0; white-space: nowrap; }
.tampon span { font-weight: bold; background: white; padding: 2pt 4pt; }
.avis { margin: 18pt 0 0 56pt; }
.avis strong { font-size: 14pt; }
"""


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
    """A page holding only `lignes`, in the standard (not embedded) Helvetica-Bold: a plain
    PDF page for tests and benchmarks, never part of an assembled court file."""
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


def _pages_html(sections: Sequence[str], largeur: float, hauteur: float) -> Any:
    """The pages of a small HTML document rendered by WeasyPrint (fonts embedded), read by
    pypdf; a WeasyPrint warning fails, as for the letters."""
    from pypdf import PdfReader

    from escalade.documents.rendu import RenduInvalide, moteur_pdf

    m = moteur_pdf()  # WeasyPrint imported (chargement_weasyprint), fonts loaded
    from weasyprint import HTML

    css = CSS_TAMPONS % {"largeur": largeur, "hauteur": hauteur}
    source = (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
              f"<style>{css}</style></head><body>{''.join(sections)}</body></html>")  # fmt: skip
    m.capture.messages.clear()
    document = HTML(string=source, base_url=m.base_url).render(font_config=m.polices)
    contenu = document.write_pdf()
    if m.capture.messages:
        raise RenduInvalide(
            "WeasyPrint a signalé un problème dans les tampons des pièces : "
            + " ; ".join(dict.fromkeys(m.capture.messages))
        )
    assert contenu is not None
    return PdfReader(io.BytesIO(contenu)).pages


def _tampon_html(numero: int) -> str:
    return f'<section><p class="tampon"><span>Pièce n° {numero}</span></p></section>'


# (width, height) -> pages of the stamps 1..n, rendered once per process and page size.
_TAMPONS: dict[tuple[float, float], Any] = {}


def tampon(numero: int, largeur: float, hauteur: float) -> Any:
    """The stamp « Pièce n° `numero` » for a page of this size (a page to overlay)."""
    cle = (round(largeur, 2), round(hauteur, 2))
    pages = _TAMPONS.get(cle)
    if pages is None or len(pages) < numero:
        n = -(-numero // LOT_TAMPONS) * LOT_TAMPONS
        pages = _pages_html([_tampon_html(i) for i in range(1, n + 1)], *cle)
        _TAMPONS[cle] = pages
    return pages[numero - 1]


def avis_manquantes(pieces: Sequence[Piece]) -> list[Any]:
    """One A4 page per missing piece: its stamp, « PIÈCE MANQUANTE », what was expected."""
    from html import escape

    sections = [
        _tampon_html(p.numero).replace(
            "</section>",
            f'<p class="avis"><strong>PIÈCE MANQUANTE</strong></p>'
            f'<p class="avis">{escape(p.libelle)}</p><p class="avis">Fichier attendu : '
            f"{escape(p.chemin or 'non indiqué dans le dossier')}</p>"
            "</section>",
        )
        for p in pieces
    ]
    return list(_pages_html(sections, *A4)) if sections else []


def _tamponner(page: Any, numero: int) -> None:
    if page.rotation % 360:  # stamp the top right corner as the page is seen
        page.transfer_rotation_to_content()
    boite = page.cropbox  # the visible area (the media box unless cropped)
    calque = tampon(numero, float(boite.width), float(boite.height))
    if float(boite.left) or float(boite.bottom):
        from pypdf import Transformation

        page.merge_transformed_page(
            calque, Transformation().translate(float(boite.left), float(boite.bottom))
        )
    else:
        page.merge_page(calque)
    page.compress_content_streams()  # the merged stream is written uncompressed otherwise


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
    Relative paths of pieces are read from `base` (the dossier file's folder); a path that
    leaves it is refused before it is read (`escalade.documents.chemins_pieces`)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(requete_pdf)), import_outline=False)
    writer.add_outline_item(title=titre, page_number=0)
    absentes = [p for p in pieces if not _presente(p, base)]
    avis = dict(zip((p.numero for p in absentes), avis_manquantes(absentes), strict=True))
    for piece in pieces:
        debut = len(writer.pages)
        libelle = f"Pièce n° {piece.numero} : {piece.libelle}"
        if piece.numero in avis:
            writer.add_page(avis[piece.numero])
            writer.add_outline_item(title=libelle + " (manquante)", page_number=debut)
            continue
        lecteur = _lire(resoudre(base, str(piece.chemin), f"pièce n° {piece.numero}"))
        for page in lecteur.pages:
            ajoutee = writer.add_page(page)
            _tamponner(ajoutee, piece.numero)
        writer.add_outline_item(title=libelle, page_number=debut)
    writer.add_metadata({"/Title": titre, "/Producer": "escalade"})
    sortie = io.BytesIO()
    writer.write(sortie)
    manquantes = tuple(p.numero for p in absentes)
    return sortie.getvalue(), Assemblage(len(writer.pages), 1 + len(pieces), manquantes)


def _presente(piece: Piece, base: Path) -> bool:
    return piece.presente and bool(piece.chemin) and lisible(base, str(piece.chemin))
