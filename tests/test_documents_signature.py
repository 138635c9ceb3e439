"""The letter's signature: "pour <creditor>" only when a collection agency signs for it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pypdf

from escalade.documents.contextes import construire
from escalade.documents.rendu import normaliser, rendre_docx, rendre_pdf
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier
from escalade.droit.parties import Mandataire
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
LE = date(2026, 6, 30)


def textes(d: Dossier, jur: Jurisprudence) -> tuple[str, str]:
    """relance_1 read back: the PDF's text (pypdf) and the DOCX body paragraphs."""
    c = construire("relance_1", d, LE, jur)
    pdf = pypdf.PdfReader(io.BytesIO(rendre_pdf(c).contenu))
    document = docx.Document(io.BytesIO(rendre_docx(c)))
    return (
        normaliser("\n".join(page.extract_text() for page in pdf.pages)),
        normaliser(" ".join(p.text for p in document.paragraphs)),
    )


def exemple() -> Dossier:
    return charger_fichier(RACINE / "examples" / "01_b2b_paiements_partiels.yaml")[0]


def test_le_creancier_signe_sans_pour_lui_meme(jur: Jurisprudence) -> None:
    # D-2026-001's creditor names its representative: her name, then the company's.
    for texte in textes(exemple(), jur):
        assert "salutations distinguées. Claire Durand, gérante Atelier Durand SARL" in texte
        assert "pour Atelier Durand SARL" not in texte


def test_le_mandataire_signe_pour_le_creancier(jur: Jurisprudence) -> None:
    d = exemple()
    m = Mandataire(
        nom="Recouvrement Amiable du Centre SAS",
        adresse={"lignes": ["3 place Jaude"], "code_postal": "63000", "ville": "Clermont-Ferrand"},
        email="dossiers@rac.example",
        representant="Paul Girard",
    )
    d = d.model_copy(update={"creancier": d.creancier.model_copy(update={"mandataire": m})})
    for texte in textes(d, jur):
        assert "Paul Girard Recouvrement Amiable du Centre SAS pour Atelier Durand SARL" in texte
        assert "pour Recouvrement Amiable du Centre SAS" not in texte


def test_sans_representant_le_nom_du_creancier_une_seule_fois(jur: Jurisprudence) -> None:
    d = charger_fichier(RACINE / "examples" / "04_litige.yaml")[0]  # no representative
    for texte in textes(d, jur):
        assert texte.count("distinguées. Atelier Durand SARL") == 1
        assert "pour Atelier Durand SARL" not in texte
