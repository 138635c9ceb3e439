"""Tables as aligned lines of text (escalade.documents.colonnes), and the letters using them.

Widths are in font units of DejaVu Serif (2048 to the em): a digit and the figure space
are 1303 wide, the narrow no-break space 409, the no-break space and the comma 651, "€"
1303 (bold: digits 1425, no-break space 713). At 8 pt one unit is 8/2048 pt.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from markupsafe import Markup

from escalade.documents.colonnes import POLICES, aligner, police
from escalade.documents.contextes import construire
from escalade.documents.emplacement_modeles import dossier_modeles
from escalade.documents.environnement import montant
from escalade.documents.rendu import normaliser, rendre_html, rendre_pdf
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
LE = date(2026, 6, 30)
PT = 2048 / 8  # font units per point at 8 pt
A = montant(Decimal("2400"))  # "2 400,00 €"
B = montant(Decimal("679.37"))  # "679,37 €"


def _positions(ligne: str, gras: bool) -> list[tuple[int, int]]:
    """(start, end) of each cell of a line, in font units: cells are the runs of text
    between spacing characters (the cells below hold no spacing of their own except the
    narrow and plain no-break spaces inside amounts)."""
    p = police(gras)
    positions, x, debut = [], 0, None
    for c in ligne:
        largeur = p.avances[ord(c)]
        if c in "\u2003\u2007\u2002\u2009\u200a" or (c == "\u00a0" and debut is None):
            if debut is not None:
                positions.append((debut, x))
                debut = None
        elif debut is None:
            debut = x
        x += largeur
    if debut is not None:
        positions.append((debut, x))
    return positions


def test_les_montants_s_alignent_a_droite_et_les_numeros_a_gauche() -> None:
    lignes = [["Facture", "Montant TTC"], ["FA-1", A], ["FA-2025-0231", B], ["Total dû", A]]
    rangs = aligner(lignes, "gd", gras=[0, -1])
    assert rangs is not None and len(rangs) == 4
    cellules = [_positions(r, i in (0, 3)) for i, r in enumerate(rangs)]
    # Left column: every cell starts at 0. Right column: every cell ends at the full
    # width, 169.6 mm = 480.76 pt = 123 075 units, to within half a hair space (102 units).
    assert [c[0][0] for c in cellules] == [0, 0, 0, 0]
    fin = 169.6 / 25.4 * 72 * PT
    for c in cellules:
        assert abs(c[-1][1] - fin) <= 102, (c, fin)
    # Two regular rows: their amounts end within half a hair space of each other.
    assert abs(cellules[1][1][1] - cellules[2][1][1]) <= 102


def test_le_texte_se_lit_dans_l_ordre_des_cellules() -> None:
    rangs = aligner([["Facture", "Total"], ["FA-1", A]], "gd", gras=[0])
    assert rangs is not None
    assert normaliser(rangs[1]) == "FA-1 2 400,00 €"


def test_trop_large_ou_glyphe_absent_rend_la_main_au_tableau_html() -> None:
    long = "F" * 200  # 200 × 1421 units ≈ 111 mm at 8 pt: with 8 columns it cannot fit
    assert aligner([["Facture"] + ["Montant"] * 7, [long] + [A] * 7], "g" + "d" * 7) is None
    assert aligner([["Facture", "Total"], ["請求書-1", A]], "gd") is None  # not in DejaVu
    with pytest.raises(ValueError):
        aligner([["a", "b"], ["c"]], "gd")


def test_le_balisage_echappe_par_jinja_est_mesure_en_clair() -> None:
    rangs = aligner([[Markup("&lt;b&gt;X"), "1"], ["Y", "2"]], "gd")
    assert rangs is not None and rangs[0].startswith("<b>X")


def test_les_polices_mesurees_sont_celles_de_la_feuille_de_style() -> None:
    css = (dossier_modeles() / "lettre.css").read_text(encoding="utf-8")
    normale = re.search(r'font-family: "Escalade Serif"; src: url\(polices/([^)]+)\)', css)
    grasse = re.search(r"font-weight: bold; src: url\(polices/([^)]+)\)", css)
    assert normale and grasse
    assert (normale.group(1), grasse.group(1)) == (POLICES[False], POLICES[True])


def _exemple(nom: str):  # type: ignore[no-untyped-def]
    chemin = next((RACINE / "examples").glob(f"{nom}*.yaml"))
    return charger_fichier(chemin)[0]


def test_la_relance_lit_chaque_ligne_de_facture_dans_l_ordre(jur: Jurisprudence) -> None:
    # D-2026-001 on 30 June 2026 (test_documents.py): FA-2025-0187, 2 400,00 € invoiced,
    # 679,37 € left, 29,40 € penalties, 40,00 € indemnity, 748,77 € in all.
    c = construire("relance_1", _exemple("01"), LE, jur)
    assert '<div class="tableau">' in rendre_html(c)
    lecteur = pypdf.PdfReader(io.BytesIO(rendre_pdf(c).contenu))
    texte = normaliser(lecteur.pages[0].extract_text())
    assert (
        "FA-2025-0187 15/09/2025 15/10/2025 2 400,00 € 679,37 € 29,40 € 40,00 € 748,77 €" in texte
    )
    assert "Total dû 1 879,37 € 112,88 € 80,00 € 2 072,25 €" in texte


def test_un_numero_trop_long_garde_le_tableau_html(jur: Jurisprudence) -> None:
    d = _exemple("01")
    numero = "FACTURE-" + "X" * 60
    factures = [d.factures[0].model_copy(update={"numero": numero}), *d.factures[1:]]
    paiements = [
        p.model_copy(update={"facture": numero}) if p.facture == d.factures[0].numero else p
        for p in d.paiements
    ]
    d = d.model_copy(update={"factures": factures, "paiements": paiements})
    c = construire("relance_1", d, LE, jur)
    html = rendre_html(c)
    assert "<table>" in html and '<div class="tableau">' not in html
    texte = normaliser(pypdf.PdfReader(io.BytesIO(rendre_pdf(c).contenu)).pages[0].extract_text())
    assert numero in texte.replace(" ", "")
