"""Letters never demand a time-barred invoice; the wording follows the number of invoices.

D-2026-P01 at 30 June 2026, between professionals (5 years, C. com. L110-4, from the due
date, C. civ. 2224; barred the day after the last day of the term, C. civ. 2229):
- FA-2021-0010, 800,00 € due 31 March 2021, no payment nor acknowledgement: the term ends on
  31 March 2026, the action is barred from 1 April 2026. Never demanded.
- FA-2026-0100, 2 000,00 € due 15 May 2026: penalties from 16 May to 30 June 2026 =
  16 + 30 = 46 days at the ECB rate of 1 January 2026 (2,15 %) + 10 points = 12,15 %
  (C. com. L441-10 II), 365-day basis: 2 000 × 12,15 % × 46 / 365 = 11 178 / 365 =
  30,6246... → 30,62 €; 40 € indemnity (D441-5); total 2 000,00 + 30,62 + 40,00 =
  2 070,62 € (deux mille soixante-dix euros et soixante-deux centimes). The only sum
  demanded, and one invoice: the letter says "la facture ci-dessous", in the singular.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import docx
import pypdf
import pytest
from conftest import EXEMPLES, dossier

from escalade.documents.contextes import construire
from escalade.documents.rendu import normaliser, rendre_docx, rendre_pdf
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import ContactRefuse
from escalade.droit.modele import Dossier

LE = date(2026, 6, 30)
ANCIENNE = {
    "numero": "FA-2021-0010",
    "date_emission": "2021-03-01",
    "date_echeance": "2021-03-31",
    "montant_ttc": "800.00",
}
RECENTE = {
    "numero": "FA-2026-0100",
    "date_emission": "2026-04-15",
    "date_echeance": "2026-05-15",
    "montant_ttc": "2000.00",
}
PARAGRAPHE = "Facture prescrite, non réclamée : FA-2021-0010 (prescription acquise le 01/04/2026)."


def avec_prescrite() -> Dossier:
    return dossier(reference="D-2026-P01", factures=[ANCIENNE, RECENTE])


def texte_pdf(contenu: bytes) -> str:
    lecteur = pypdf.PdfReader(io.BytesIO(contenu))
    return normaliser("\n".join(p.extract_text() for p in lecteur.pages).replace("-\n", "-"))


def texte_docx(contenu: bytes) -> str:
    document = docx.Document(io.BytesIO(contenu))
    morceaux = [p.text for p in document.paragraphs]
    for table in document.tables:
        for rang in table.rows:
            morceaux += [cellule.text for cellule in rang.cells]
    return normaliser(" ".join(morceaux))


def textes(modele: str, d: Dossier, jur: Jurisprudence) -> tuple[str, str]:
    c = construire(modele, d, LE, jur)
    return texte_pdf(rendre_pdf(c).contenu), texte_docx(rendre_docx(c))


@pytest.fixture(scope="module")
def relance(jur: Jurisprudence) -> tuple[str, str]:
    return textes("relance_1", avec_prescrite(), jur)


def test_le_contexte_ne_reclame_que_la_facture_non_prescrite(jur: Jurisprudence) -> None:
    c = construire("relance_1", avec_prescrite(), LE, jur).donnees
    assert [f["numero"] for f in c["factures"]] == ["FA-2026-0100"]
    assert c["totaux"]["total"] == Decimal("2070.62")
    assert c["totaux"]["accessoires"] == Decimal("30.62")
    assert c["indemnite"]["nombre"] == 1  # 40 € for the claimed invoice only
    assert [(f["numero"], f["prescription"]["acquise_le"]) for f in c["prescrites"]] == [
        ("FA-2021-0010", date(2026, 4, 1))
    ]
    assert c["qr"].splitlines()[7:] == ["EUR2070.62", "", "", "D-2026-P01 FA-2026-0100"]


def test_la_relance_lue_dans_le_pdf_ne_demande_que_la_facture_recente(relance) -> None:  # type: ignore[no-untyped-def]
    pdf, docx_ = relance
    for texte in (pdf, docx_):
        assert "procéder au règlement de la somme de 2 070,62 € dès réception" in texte
        assert "Règlement de 2 070,62 €" in texte
        assert "Total dû 2 000,00 € 30,62 € 40,00 € 2 070,62 €" in texte
        assert PARAGRAPHE in texte
        # The time-barred invoice: only in its paragraph, never in the table or the sums.
        assert texte.count("FA-2021-0010") == 1
        assert "800,00" not in texte and "2 800,00" not in texte


def test_une_seule_facture_reclamee_la_relance_parle_au_singulier(relance) -> None:  # type: ignore[no-untyped-def]
    for texte in relance:
        assert "Relance : facture impayée (dossier D-2026-P01)" in texte
        assert (
            "nous n'avons pas reçu à ce jour le règlement de la facture ci-dessous, arrivée "
            "à échéance :"
        ) in texte
        assert "Pour toute question sur cette facture," in texte
        assert "des factures ci-dessous" not in texte and "ces factures" not in texte


@pytest.mark.parametrize(
    ("modele", "singulier"),
    [
        ("relance_1@B", "la facture ci-dessous, arrivée à échéance, reste à régler"),
        ("relance_2", "la facture suivante, arrivée à échéance, reste impayée à ce jour"),
        ("derniere_relance", "La facture suivante demeure impayée :"),
        ("mise_en_demeure", "La facture ci-dessous, arrivée à échéance, reste impayée à ce jour"),
    ],
)
def test_chaque_rappel_au_singulier(jur: Jurisprudence, modele: str, singulier: str) -> None:
    for texte in textes(modele, avec_prescrite(), jur):
        assert singulier in texte
        assert PARAGRAPHE in texte
        assert "2 070,62 €" in texte


def test_deux_factures_reclamees_la_relance_parle_au_pluriel(jur: Jurisprudence) -> None:
    from escalade.entrees.chargement import charger_fichier

    d = charger_fichier(EXEMPLES / "01_b2b_paiements_partiels.yaml")[0]
    for texte in textes("relance_1", d, jur):
        assert "Relance : factures impayées" in texte
        assert "le règlement des factures ci-dessous, arrivées à échéance :" in texte
        assert "Pour toute question sur ces factures," in texte
        assert "prescrite" not in texte


def test_le_decompte_nomme_la_facture_prescrite_sans_la_reclamer(jur: Jurisprudence) -> None:
    c = construire("decompte", avec_prescrite(), LE, jur)
    assert c.donnees["creance"]["total"] == Decimal("2070.62")
    # Only the claimable invoice's penalty period is detailed.
    assert [p["facture"] for p in c.donnees["periodes"]] == ["FA-2026-0100"]
    for texte in (texte_pdf(rendre_pdf(c).contenu), texte_docx(rendre_docx(c))):
        assert "Montant réclamé 2 000,00 € 30,62 € 40,00 € 2 070,62 €" in texte
        assert (
            "Montant réclamé au 30 juin 2026 : 2 070,62 € (deux mille soixante-dix euros et "
            "soixante-deux centimes)."
        ) in texte
        assert PARAGRAPHE in texte


def test_la_date_de_la_lettre_decide_de_la_prescription(jur: Jurisprudence) -> None:
    """On 31 March 2026, the last day of the term, the old invoice is still claimed."""
    c = construire("relance_1", avec_prescrite(), date(2026, 3, 31), jur).donnees
    assert [f["numero"] for f in c["factures"]] == ["FA-2021-0010", "FA-2026-0100"]
    assert c["prescrites"] == []


def test_rien_que_des_factures_prescrites_la_relance_est_refusee(jur: Jurisprudence) -> None:
    d = dossier(reference="D-2026-P02", factures=[ANCIENNE])
    with pytest.raises(ContactRefuse) as e:
        construire("relance_1", d, LE, jur)
    assert (
        "rien à réclamer, toutes les factures impayées du dossier sont prescrites : "
        "FA-2021-0010 (prescription acquise le 01/04/2026)"
    ) in e.value.message
    assert e.value.articles == ("C. com. art. L110-4", "C. civ. art. 2224", "C. civ. art. 2229")
