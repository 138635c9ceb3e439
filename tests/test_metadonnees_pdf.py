"""escalade.documents.metadonnees_pdf: the letter's <meta> taken out of the HTML and given to
WeasyPrint directly; the PDF's metadata is the same as when WeasyPrint read them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pikepdf
from weasyprint import HTML

from escalade.documents.contextes import construire
from escalade.documents.metadonnees_pdf import appliquer, separer
from escalade.documents.rendu import rendre_html, rendre_pdf
from escalade.droit.jurisprudence import jurisprudence
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
TETE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Relance – R-1</title>
<meta name="author" content="Atelier d&#39;Art &amp; Fils">
<meta name="description" content="Relance, dossier R">
<meta name="generator" content="escalade">
<meta name="dcterms.created" content="2026-06-30">
<meta name="dcterms.modified" content="2026-07-01">
</head>
<body><p>Bonjour</p></body>
</html>"""


def test_separer_retire_les_meta_et_decode_les_entites() -> None:
    corps, valeurs = separer(TETE)
    assert valeurs == [
        ("author", "Atelier d'Art & Fils"),
        ("description", "Relance, dossier R"),
        ("generator", "escalade"),
        ("dcterms.created", "2026-06-30"),
        ("dcterms.modified", "2026-07-01"),
    ]
    assert corps == TETE.replace(
        TETE[TETE.index('<meta name="author"') : TETE.index("</head>")], ""
    )
    assert '<meta charset="utf-8">' in corps and "<title>Relance – R-1</title>" in corps


def test_une_autre_meta_laisse_la_tete_entiere() -> None:
    autre = TETE.replace("</head>", '<meta name="keywords" content="a, b">\n</head>')
    assert separer(autre) == (autre, [])
    ordre = TETE.replace('<meta name="generator" content="escalade">',
                         '<meta content="escalade" name="generator">')  # fmt: skip
    assert separer(ordre) == (ordre, [])
    assert separer("<p>sans tête</p>") == ("<p>sans tête</p>", [])


def test_memes_metadonnees_que_lues_par_weasyprint() -> None:
    lue = HTML(string=TETE).render().metadata
    corps, valeurs = separer(TETE)
    donnee = HTML(string=corps).render().metadata
    assert donnee.authors == [] and donnee.created is None  # taken out indeed
    appliquer(donnee, valeurs)
    for champ in ("title", "authors", "description", "generator", "created", "modified", "lang"):
        assert getattr(donnee, champ) == getattr(lue, champ), champ
    assert donnee.authors == ["Atelier d'Art & Fils"] and donnee.modified == "2026-07-01"


def test_la_lettre_garde_ses_metadonnees(tmp_path: Path) -> None:
    dossier = charger_fichier(RACINE / "examples" / "01_b2b_paiements_partiels.yaml")[0]
    contexte = construire("relance_1", dossier, date(2026, 6, 30), jurisprudence())
    assert len(separer(rendre_html(contexte))[1]) == 5
    chemin = tmp_path / "lettre.pdf"
    chemin.write_bytes(rendre_pdf(contexte).contenu)
    with pikepdf.open(chemin) as pdf:
        info = pdf.docinfo
        assert str(info["/Author"]) == dossier.creancier.nom
        assert str(info["/Subject"]) == f"Relance amiable, dossier {dossier.reference}"
        assert str(info["/Creator"]) == "escalade"
        assert str(info["/CreationDate"]).startswith("D:20260630")
        assert str(info["/ModDate"]).startswith("D:20260630")
        xmp = bytes(pdf.Root.Metadata.read_bytes())
    assert b"2026-06-30" in xmp and dossier.creancier.nom.encode() in xmp
