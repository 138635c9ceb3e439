"""Producing one document for one dossier: context, rendering, file name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from escalade.documents.contextes import construire
from escalade.jurisprudence import Jurisprudence
from escalade.modele import Dossier

Format = Literal["pdf", "docx"]


@dataclass(frozen=True)
class Produit:
    dossier: str
    document: str
    format: Format
    nom_fichier: str
    contenu: bytes
    pages: int | None


def produire(
    dossier: Dossier, modele: str, le: date, jur: Jurisprudence, format_: Format = "pdf"
) -> Produit:
    """Render `modele` for `dossier` on day `le` (WeasyPrint or docxtpl imported lazily)."""
    from escalade.documents import rendu

    contexte = construire(modele, dossier, le, jur)
    if format_ == "pdf":
        pdf = rendu.rendre_pdf(contexte)
        contenu, pages = pdf.contenu, pdf.pages
    else:
        contenu, pages = rendu.rendre_docx(contexte), None
    return Produit(
        dossier.reference,
        modele,
        format_,
        f"{contexte.nom_fichier}.{format_}",
        contenu,
        pages,
    )
