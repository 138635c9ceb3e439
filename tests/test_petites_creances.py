"""Petites créances (CPCE L125-1): eligibility, request read back, window, outcome."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import dossier
from pypdf import PdfReader

from escalade.cli import cli
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.procedures.petites_creances import eligibilite, etat

MED = {"envoyee_le": "2026-03-02", "recue_le": "2026-03-04", "delai_jours": 8}
LE = date(2026, 3, 20)


def test_eligible_sous_le_plafond(jur: Jurisprudence) -> None:
    e = eligibilite(dossier(mise_en_demeure=MED), LE, jur)
    # 1000 € + 47 days at 12,15 % = 15,65 € → 1 015,65 € ≤ 5 000 € (R125-1, 2026).
    assert e.eligible
    assert e.montant_r125_1 == Decimal("1015.65")
    assert e.plafond == Decimal("5000.00")
    assert "CPCE art. L125-1" in e.references and "CPCE art. R125-1" in e.references


def test_au_dessus_du_plafond_non_eligible(jur: Jurisprudence) -> None:
    f = [{"numero": "F1", "date_emission": "2026-01-02", "date_echeance": "2026-02-01",
          "montant_ttc": "5000.00"}]  # fmt: skip
    e = eligibilite(dossier(mise_en_demeure=MED, factures=f), LE, jur)
    assert not e.eligible
    assert e.motifs[0].code == "hors_petites_creances"


def test_litige_non_eligible(jur: Jurisprudence) -> None:
    lit = [{"facture": "F1", "ouvert_le": "2026-02-10", "motif": "x"}]
    assert not eligibilite(dossier(mise_en_demeure=MED, litiges=lit), LE, jur).eligible


def test_fenetre_d_un_mois_et_issue(jur: Jurisprudence) -> None:
    # Invitation sent 16 March 2026: the procedure runs until 16 April 2026 (L125-1).
    pc = {"demande_le": "2026-03-14", "invitation_envoyee_le": "2026-03-16"}
    d = dossier(mise_en_demeure=MED, petites_creances=pc)
    e = etat(d, date(2026, 4, 1), jur)
    assert (e.etat, e.fin_procedure) == ("invitation_envoyee", date(2026, 4, 16))
    assert etat(d, date(2026, 4, 17), jur).etat == "silence"
    refus = etat(dossier(petites_creances={**pc, "refus_le": "2026-03-30"}), date(2026, 4, 1), jur)
    assert refus.etat == "refus"
    assert "30/09/2026" in refus.message  # C. civ. 2238 al. 2: at least six months
    assert "C. civ. art. 2238" in refus.references and "CPC art. 750-1" in refus.references
    accord = {**pc, "accord_le": "2026-03-25", "montant_accord": "1015.65",
              "echeances": [{"date": "2026-04-30", "montant": "500.00"},
                            {"date": "2026-05-31", "montant": "515.65"}]}  # fmt: skip
    a = etat(dossier(petites_creances=accord), date(2026, 4, 1), jur)
    assert a.etat == "accord"
    assert "1015,65 €" in a.message and "2 échéances" in a.message
    assert "C. civ. art. 2238" in a.references


def test_demande_pdf_relue(tmp_path: Path) -> None:
    donnees = dossier(mise_en_demeure=MED).model_dump(mode="json", exclude_none=True)
    fichier = tmp_path / "d.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    res = CliRunner().invoke(cli, ["petites-creances", str(fichier), "--date", "2026-03-20",
                                   "--sortie", str(tmp_path / "s"), "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    pdf = PdfReader(tmp_path / "s" / "T-001_demande_petites_creances.pdf")
    t = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages)
               .replace("\u202f", " ").replace("\u00a0", " "))  # fmt: skip
    for attendu in (
        "Boulangerie Martin SAS",
        "principal 1 000,00 €",
        "15,65 €",
        "1 015,65 €",
        "5 000,00 €",
        "à la charge exclusive du créancier",
        "d'un mois",
        "C. civ. art. 2238",
        "Pièce n° 1",
        "MANQUANTE",
    ):
        assert attendu in t, attendu
    complet = PdfReader(tmp_path / "s" / "T-001_dossier_petites_creances.pdf")
    # Three pieces, all missing (invoice copy, mise en demeure, acknowledgment), each with
    # its bookmark, plus one for the request.
    assert len(complet.outline) == 1 + 3


def test_refus_au_dessus_du_plafond_code_3(tmp_path: Path) -> None:
    from escalade.cli import main

    donnees = dossier(mise_en_demeure=MED).model_dump(mode="json", exclude_none=True)
    donnees["factures"][0]["montant_ttc"] = "6000.00"
    fichier = tmp_path / "d.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    try:
        main(["petites-creances", str(fichier), "--date", "2026-03-20",
              "--sortie", str(tmp_path / "s")])  # fmt: skip
    except SystemExit as fin:
        assert fin.code == 3
    else:
        raise AssertionError("refus attendu")
    assert not (tmp_path / "s").exists()


def test_demande_porte_le_rcs_et_le_capital_du_creancier(tmp_path: Path) -> None:
    """C. com. R123-237 and R123-238, in the PDF and the DOCX request to the commissaire."""
    from escalade.documents.rendu import texte_docx

    d = dossier(mise_en_demeure=MED)
    creancier = d.creancier.model_copy(
        update={"rcs": "Paris", "capital_social": Decimal("7500.50")}
    )
    donnees = d.model_copy(update={"creancier": creancier}).model_dump(
        mode="json", exclude_none=True
    )
    fichier = tmp_path / "d.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    for format_ in ("pdf", "docx"):
        res = CliRunner().invoke(cli, ["petites-creances", str(fichier), "--date", "2026-03-20",
                                       "--sortie", str(tmp_path / format_),
                                       "--format", format_])  # fmt: skip
        assert res.exit_code == 0, res.output
    pdf = PdfReader(tmp_path / "pdf" / "T-001_demande_petites_creances.pdf")
    t = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages)
               .replace("\u202f", " ").replace("\u00a0", " "))  # fmt: skip
    assert "SIREN 732829320 RCS Paris" in t
    assert "Capital social : 7 500,50 €" in t
    x = texte_docx((tmp_path / "docx" / "T-001_demande_petites_creances.docx").read_bytes())
    x = re.sub(r"\s+", " ", x.replace("\u202f", " ").replace("\u00a0", " "))
    assert "SIREN 732829320 RCS Paris – capital social : 7 500,50 €" in x
