"""Issue 15, e-invoices: one test per defect seen on public sample files."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from stockage_commun import lancer

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.facturx import dossier_de_facture, lire_donnees, lire_facture
from escalade.entrees.identifiants import pays_adresse, verifier_tva
from escalade.entrees.validation_dossier import valider_dossier
from escalade.recouvrement.etat_creance import principal_restant
from tests.test_facturx import cii

DONNEES = Path(__file__).parent / "donnees_publiques"
CREANCIER = """nom: Atelier Durand SARL
siren: "732829320"
adresse: {lignes: ["12 rue de la Paix"], code_postal: "75002", ville: Paris}
iban: FR7630006000011234567890189
"""


def test_foreign_vat_numbers_are_checked_by_their_own_country() -> None:
    # Valid German, Dutch, Spanish, Croatian numbers (the French algorithm refused them).
    assert verifier_tva("DE136695976").valeur == "DE136695976"
    assert verifier_tva("NL8200.98.395.B.01").valeur == "NL820098395B01"  # prefix kept
    assert verifier_tva("ESA12345674").valeur == "ESA12345674"
    assert verifier_tva("HR46830600751").valeur == "HR46830600751"
    assert verifier_tva("DE123456789").motif == (
        "TVA « DE123456789 » invalide selon les règles de DE (clé de contrôle fausse)"
    )
    f = lire_facture(DONNEES / "ubl/cen_sample-discount-price.xml")
    assert (f.vendeur.tva, f.acheteur.tva, f.remarques) == ("HR46830600751", "HR46830600751", ())
    dossier = valider_dossier(dossier_de_facture(f, 30), f.fichier)
    assert dossier.debiteur.tva == "HR46830600751"


def test_a_bad_identifier_of_the_seller_is_reported_not_fatal() -> None:
    f = lire_facture(DONNEES / "facturx/zugferd_2p0_BASIC_Einfach.pdf")
    assert f.vendeur.tva is None
    assert f.remarques == (
        "BG-4 (vendeur) TVA : TVA « DE123456789 » invalide selon les règles de DE "
        "(clé de contrôle fausse) : non retenu",
    )
    dossier = valider_dossier(dossier_de_facture(f, 30), f.fichier)
    assert dossier.factures[0].montant_ttc == Decimal("235.62")


def test_the_debt_is_the_amount_due_and_the_prepaid_part_a_payment() -> None:
    # 308,03 € in total, 100,00 € prepaid (BT-113), 208,03 € due (BT-115).
    f = lire_facture(DONNEES / "ubl/akretion_ubl-21-en16931.xml")
    dossier = valider_dossier(dossier_de_facture(f, 30), f.fichier)
    assert [(p.montant, p.date, p.facture, p.reference) for p in dossier.paiements] == [
        (Decimal("100.00"), date(2026, 6, 17), "F124212", "FX:F124212:BT-113")
    ]
    assert dossier.factures[0].montant_ttc == Decimal("308.03")
    assert principal_restant(dossier, date(2026, 7, 16)) == {"F124212": Decimal("208.03")}


def test_negative_amount_due_or_corrective_invoice_is_a_credit() -> None:
    # prepaid 1 059,74 € > total 529,87 €: amount due -529,87 €
    negatif = lire_facture(DONNEES / "facturx/xmlrechnung_EN16931_Einfach_negativePaymentDue.pdf")
    assert (negatif.avoir, negatif.montant_du) == (True, Decimal("-529.87"))
    # type 384 with negative totals
    correction = lire_facture(DONNEES / "facturx/zugferd_2p0_EN16931_Rechnungskorrektur.pdf")
    assert (correction.avoir, correction.montant_du) == (True, Decimal("-8.79"))


def test_zugferd_1_0_is_read_and_pre_1_0_refused_by_name() -> None:
    f = lire_facture(DONNEES / "facturx/zf1_ZUGFeRD_1p0_COMFORT_Rabatte.pdf")
    assert (f.syntaxe, f.profil, f.numero) == (
        "zugferd-1.0",
        "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort",
        "471102",
    )
    assert (f.montant_ttc, f.paye_d_avance, f.montant_du) == (
        Decimal("215.14"),
        Decimal("50.00"),
        Decimal("165.14"),
    )
    assert (f.date_emission, f.date_echeance) == (date(2013, 6, 5), date(2013, 7, 4))
    assert f.acheteur.adresse == {
        "lignes": ["Kundenstraße 15"],
        "code_postal": "69876",
        "ville": "Frankfurt",
        "pays": "DE",
    }
    ancien = b'<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:0p9"/>'
    with pytest.raises(EntreeInvalide, match=r"ZUGFeRD antérieur à la version 1\.0"):
        lire_donnees(ancien, "ancien.xml")
    with pytest.raises(EntreeInvalide, match=r"« Commande » : ni facture CII"):
        lire_donnees(b"<Commande/>", "commande.xml")


def test_minimum_invoice_matches_a_known_debtor_by_siren_before_asking_the_address(
    capsys: pytest.CaptureFixture[str], depot: Path, tmp_path: Path
) -> None:
    creancier = tmp_path / "creancier.yaml"
    creancier.write_text(CREANCIER, encoding="utf-8")
    minimum = str(DONNEES / "facturx/fnfe_Facture_FR_MINIMUM.pdf")  # no postal address
    code, out, err = lancer(capsys, "importer", "--facturx", minimum, "--creancier",
                            str(creancier), "--json")  # fmt: skip
    assert code == 0, err
    bilan = json.loads(out)
    assert bilan["crees"] == []
    assert [i["quoi"] for i in bilan["ignores"]] == ["FA-2017-0010"]
    assert "adresse postale de l'acheteur absente (BG-8" in bilan["ignores"][0]["motif"]
    # The same buyer (SIREN 787878784) with its address: the debtor is created...
    avec_adresse = str(DONNEES / "ubl/akretion_ubl-21-en16931.xml")
    code, out, err = lancer(capsys, "importer", "--facturx", avec_adresse, "--json")
    assert code == 0, err
    assert json.loads(out)["crees"] == ["FX-787878784"]
    # ...and the MINIMUM invoice now joins its dossier.
    code, out, err = lancer(capsys, "importer", "--facturx", minimum, "--creancier",
                            str(creancier), "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["mis_a_jour"] == ["FX-787878784"]
    with sqlite3.connect(depot) as c:
        lignes = c.execute(
            "SELECT d.reference, f.numero, f.montant_ttc FROM factures f "
            "JOIN dossiers d ON d.id = f.dossier_id ORDER BY f.numero"
        ).fetchall()
    assert [(r, n, Decimal(str(m))) for r, n, m in lignes] == [
        ("FX-787878784", "F124212", Decimal("308.03")),
        ("FX-787878784", "FA-2017-0010", Decimal("470.15")),  # BT-115 (BT-113 not in MINIMUM)
    ]


def test_name_newline_absolute_path_and_overseas_country(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xml = cii().replace(b"Boulangerie Martin SAS", b"Boulangerie\n  Martin SAS")
    (tmp_path / "f.xml").write_bytes(xml)
    monkeypatch.chdir(tmp_path)
    f = lire_facture(Path("f.xml"))
    assert f.acheteur.nom == "Boulangerie Martin SAS"
    assert f.fichier == str(tmp_path / "f.xml")
    assert dossier_de_facture(f, 30)["reference"] == "FX-552100554"
    assert [pays_adresse(c) for c in ("RE", "GP", "FR", "DE")] == [None, None, None, "DE"]


def test_the_import_goes_on_and_says_which_identifier_it_did_not_keep(
    capsys: pytest.CaptureFixture[str], depot: Path
) -> None:
    fichier = str(DONNEES / "facturx/zugferd_2p0_BASIC_Einfach.pdf")
    code, out, err = lancer(capsys, "importer", "--facturx", fichier, "--json")
    assert code == 0, err
    bilan = json.loads(out)
    assert (len(bilan["crees"]), bilan["ignores"]) == (1, [])
    assert bilan["remarques"] == [
        {
            "quoi": "471102",
            "motif": "BG-4 (vendeur) TVA : TVA « DE123456789 » invalide selon les règles de DE "
            "(clé de contrôle fausse) : non retenu",
        }
    ]
