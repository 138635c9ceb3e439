"""The DOCX as a user opens them: converted to PDF by LibreOffice (headless, as the user's
word processor would lay them out) and read back with pdftotext (issue 17, items 4 to 7).

LibreOffice (`libreoffice-writer-nogui`) and poppler-utils are in the Makefile's system
packages: these tests need them and do not skip.

Example D-2026-006 on 30 June 2026 (requête en injonction de payer): FA-2026-0019,
4 100,00 € due 19 February 2026, penalties at the legal floor 3 × 2,62 % = 7,86 % from
20 February to 30 June 2026 = 9 + 31 + 30 + 31 + 30 = 131 days: 4 100 × 7,86 % × 131 / 365
= 115,66 €; with the 40 € indemnity, 4 255,66 €.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from escalade.cli import cli
from escalade.documents.contextes import construire
from escalade.documents.rendu import normaliser, rendre_docx
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
LE = date(2026, 6, 30)


def convertir(tmp_path: Path, *docx: Path) -> dict[str, str]:
    """Each DOCX laid out by LibreOffice into a PDF, read back by pdftotext (-layout)."""
    profil = tmp_path / "profil_libreoffice"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profil}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    textes = {}
    for d in docx:
        pdf = tmp_path / "pdf" / f"{d.stem}.pdf"
        textes[d.stem] = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    return textes


@pytest.fixture(scope="module")
def lus(jur: Jurisprudence, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    dossier = tmp_path_factory.mktemp("docx")
    res = CliRunner().invoke(
        cli,
        ["injonction", str(RACINE / "examples/06_strasbourg_taux_contractuel.yaml"),
         "--date", "2026-06-30", "--sortie", str(dossier), "--format", "docx"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    d01 = charger_fichier(RACINE / "examples/01_b2b_paiements_partiels.yaml")[0]
    # Twelve more reminders by email, 1 to 12 June 2026: a history long enough for a
    # second page.
    relances = [
        Contact(le=datetime(2026, 6, j, 10, 0, tzinfo=PARIS), canal="email", objet="relance_2")
        for j in range(1, 13)
    ]
    d01 = d01.model_copy(update={"contacts": [*d01.contacts, *relances]})
    med = dossier / "mise_en_demeure.docx"
    med.write_bytes(rendre_docx(construire("mise_en_demeure", d01, LE, jur)))
    return convertir(dossier, dossier / "D-2026-006_requete_injonction.docx", med)


def test_la_requete_docx_a_le_detail_par_facture(lus: dict[str, str]) -> None:
    t = lus["D-2026-006_requete_injonction"]
    lignes = t.splitlines()
    # One line per invoice: the number whole, each date and amount in its own column.
    rang = next(x for x in lignes if "FA-2026-0019" in x)
    assert re.split(r"\s{2,}", rang.strip()) == [
        "FA-2026-0019", "20/01/2026", "19/02/2026", "4 100,00 €", "0,00 €", "4 100,00 €",
        "115,66 €", "40,00 €", "4 255,66 €",
    ]  # fmt: skip
    # The penalty periods, as in the PDF requête.
    assert "du 20/02/2026 au 30/06/2026 (131 jours) sur 4 100,00 € au taux de" in normaliser(t)
    assert "dIndemnit" not in t.replace(" ", "")


def test_les_montants_du_docx_sont_alignes_a_droite(jur: Jurisprudence) -> None:
    d01 = charger_fichier(RACINE / "examples/01_b2b_paiements_partiels.yaml")[0]
    contenu = rendre_docx(construire("relance_1", d01, LE, jur))
    with zipfile.ZipFile(io.BytesIO(contenu)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    cellules = re.findall(r"<w:tc>.*?</w:tc>", xml, re.S)
    montant = next(c for c in cellules if "2\u202f072,25" in c)
    assert '<w:jc w:val="right"/>' in montant
    numero = next(c for c in cellules if ">FA-2025-0187<" in c)
    assert "<w:noWrap/>" in numero


def test_la_mise_en_demeure_docx_se_lit_comme_le_pdf(lus: dict[str, str]) -> None:
    t = normaliser(lus["mise_en_demeure"])
    assert "à l'ordre d'Atelier Durand SARL" in t
    assert "compta@atelier-durand.fr" in lus["mise_en_demeure"]
    pages = [p for p in lus["mise_en_demeure"].split("\f") if p.strip()]
    assert len(pages) == 2
    assert "page 1/2" not in pages[0]
    signee = next(p for p in pages if "Claire Durand, gérante" in p.split("Contact")[-1])
    assert "Nous vous prions d'agréer" in signee  # the closing with the signature
    assert "Atelier Durand SARL – Réf. D-2026-001-MED – page 2/2" in pages[1]


@pytest.mark.parametrize("document", ["requete_injonction", "demande_petites_creances"])
def test_les_modeles_docx_des_procedures_et_leur_contexte_s_accordent(
    jur: Jurisprudence, document: str
) -> None:
    """The shipped DOCX are the editable source: each names only variables its context
    has (docxtpl), as the letters' are checked in tests/test_documents.py."""
    from docxtpl import DocxTemplate

    from escalade.documents.catalogue import Contexte
    from escalade.documents.emplacement_modeles import dossier_modeles
    from escalade.documents.environnement import environnement
    from escalade.documents.rendu import contexte_docx
    from escalade.droit.decompte import calculer
    from escalade.procedures.injonction_de_payer import requete
    from escalade.procedures.petites_creances import demande

    d = charger_fichier(RACINE / "examples/06_strasbourg_taux_contractuel.yaml")[0]
    if document == "requete_injonction":
        donnees = requete(d, LE, jur, lambda c: False).donnees
    else:
        donnees = demande(d, LE, jur, lambda c: False).donnees
    c = Contexte(document, donnees, calculer(d, LE, jur))
    tpl = DocxTemplate(str(dossier_modeles() / f"{document}.docx"))
    assert tpl.get_undeclared_template_variables(environnement(), contexte_docx(c, tpl)) == set()
    assert normaliser(texte_docx_rendu(c)).count("FA-2026-0019") >= 1


def texte_docx_rendu(c: object) -> str:
    from escalade.documents.rendu import texte_docx

    return texte_docx(rendre_docx(c))  # type: ignore[arg-type]
