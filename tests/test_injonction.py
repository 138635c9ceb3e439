"""The injonction de payer: requête content, produced files read back, after-filing deadlines."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import dossier
from pypdf import PdfReader

from escalade.cli import cli
from escalade.documents.pieces import page_de_texte
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.procedures.injonction_de_payer import requete
from escalade.procedures.suivi_injonction import suivi

LE = date(2026, 3, 20)
MED = {"envoyee_le": "2026-03-02", "recue_le": "2026-03-04", "delai_jours": 8,
       "document": "pieces/med.pdf", "accuse_reception": "pieces/ar.pdf"}  # fmt: skip
DEBITEUR = {
    "nom": "Boulangerie Martin",
    "forme_juridique": "SAS",
    "representant": "Paul Martin, président",
    "type": "professionnel",
    "siren": "552100554",
    "adresse": {"lignes": ["4 avenue Foch"], "code_postal": "33000", "ville": "Bordeaux"},
}
CREANCIER = {**dossier().creancier.model_dump(mode="json", exclude_none=True),
             "forme_juridique": "SARL", "representant": "Claire Durand, gérante"}  # fmt: skip


def ecrire_pdf(chemin: Path, titre: str, pages: int) -> None:
    """A real multi-page evidence PDF whose pages say what they are."""
    from pypdf import PdfWriter

    w = PdfWriter()
    for i in range(1, pages + 1):
        w.add_page(page_de_texte([f"{titre} page {i}/{pages}"], 595.28, 841.89))
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with chemin.open("wb") as f:
        w.write(f)


def _facture(numero: str, montant: str, pieces: list[str]) -> dict[str, Any]:
    return {"numero": numero, "date_emission": "2026-01-02", "date_echeance": "2026-02-01",
            "montant_ttc": montant, "pieces": pieces}  # fmt: skip


def _dossier_fichier(tmp_path: Path, **modifs: Any) -> Path:
    donnees: dict[str, Any] = {
        **dossier().model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "creancier": CREANCIER,
        "debiteur": DEBITEUR,
        "mise_en_demeure": MED,
        "factures": [
            _facture("F1", "4000.00", ["pieces/F1.pdf", "pieces/bon_de_commande_F1.pdf"]),
            _facture("F2", "2000.00", ["pieces/F2.pdf", "pieces/BL-F2.pdf"]),
        ],
    }
    donnees.update(modifs)
    chemin = tmp_path / "dossier.yaml"
    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    return chemin


def _pieces(tmp_path: Path) -> None:
    # BL-F2.pdf is deliberately absent: it must be listed as missing.
    ecrire_pdf(tmp_path / "pieces/F1.pdf", "Facture F1", 2)
    ecrire_pdf(tmp_path / "pieces/bon_de_commande_F1.pdf", "Commande F1", 1)
    ecrire_pdf(tmp_path / "pieces/F2.pdf", "Facture F2", 3)
    ecrire_pdf(tmp_path / "pieces/med.pdf", "Mise en demeure", 2)
    ecrire_pdf(tmp_path / "pieces/ar.pdf", "Avis de reception", 1)


def texte(pdf: PdfReader, pages: range | None = None) -> str:
    indices = pages if pages is not None else range(len(pdf.pages))
    brut = " ".join(pdf.pages[i].extract_text() for i in indices)
    return re.sub(r"\s+", " ", brut.replace("\u202f", " ").replace("\u00a0", " "))


# --- the pure content ---------------------------------------------------------------


def test_decomposition_egale_au_decompte(jur: Jurisprudence) -> None:
    d = dossier(creancier=CREANCIER, debiteur=DEBITEUR, mise_en_demeure=MED,
                factures=[_facture("F1", "4000.00", []),
                          _facture("F2", "2000.00", [])])  # fmt: skip
    r = requete(d, LE, jur, lambda c: False)
    # 47 days at 12,15 %: F1 4000 × 0,1215 × 47/365 = 62,5808 → 62,58 ;
    # F2 2000 × 0,1215 × 47/365 = 31,2904 → 31,29 ; indemnities 2 × 40.
    m = r.donnees["montant"]
    assert m["principal"] == Decimal("6000.00")
    assert m["accessoires"] == Decimal("93.87")
    assert m["indemnites"] == Decimal("80.00")
    assert m["total"] == Decimal("6173.87") == r.decompte.total
    assert [f["accessoires"] for f in r.donnees["factures"]] == [Decimal("62.58"), Decimal("31.29")]
    assert sum(f["total"] for f in r.donnees["factures"]) == m["total"]
    p = r.donnees["factures"][0]["periodes"][0]
    assert (p["debut"], p["fin"], p["jours"], p["taux"]) == (
        date(2026, 2, 2),
        date(2026, 3, 20),
        47,
        Decimal("12.15"),
    )
    assert r.donnees["cerfa"] == "12946*02"
    assert r.donnees["juridiction"]["juge"] == "président du tribunal de commerce"
    assert r.donnees["a_completer"] == []
    # No invoice copy in the dossier: listed as missing, numbered, never skipped.
    assert [(p.numero, p.libelle, p.presente) for p in r.pieces] == [
        (1, "Facture n° F1 (copie de la facture)", False),
        (2, "Facture n° F2 (copie de la facture)", False),
        (3, "Mise en demeure du 02/03/2026 (lettre recommandée)", False),
        (4, "Avis de réception de la mise en demeure, signé le 04/03/2026", False),
    ]
    assert "CPC art. 1407" in r.donnees["references"]


def test_mentions_de_l_article_57_manquantes_signalees(jur: Jurisprudence) -> None:
    r = requete(dossier(mise_en_demeure=MED), LE, jur, lambda c: True)
    assert "demandeur : forme juridique" in r.donnees["a_completer"]
    assert "débiteur : organe qui le représente légalement" in r.donnees["a_completer"]


def test_consommateur_tribunal_judiciaire_sans_indemnite(jur: Jurisprudence) -> None:
    debiteur = {"nom": "Jean Dupont", "type": "consommateur",
                "adresse": {"lignes": ["3 rue des Lilas"], "code_postal": "44000",
                            "ville": "Nantes"}}  # fmt: skip
    d = dossier(debiteur=debiteur, mise_en_demeure=MED, factures=[_facture("F1", "6000.00", [])])
    r = requete(d, LE, jur, lambda c: True)
    assert r.donnees["cerfa"] == "12948*06"
    assert r.donnees["montant"]["indemnites"] == Decimal("0")
    # Legal interest from the day after reception (5 March) to 20 March = 16 days.
    assert r.donnees["montant"]["nature"] == "interets"
    assert r.donnees["a_completer"] == [
        "demandeur : forme juridique",
        "demandeur : organe qui le représente légalement",
    ]


# --- produced files read back -------------------------------------------------------


def test_requete_pdf_et_dossier_assemble(tmp_path: Path) -> None:
    _pieces(tmp_path)
    fichier = _dossier_fichier(tmp_path)
    sortie = tmp_path / "sortie"
    res = CliRunner().invoke(
        cli, ["injonction", str(fichier), "--date", "2026-03-20", "--sortie", str(sortie),
              "--juridiction-nom", "Tribunal de commerce de Bordeaux",
              "--juridiction-adresse", "Place de la Bourse", "--json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    requete_pdf = PdfReader(sortie / "T-001_requete_injonction.pdf")
    t = texte(requete_pdf)
    for attendu in (
        "Requête en injonction de payer",
        "Atelier Durand SARL",
        "Boulangerie Martin",
        "Paul Martin, président",
        "Claire Durand, gérante",
        "12946*02",
        "Tribunal de commerce de Bordeaux",
        "Bordereau des pièces",
        "6 173,87 €",
        "6 000,00 €",
        "93,87 €",
        "80,00 €",
        "62,58 €",
        "31,29 €",
        "12,15",
        "C. com. art. L441-10 II",
        "CPC art. 1406",
        "Bordeaux (33000)",
    ):
        assert attendu in t, attendu
    assert "six mille cent soixante-treize euros et quatre-vingt-sept centimes" in t
    assert requete_pdf.metadata is not None
    complet = PdfReader(sortie / "T-001_dossier_injonction.pdf")
    pages_requete = len(requete_pdf.pages)
    # Pieces: 1 F1 (2 p.), 2 commande (1), 3 F2 (3), 4 BL-F2 missing (1 notice page),
    # 5 mise en demeure (2), 6 AR (1) = 10 pages after the requête.
    assert len(complet.pages) == pages_requete + 10
    signets = complet.outline
    assert len(signets) == 1 + 6
    assert (
        signets[4].title
        == "Pièce n° 4 : Bon de livraison relatif à la facture n° F2 (BL-F2.pdf) (manquante)"
    )
    attendus = [1, 1, 2, 3, 3, 3, 4, 5, 5, 6]
    for decalage, numero in enumerate(attendus):
        page = texte(complet, range(pages_requete + decalage, pages_requete + decalage + 1))
        assert f"Pièce n° {numero}" in page, (decalage, page)
    assert "Facture F2 page 3/3" in texte(complet, range(pages_requete + 5, pages_requete + 6))
    assert "PIÈCE MANQUANTE" in texte(complet, range(pages_requete + 6, pages_requete + 7))
    assert "MANQUANTE" in t  # and the bordereau in the requête says so
    import json

    resultat = json.loads(res.output)
    assert resultat["manquantes"] == [4]
    assert resultat["total"] == "6173.87"
    assert resultat["cerfa"] == "12946*02"


def test_requete_docx(tmp_path: Path) -> None:
    from escalade.documents.rendu import texte_docx

    _pieces(tmp_path)
    fichier = _dossier_fichier(tmp_path)
    res = CliRunner().invoke(cli, ["injonction", str(fichier), "--date", "2026-03-20",
                                   "--sortie", str(tmp_path / "s"),
                                   "--format", "docx"])  # fmt: skip
    assert res.exit_code == 0, res.output
    t = texte_docx((tmp_path / "s" / "T-001_requete_injonction.docx").read_bytes())
    assert "6 173,87 €" in t and "12946*02" in t and "Pièce n° 6" in t


@pytest.mark.parametrize(
    ("modifs", "motif"),
    [
        ({"litiges": [{"facture": f, "ouvert_le": "2026-02-10", "motif": "retard"}
                      for f in ("F1", "F2")]},
         "contestées"),
        ({"debiteur": {**DEBITEUR, "procedure_collective": {
            "type": "sauvegarde", "jugement_le": "2026-03-05",
            "publication_bodacc_le": "2026-03-10"}}}, "procédure collective"),
        ({"mise_en_demeure": {**MED, "recue_le": "2026-03-18"}}, "délai de la mise en demeure"),
    ],
)  # fmt: skip
def test_refus_code_3_rien_ecrit(tmp_path: Path, modifs: dict[str, Any], motif: str) -> None:
    from escalade.cli import main

    fichier = _dossier_fichier(tmp_path, **modifs)
    sortie = tmp_path / "sortie"
    with pytest.raises(SystemExit) as fin:
        main(["injonction", str(fichier), "--date", "2026-03-20", "--sortie", str(sortie)])
    assert fin.value.code == 3
    assert not sortie.exists()


def test_petites_creances_d_abord_mais_injonction_possible(tmp_path: Path) -> None:
    fichier = _dossier_fichier(tmp_path, factures=[_facture("F1", "1000.00", [])])
    res = CliRunner().invoke(cli, ["injonction", str(fichier), "--date", "2026-03-20",
                                   "--sortie", str(tmp_path / "s"), "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert '"routes": [\n    "petites_creances",\n    "injonction_de_payer"\n  ]' in res.output


# --- after filing -------------------------------------------------------------------


def test_six_mois_pour_signifier(jur: Jurisprudence) -> None:
    # Ordonnance 10 April 2026 + 6 months = Saturday 10 October 2026 → Monday 12 October.
    d = dossier(injonction={"requete_deposee_le": "2026-03-25", "ordonnance_le": "2026-04-10"})
    s = suivi(d, date(2026, 4, 11), jur)
    assert s.etat == "ordonnee"
    assert s.signification_limite is not None
    assert s.signification_limite.echeance == date(2026, 10, 12)
    assert "CPC art. 1411" in s.references
    assert "Cass. 2e civ., 17 oct. 2019, n° 18-18.759" in s.references
    assert suivi(d, date(2026, 10, 13), jur).etat == "non_avenue"


def test_un_mois_pour_former_opposition(jur: Jurisprudence) -> None:
    # Served to the person on 4 May 2026: opposition until 4 June 2026 (Thursday).
    inj = {"ordonnance_le": "2026-04-10", "signifiee_le": "2026-05-04"}
    s = suivi(dossier(injonction=inj), date(2026, 5, 5), jur)
    assert s.etat == "signifiee"
    assert s.opposition_limite is not None and s.opposition_limite.echeance == date(2026, 6, 4)
    assert "04/06/2026" in s.message and "CPC art. 1416" in s.references
    apres = suivi(dossier(injonction=inj), date(2026, 6, 5), jur)
    assert "expiré" in apres.message and "CPC art. 1422" in apres.references
    opp = suivi(dossier(injonction={**inj, "opposition_le": "2026-05-20"}), date(2026, 5, 21), jur)
    assert opp.etat == "opposition"
    exe = suivi(dossier(injonction={**inj, "executoire_le": "2026-06-10"}), date(2026, 6, 11), jur)
    assert exe.etat == "executoire"
    pas_a_personne = {**inj, "signifiee_a_personne": False}
    s2 = suivi(dossier(injonction=pas_a_personne), date(2026, 7, 1), jur)
    assert s2.opposition_limite is None and "pas à personne" in s2.message


def test_enregistrement_dans_le_fichier(tmp_path: Path) -> None:
    fichier = _dossier_fichier(tmp_path)
    avant = fichier.read_text(encoding="utf-8")
    res = CliRunner().invoke(cli, ["injonction-suivi", str(fichier), "--ordonnance-le",
                                   "2026-04-10", "--date", "2026-04-11", "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert '"signification_limite": "2026-10-12"' in res.output
    apres = fichier.read_text(encoding="utf-8")
    assert apres.startswith(avant.split("injonction:")[0][:50])
    assert yaml.safe_load(io.StringIO(apres))["injonction"]["ordonnance_le"] == "2026-04-10"


def test_requete_porte_le_rcs_et_le_capital_du_demandeur(tmp_path: Path) -> None:
    """C. com. R123-237 and R123-238: a company's correspondence names its RCS registry
    and its share capital; the requête, PDF and DOCX, carries both (issue 17's leftover)."""
    from escalade.documents.rendu import texte_docx

    _pieces(tmp_path)
    creancier = {**CREANCIER, "rcs": "Paris", "capital_social": "10000.00"}
    fichier = _dossier_fichier(tmp_path, creancier=creancier)
    for format_ in ("pdf", "docx"):
        res = CliRunner().invoke(cli, ["injonction", str(fichier), "--date", "2026-03-20",
                                       "--sortie", str(tmp_path / format_),
                                       "--format", format_])  # fmt: skip
        assert res.exit_code == 0, res.output
    t = texte(PdfReader(tmp_path / "pdf" / "T-001_requete_injonction.pdf"))
    assert "SIREN : 732829320 RCS Paris" in t
    assert "Capital social : 10 000 €" in t
    d = texte_docx((tmp_path / "docx" / "T-001_requete_injonction.docx").read_bytes())
    d = re.sub(r"\s+", " ", d.replace("\u202f", " ").replace("\u00a0", " "))
    assert "SIREN : 732829320 RCS Paris – capital social : 10 000 €" in d
    # The debtor's SIREN line is unchanged (no RCS given for it).
    assert "SIREN : 552100554 RCS" not in t
