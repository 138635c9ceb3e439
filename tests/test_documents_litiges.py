"""Letters never demand an invoice in dispute (SPEC section 5); example 04, read back.

D-2026-004 at 30 June 2026: two unpaid invoices, contractual rate 15 % (above the floor of
three times the legal rate, 3 × 2,62 % = 7,86 %, C. com. L441-10 II; 2,62 % = "autres cas",
2026 S1), 365-day basis, 40 € indemnity per late invoice (D441-5).
- FA-2026-0011, not disputed: 3 600,00 € due 9 February 2026; penalties from 10 February to
  30 June 2026 = 19 + 31 + 30 + 31 + 30 = 141 days (no half-year boundary inside):
  3 600 × 15 % × 141 / 365 = 76 140 / 365 = 208,6027... → 208,60 €;
  total 3 600,00 + 208,60 + 40,00 = 3 848,60 € (trois mille huit cent quarante-huit euros
  et soixante centimes). This is the only sum a letter may demand.
- FA-2026-0042, in dispute since 2 April 2026 ("livraison incomplète"): 1 200,00 € due
  31 March; 1 April to 30 June = 30 + 30 + 31 = 91 days: 1 200 × 15 % × 91 / 365 =
  16 380 / 365 = 44,877... → 44,88 €; 1 200,00 + 44,88 + 40,00 = 1 284,88 €.
- The whole debt, both invoices: 3 848,60 + 1 284,88 = 5 133,48 €, never demanded.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pypdf
import pytest
from stockage_commun import lancer

from escalade.documents.catalogue import RAPPELS
from escalade.documents.contextes import construire
from escalade.documents.qr import png
from escalade.documents.rendu import normaliser, rendre_docx, rendre_pdf
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import ContactRefuse
from escalade.droit.modele import Dossier, Litige, Paiement
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = RACINE / "examples" / "04_litige.yaml"
LE = date(2026, 6, 30)

RECLAME = "3 848,60 €"
RECLAME_LETTRES = "trois mille huit cent quarante-huit euros et soixante centimes"
EN_LITIGE = "1 284,88 €"
CREANCE_TOTALE = "5 133,48"
PARAGRAPHE = (
    "Facture en litige, non réclamée dans ce courrier : FA-2026-0042 du 01/03/2026 "
    "(litige ouvert le 02/04/2026, motif : « livraison incomplète »)."
)
QR = "\n".join(
    [
        "BCD", "002", "1", "SCT", "", "Atelier Durand SARL", "FR7630006000011234567890189",
        "EUR3848.60", "", "", "D-2026-004 FA-2026-0011",
    ]
)  # fmt: skip


def texte_pdf(contenu: bytes) -> str:
    lecteur = pypdf.PdfReader(io.BytesIO(contenu))
    brut = "\n".join(page.extract_text() for page in lecteur.pages)
    return normaliser(brut.replace("-\n", "-"))


def exemple() -> Dossier:
    return charger_fichier(EXEMPLE)[0]


def texte_docx_lu(contenu: bytes) -> str:
    """The DOCX read back with python-docx: body paragraphs, then every table cell."""
    document = docx.Document(io.BytesIO(contenu))
    morceaux = [p.text for p in document.paragraphs]
    for table in document.tables:
        for rang in table.rows:
            morceaux += [cellule.text for cellule in rang.cells]
    return normaliser(" ".join(morceaux))


def images_docx(contenu: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(contenu)) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("word/media/")]


@pytest.fixture(scope="module")
def lettres(jur: Jurisprudence) -> dict[str, tuple[str, str, bytes]]:
    """relance_1 and mise_en_demeure of example 04: PDF text, DOCX text, DOCX bytes."""
    resultats = {}
    for modele in ("relance_1", "mise_en_demeure"):
        c = construire(modele, exemple(), LE, jur)
        docx_ = rendre_docx(c)
        resultats[modele] = (texte_pdf(rendre_pdf(c).contenu), texte_docx_lu(docx_), docx_)
    return resultats


@pytest.mark.parametrize("modele", ["relance_1", "mise_en_demeure"])
def test_la_lettre_ne_reclame_que_la_facture_non_contestee(lettres, modele) -> None:  # type: ignore[no-untyped-def]
    pdf, docx_, _ = lettres[modele]
    for texte in (pdf, docx_):
        assert f"Règlement de {RECLAME}" in texte  # the payment block
        assert f"Total dû 3 600,00 € 208,60 € 40,00 € {RECLAME}" in texte  # the table's total
        assert "FA-2026-0011" in texte
        # The disputed invoice: only in its own paragraph, never in the table or the sums.
        assert PARAGRAPHE in texte
        assert texte.count("FA-2026-0042") == 1
        assert CREANCE_TOTALE not in texte
        assert EN_LITIGE not in texte and "44,88 €" not in texte and "4 800,00" not in texte
        assert "(contestée)" not in texte


def test_relance_1_somme_demandee(lettres) -> None:  # type: ignore[no-untyped-def]
    # FA-2026-0011 is due since 9 February 2026: 141 days on 30 June, past the default
    # 90 days of the policy's `ton_relances`: the wording is no longer « simple oubli ».
    for texte in lettres["relance_1"][:2]:
        assert f"procéder sans délai au règlement de la somme de {RECLAME}." in texte
        assert "échue depuis le 9 février 2026, soit 141 jours" in texte


def test_mise_en_demeure_somme_en_chiffres_et_en_lettres(lettres) -> None:  # type: ignore[no-untyped-def]
    for texte in lettres["mise_en_demeure"][:2]:
        assert (
            f"de nous régler la somme de {RECLAME} ({RECLAME_LETTRES}), dont 3 600,00 € "
            "(trois mille six cents euros) en principal, 208,60 € (deux cent huit euros et "
            "soixante centimes) de pénalités et 40,00 € (quarante euros) d'indemnités "
            "forfaitaires, arrêtée au 30 juin 2026."
        ) in texte
        # FA-2026-0011 alone: 3 600,00 + 208,60 = 3 808,60 € in principal and penalties,
        # under the R125-1 CPCE cap, as routes.choisir finds once the dispute is set aside.
        assert "procédure simplifiée de recouvrement des petites créances" in texte


@pytest.mark.parametrize("modele", ["relance_1", "mise_en_demeure"])
def test_le_code_qr_porte_le_montant_reclame(jur: Jurisprudence, lettres, modele) -> None:  # type: ignore[no-untyped-def]
    c = construire(modele, exemple(), LE, jur)
    assert c.donnees["qr"] == QR
    assert png(QR) in images_docx(lettres[modele][2])  # the very code the DOCX shows


def test_le_decompte_separe_la_part_en_litige(jur: Jurisprudence) -> None:
    c = construire("decompte", exemple(), LE, jur)
    textes = (texte_pdf(rendre_pdf(c).contenu), texte_docx_lu(rendre_docx(c)))
    for texte in textes:
        assert f"Montant réclamé 3 600,00 € 208,60 € 40,00 € {RECLAME}" in texte
        assert f"Total en litige 1 200,00 € 44,88 € 40,00 € {EN_LITIGE}" in texte
        assert f"Montant réclamé au 30 juin 2026 : {RECLAME} ({RECLAME_LETTRES})." in texte
        assert (
            f"Créance totale, litiges compris : {CREANCE_TOTALE} €, dont {EN_LITIGE} en litige, "
            "non réclamés."
        ) in texte
        # Both invoices' penalty periods stay in the detail.
        assert "FA-2026-0011 10/02/2026 30/06/2026 141 3 600,00 € 15,00 % 208,60 €" in texte
        assert "FA-2026-0042 01/04/2026 30/06/2026 91 1 200,00 € 15,00 % 44,88 €" in texte


def test_la_fiche_d_appel_traite_le_litige_en_objection(jur: Jurisprudence) -> None:
    c = construire("fiche_appel", exemple(), LE, jur)
    objection = c.donnees["objections"][0]
    assert (
        objection["objection"]
        == "« La facture FA-2026-0042 est contestée (livraison incomplète). »"
    )
    assert objection["reponse"].startswith("Ne pas la réclamer : litige ouvert le 02/04/2026.")
    for texte in (texte_pdf(rendre_pdf(c).contenu), texte_docx_lu(rendre_docx(c))):
        assert f"Total dû 3 600,00 € 208,60 € 40,00 € {RECLAME}" in texte
        assert "Factures en litige, à ne pas réclamer" in texte
        assert f"Facture FA-2026-0042 ({EN_LITIGE}) : livraison incomplète" in texte
        assert CREANCE_TOTALE not in texte


# --- the dispute is judged on the letter's date ------------------------------------------


def _avec_litige(clos_le: date | None = None, ouvert_le: date = date(2026, 4, 2)) -> Dossier:
    d = exemple()
    lit = Litige(facture="FA-2026-0042", ouvert_le=ouvert_le, motif="livraison incomplète",
                 clos_le=clos_le)  # fmt: skip
    return d.model_copy(update={"litiges": [lit]})


@pytest.mark.parametrize(
    "dossier",
    [
        pytest.param(_avec_litige(clos_le=date(2026, 6, 1)), id="litige_clos"),
        pytest.param(_avec_litige(ouvert_le=date(2026, 7, 1)), id="litige_posterieur"),
    ],
)
def test_sans_litige_ouvert_a_la_date_tout_est_reclame(jur: Jurisprudence, dossier) -> None:  # type: ignore[no-untyped-def]
    c = construire("relance_1", dossier, LE, jur)
    assert c.donnees["litiges"] == []
    assert [f["numero"] for f in c.donnees["factures"]] == ["FA-2026-0011", "FA-2026-0042"]
    assert c.donnees["totaux"]["total"] == Decimal("5133.48")
    texte = texte_pdf(rendre_pdf(c).contenu)
    assert f"la somme de {CREANCE_TOTALE} €" in texte
    assert "en litige" not in texte


# --- nothing left to claim but disputed invoices: refused ----------------------------------


def _tout_en_litige() -> Dossier:
    """FA-2026-0011 paid in full before its due date (no penalty, no indemnity)."""
    d = exemple()
    paye = Paiement(date=date(2026, 2, 5), montant="3600.00", facture="FA-2026-0011")
    return d.model_copy(update={"paiements": [paye]})


@pytest.mark.parametrize("modele", sorted(RAPPELS))
def test_une_relance_pour_les_seules_factures_en_litige_est_refusee(
    jur: Jurisprudence, modele
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContactRefuse) as e:
        construire(modele, _tout_en_litige(), LE, jur)
    assert e.value.code_sortie == 3
    assert (
        "rien à réclamer, toutes les factures impayées du dossier sont en litige : "
        "FA-2026-0042 (litige ouvert le 02/04/2026, « livraison incomplète »)" in e.value.message
    )
    assert e.value.articles == ("C. civ. art. 1353", "CPC art. 1405")


def test_la_commande_lettre_refuse_et_n_ecrit_rien(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fichier = tmp_path / "tout_en_litige.yaml"
    source = EXEMPLE.read_text(encoding="utf-8").replace(
        "litiges:\n",
        'paiements:\n  - {date: 2026-02-05, montant: "3600.00", facture: FA-2026-0011}\nlitiges:\n',
    )
    fichier.write_text(source, encoding="utf-8")
    sortie = tmp_path / "lettres"
    for modele in ("relance_1", "mise_en_demeure"):
        code, _, err = lancer(capsys, "lettre", str(fichier), "--modele", modele,
                                "--sortie", str(sortie), "--date", "2026-06-30")  # fmt: skip
        assert code == 3, err
        # The gate, asked first by `lettre`: the disputed invoice is the only one unpaid.
        assert "[facture_en_litige] Facture FA-2026-0042 contestée depuis le 02/04/2026" in err
        assert not sortie.exists() or not any(sortie.iterdir())
    # The décompte (and the internal call sheet) still describe the debt.
    code, _, err = lancer(capsys, "lettre", str(fichier), "--modele", "decompte",
                            "--sortie", str(sortie), "--date", "2026-06-30")  # fmt: skip
    assert code == 0, err


def test_le_decompte_tout_en_litige_reclame_zero(jur: Jurisprudence) -> None:
    c = construire("decompte", _tout_en_litige(), LE, jur)
    texte = texte_pdf(rendre_pdf(c).contenu)
    assert "Montant réclamé au 30 juin 2026 : 0,00 € (zéro euro)." in texte
    assert f"dont {EN_LITIGE} en litige, non réclamés." in texte
