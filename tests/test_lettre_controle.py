"""`escalade lettre` asks the gate before a payment demand (SPEC section 5), exit 3 if refused.

The claim-side part of the gate (`conformite.verifier_creance`) at the letter's date: a
collective proceeding (C. com. L622-21), a settled dossier (C. civ. 1342), a respected
payment plan (C. civ. 1103, 1305-2), only time-barred invoices (C. com. L110-4) are legal
refusals, never overridden; only disputed invoices is the tool's policy, overridden with
--forcer --motif as for `escalade contact`. Nothing is written when a letter is refused;
the décompte and the échéancier stay producible.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pypdf
import pytest
from stockage_commun import lancer

from escalade.documents.catalogue import DEMANDES_DE_PAIEMENT, MODELES
from escalade.documents.production import controler, derogeable
from escalade.documents.rendu import normaliser
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.recouvrement.politique import politique_par_defaut

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE_05 = RACINE / "examples" / "05_procedure_collective.yaml"
EXEMPLE_04 = RACINE / "examples" / "04_litige.yaml"
LE = "2026-06-30"

ENTETE = """reference: {reference}
creancier:
  nom: Atelier Durand SARL
  siren: "732829320"
  adresse: {{lignes: ["12 rue de la Paix"], code_postal: "75002", ville: Paris}}
  iban: FR7630006000011234567890189
debiteur:
  nom: Boulangerie Martin SAS
  type: professionnel
  siren: "552100554"
  adresse: {{lignes: ["4 avenue Foch"], code_postal: "69006", ville: Lyon}}
  telephone: "04 78 00 00 00"
factures:
  - {{numero: FA-2026-0100, date_emission: 2026-04-15, date_echeance: 2026-05-15,
     montant_ttc: "2000.00"}}
"""
# Paid in two instalments (1 200 + 800 = 2 000 €): the principal is settled.
SOLDE = (
    ENTETE.format(reference="D-2026-S01")
    + """paiements:
  - {date: 2026-06-01, montant: "1200.00"}
  - {date: 2026-06-20, montant: "800.00"}
"""
)
# Agreed on 25 May: 1 000 € on 15 June (paid on 12 June), 1 000 € on 15 July (not yet due).
ECHEANCIER = (
    ENTETE.format(reference="D-2026-E01")
    + """paiements:
  - {date: 2026-06-12, montant: "1000.00"}
echeanciers:
  - convenu_le: 2026-05-25
    echeances: [{date: 2026-06-15, montant: "1000.00"}, {date: 2026-07-15, montant: "1000.00"}]
"""
)
# One invoice, due 31 March 2021: time-barred from 1 April 2026 (L110-4, C. civ. 2229).
PRESCRIT = ENTETE.format(reference="D-2026-P02").replace(
    "FA-2026-0100, date_emission: 2026-04-15, date_echeance: 2026-05-15",
    "FA-2021-0010, date_emission: 2021-03-01, date_echeance: 2021-03-31",
)


def ecrire(tmp_path: Path, nom: str, texte: str) -> Path:
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def lettre(capsys, fichier: Path, sortie: Path, modele: str, *autres: str):  # type: ignore[no-untyped-def]
    return lancer(capsys, "lettre", str(fichier), "--modele", modele, "--sortie", str(sortie),
                  "--date", LE, *autres)  # fmt: skip


def rien_ecrit(sortie: Path) -> bool:
    return not sortie.exists() or not any(sortie.iterdir())


# --- collective proceeding: example 05 ----------------------------------------------------


def test_procedure_collective_relance_refusee_rien_d_ecrit(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sortie = tmp_path / "lettres"
    code, out, err = lettre(capsys, EXEMPLE_05, sortie, "relance_1")
    assert code == 3, err
    assert out == ""
    assert (
        "[procedure_collective] Débiteur en redressement judiciaire depuis le jugement "
        "d'ouverture du 04/05/2026 : aucune relance ni action en paiement n'est permise." in err
    )
    # The gate points to the claim declaration instead: BODACC 20/05/2026 + 2 months.
    assert "Déclarez la créance au mandataire judiciaire au plus tard le 20/07/2026" in err
    assert "références : C. com. art. L622-21, C. com. art. L622-24" in err
    assert "Refus légal : aucune dérogation possible." in err
    assert rien_ecrit(sortie)


def test_procedure_collective_refus_en_json(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sortie = tmp_path / "lettres"
    code, out, _ = lettre(capsys, EXEMPLE_05, sortie, "mise_en_demeure", "--json")
    assert code == 3
    r = json.loads(out)
    assert (r["dossier"], r["document"], r["date"]) == ("D-2026-005", "mise_en_demeure", LE)
    assert r["autorise"] is False and r["derogeable"] is False
    assert [m["code"] for m in r["motifs"]] == ["procedure_collective"]
    assert r["motifs"][0]["legal"] is True
    assert r["motifs"][0]["articles"][0] == "C. com. art. L622-21"
    assert r["prochain_creneau"] is None
    assert rien_ecrit(sortie)


@pytest.mark.parametrize(
    "modele", ["relance_2", "derniere_relance", "fiche_appel", "confirmation_appel", "relance_1@B"]
)
def test_procedure_collective_aucune_demande_ni_appel(capsys, tmp_path: Path, modele) -> None:  # type: ignore[no-untyped-def]
    sortie = tmp_path / "lettres"
    code, _, err = lettre(capsys, EXEMPLE_05, sortie, modele)
    assert code == 3, err
    assert "[procedure_collective]" in err
    assert rien_ecrit(sortie)


def test_procedure_collective_la_force_ne_passe_pas_la_loi(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sortie = tmp_path / "lettres"
    code, _, err = lettre(capsys, EXEMPLE_05, sortie, "relance_1", "--forcer", "--motif", "urgent")
    assert code == 3
    assert "Refus légal : aucune dérogation possible." in err
    assert rien_ecrit(sortie)


def test_procedure_collective_le_decompte_reste_produit(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The décompte serves the claim declaration (C. com. L622-24, L622-25)."""
    sortie = tmp_path / "lettres"
    code, out, err = lettre(capsys, EXEMPLE_05, sortie, "decompte")
    assert code == 0, err
    chemin = sortie / "D-2026-005_decompte_2026-06-30.pdf"
    assert out.strip() == str(chemin)
    texte = normaliser(pypdf.PdfReader(io.BytesIO(chemin.read_bytes())).pages[0].extract_text())
    assert "Décompte de créance arrêté au 30 juin 2026" in texte
    assert "FA-2026-0007" in texte


# --- settled, payment plan, time-barred: legal refusals ------------------------------------


@pytest.mark.parametrize(
    ("nom", "texte", "codes", "message"),
    [
        ("solde.yaml", SOLDE, ["dossier_solde"],
         "Dossier D-2026-S01 soldé : le principal de toutes les factures est payé."),
        ("echeancier.yaml", ECHEANCIER, ["echeancier_respecte"],
         "Échéancier convenu le 25/05/2026 respecté ; prochaine échéance le 15/07/2026"),
        # Five years without activity: the debtor's data is also past the active base.
        ("prescrit.yaml", PRESCRIT, ["dette_prescrite", "conservation_depassee"],
         "Facture FA-2021-0010 prescrite depuis le 01/04/2026"),
    ],
)  # fmt: skip
def test_demande_refusee(capsys, tmp_path: Path, nom, texte, codes, message) -> None:  # type: ignore[no-untyped-def]
    fichier = ecrire(tmp_path, nom, texte)
    sortie = tmp_path / "lettres"
    for modele in ("relance_1", "mise_en_demeure"):
        code, out, err = lettre(capsys, fichier, sortie, modele, "--json")
        assert code == 3, err
        r = json.loads(out)
        assert [m["code"] for m in r["motifs"]] == codes
        assert message in r["motifs"][0]["message"]
        assert r["derogeable"] is False
        assert rien_ecrit(sortie)


def test_dossier_solde_le_decompte_reste_produit(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Accessories may remain due once the principal is paid: the décompte claims them."""
    fichier = ecrire(tmp_path, "solde.yaml", SOLDE)
    code, _, err = lettre(capsys, fichier, tmp_path / "l", "decompte")
    assert code == 0, err


def test_echeancier_respecte_l_echeancier_reste_produit(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fichier = ecrire(tmp_path, "echeancier.yaml", ECHEANCIER)
    code, _, err = lettre(capsys, fichier, tmp_path / "l", "echeancier")
    assert code == 0, err
    assert (tmp_path / "l" / "D-2026-E01_echeancier_2026-06-30.pdf").exists()


def test_facture_non_echue_refus_temporaire_avec_date(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Due 15 May 2026: on 15 May itself nothing can be claimed (C. civ. 1305-2); from the
    16th it can."""
    fichier = ecrire(tmp_path, "recente.yaml", ENTETE.format(reference="D-2026-N01"))
    code, _, err = lancer(capsys, "lettre", str(fichier), "--modele", "relance_1",
                          "--sortie", str(tmp_path / "l"), "--date", "2026-05-15")  # fmt: skip
    assert code == 3
    assert "[facture_non_echue] Facture FA-2026-0100 non échue (échéance le 15/05/2026)" in err
    assert "lettre possible à partir du 16 mai 2026" in err
    assert rien_ecrit(tmp_path / "l")


# --- disputed invoices only: a policy refusal, forced with a written reason ------------------


@pytest.fixture
def tout_en_litige(tmp_path: Path) -> Path:
    """Example 04 with FA-2026-0011 paid before its due date: only the disputed one is left."""
    source = EXEMPLE_04.read_text(encoding="utf-8").replace(
        "litiges:\n",
        'paiements:\n  - {date: 2026-02-05, montant: "3600.00", facture: FA-2026-0011}\nlitiges:\n',
    )
    return ecrire(tmp_path, "tout_en_litige.yaml", source)


def test_litige_refus_de_politique_derogeable(capsys, tmp_path: Path, tout_en_litige) -> None:  # type: ignore[no-untyped-def]
    sortie = tmp_path / "lettres"
    code, _, err = lettre(capsys, tout_en_litige, sortie, "relance_1")
    assert code == 3
    assert "[facture_en_litige] Facture FA-2026-0042 contestée depuis le 02/04/2026" in err
    assert "[limite de politique]" in err
    assert '--forcer --motif "…" permet de produire la lettre' in err
    assert rien_ecrit(sortie)


def test_litige_force_reclame_la_facture(capsys, tmp_path: Path, tout_en_litige) -> None:  # type: ignore[no-untyped-def]
    """FA-2026-0042: 1 200,00 € due 31 March 2026, 15 % contractual; 1 April to 30 June =
    91 days: 1 200 × 15 % × 91 / 365 = 44,877... → 44,88 €; + 40 € = 1 284,88 €."""
    sortie = tmp_path / "lettres"
    motif = "contestation dilatoire : bon de livraison signé sans réserve"
    code, out, err = lettre(capsys, tout_en_litige, sortie, "mise_en_demeure",
                            "--forcer", "--motif", motif, "--json")  # fmt: skip
    assert code == 0, err
    r = json.loads(out)
    assert r["force"] is True and r["motif_forcage"] == motif
    assert [m["code"] for m in r["motifs"]] == ["facture_en_litige"]
    lecteur = pypdf.PdfReader(r["fichier"])
    texte = normaliser("\n".join(p.extract_text() for p in lecteur.pages))
    assert (
        "de nous régler la somme de 1 284,88 € (mille deux cent quatre-vingt-quatre euros "
        "et quatre-vingt-huit centimes)" in texte
    )
    assert "non réclamée" not in texte


def test_forcer_sans_motif_est_une_erreur_d_usage(capsys, tmp_path: Path, tout_en_litige) -> None:  # type: ignore[no-untyped-def]
    code, _, err = lettre(capsys, tout_en_litige, tmp_path / "l", "relance_1", "--forcer")
    assert code == 2
    assert "--forcer et --motif vont ensemble" in err
    code, _, err = lettre(capsys, tout_en_litige, tmp_path / "l", "relance_1",
                          "--forcer", "--motif", "  ")  # fmt: skip
    assert code == 2
    assert "--forcer demande un motif écrit" in err


def test_sans_refus_la_force_ne_change_rien(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exemple = RACINE / "examples" / "01_b2b_paiements_partiels.yaml"
    code, out, err = lettre(capsys, exemple, tmp_path, "relance_1", "--forcer", "--motif", "x",
                            "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["force"] is False


# --- which documents are demands -----------------------------------------------------------


def test_seuls_decompte_et_echeancier_echappent_au_controle(jur: Jurisprudence) -> None:
    from escalade.entrees.chargement import charger_fichier

    d = charger_fichier(EXEMPLE_05)[0]
    pol = politique_par_defaut(jur, date(2026, 6, 30))
    assert set(MODELES) - DEMANDES_DE_PAIEMENT == {"decompte", "echeancier"}
    for modele in MODELES:
        decision = controler(modele, d, date(2026, 6, 30), pol, jur)
        if modele in ("decompte", "echeancier"):
            assert decision is None
        else:
            assert decision is not None and not decision.autorise
            assert not derogeable(decision)
    assert controler("relance_1@B", d, date(2026, 6, 30), pol, jur) is not None
