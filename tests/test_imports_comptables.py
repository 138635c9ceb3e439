"""FEC, Factur-X and bank statement imports through the CLI and the store, end to end."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from stockage_commun import lancer

from tests.test_facturx import cii, pdf_simple
from tests.test_fec import CLIENTS, fec_realiste
from tests.test_releve_bancaire import camt, entree

CREANCIER = """nom: Atelier Durand SARL
siren: "732829320"
adresse: {lignes: ["12 rue de la Paix"], code_postal: "75002", ville: Paris}
iban: FR7630006000011234567890189
"""


def compter(fichier: Path, table: str) -> int:
    with sqlite3.connect(fichier) as c:
        return int(c.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def fichiers(tmp_path: Path) -> tuple[Path, Path, Path]:
    fec = tmp_path / "732829320FEC20261231.txt"
    fec.write_text(fec_realiste(), encoding="utf-8")
    clients = tmp_path / "clients.csv"
    clients.write_text(CLIENTS, encoding="utf-8")
    creancier = tmp_path / "creancier.yaml"
    creancier.write_text(CREANCIER, encoding="utf-8")
    return fec, clients, creancier


def importer_fec(capsys: pytest.CaptureFixture[str], fec: Path, clients: Path,
                 creancier: Path) -> tuple[int, str, str]:  # fmt: skip
    return lancer(capsys, "importer", "--fec", str(fec), "--clients", str(clients),
                  "--creancier", str(creancier), "--json")  # fmt: skip


def test_fec_import_is_idempotent_and_reports_why(capsys, depot: Path, tmp_path: Path) -> None:
    fec, clients, creancier = fichiers(tmp_path)
    code, out, err = importer_fec(capsys, fec, clients, creancier)
    assert code == 0, err
    bilan = json.loads(out)
    # Martin still owes 500; Dupont and Leroy paid everything; INCONNU is not in the CSV.
    assert bilan["crees"] == ["FEC-411MARTIN"]
    assert sorted((i["quoi"], i["motif"]) for i in bilan["ignores"]) == [
        ("411INCONNU", "client « Client inconnu » absent du fichier des clients"),
        ("FEC-411DUPONT", "tout est réglé : rien à recouvrer"),
        ("FEC-411LEROY", "tout est réglé : rien à recouvrer"),
    ]
    lignes = (compter(depot, "factures"), compter(depot, "paiements"))
    assert lignes == (3, 2)  # FA-001..003; the 1 200 and the 400 lettered
    code, out, _ = importer_fec(capsys, fec, clients, creancier)
    assert code == 0
    assert (json.loads(out)["crees"], json.loads(out)["inchanges"]) == ([], ["FEC-411MARTIN"])
    assert (compter(depot, "factures"), compter(depot, "paiements")) == lignes


def test_malformed_fec_writes_nothing(capsys, depot: Path, tmp_path: Path) -> None:
    fec, clients, creancier = fichiers(tmp_path)
    lignes = fec_realiste().splitlines()
    lignes[-1] = lignes[-1].replace("20260225", "2026-02-25", 1)
    fec.write_text("\n".join(lignes), encoding="utf-8")
    code, _, err = importer_fec(capsys, fec, clients, creancier)
    assert code == 2
    assert f"ligne {len(lignes)}, colonne 4 (EcritureDate) : date « 2026-02-25 » invalide" in err
    assert not depot.exists() or compter(depot, "dossiers") == 0


def test_facturx_joins_the_debtors_dossier(capsys, depot: Path, tmp_path: Path) -> None:
    from facturx import generate_from_binary

    fec, clients, creancier = fichiers(tmp_path)
    importer_fec(capsys, fec, clients, creancier)
    pdf = tmp_path / "FA-010.pdf"
    pdf.write_bytes(generate_from_binary(pdf_simple(), cii("FA-010"), level="basicwl"))
    code, out, err = lancer(capsys, "importer", "--facturx", str(pdf), "--json")
    assert code == 0, err
    # the buyer's SIREN 552100554 is Boulangerie Martin's: same debtor, same dossier
    assert json.loads(out)["mis_a_jour"] == ["FEC-411MARTIN"]
    with sqlite3.connect(depot) as c:
        pieces = c.execute("SELECT pieces FROM factures WHERE numero = 'FA-010'").fetchone()[0]
    assert json.loads(pieces) == [str(pdf)]
    code, out, _ = lancer(capsys, "importer", "--facturx", str(pdf), "--json")
    assert json.loads(out)["inchanges"] == ["FEC-411MARTIN"]


def test_bank_statement_settles_the_dossier_and_the_gate_refuses(
    capsys, depot: Path, tmp_path: Path
) -> None:
    fec, clients, creancier = fichiers(tmp_path)
    importer_fec(capsys, fec, clients, creancier)
    releve = tmp_path / "camt053.xml"
    releve.write_bytes(
        camt(
            # FA-002: 600 invoiced, 400 lettered, 200 left: paid by reference
            entree("200.00", ref_banque="R1", jour="2026-04-10", ref="FA-002"),
            # FA-003 (300): an amount with no reference, but the payer's name
            entree("300.00", ref_banque="R2", jour="2026-04-11", debiteur="BOULANGERIE MARTIN"),
            # nothing open of 77 €: listed, not recorded
            entree("77.00", ref_banque="R3", jour="2026-04-11", ustrd="VIR DIVERS"),
        )
    )
    avant = lancer(capsys, "verifier", "FEC-411MARTIN", "--canal", "courrier",
                   "--le", "2026-04-09T10:00", "--json")  # fmt: skip
    assert "solde" not in json.dumps(json.loads(avant[1])["motifs"])
    code, out, err = lancer(capsys, "paiements", str(releve), "--date", "2026-04-12", "--json")
    assert code == 0, err
    sortie = json.loads(out)
    assert [(e["credit"], e["facture"], e["montant"]) for e in sortie["enregistres"]] == [
        ("camt:R1", "FA-002", "200.00"),
        ("camt:R2", "FA-003", "300.00"),
    ]
    assert sortie["enregistres"][-1]["etape"] == "solde"
    assert [c["credit"] for c in sortie["sans_correspondance"]] == ["camt:R3"]
    paiements = compter(depot, "paiements")
    code, out, _ = lancer(capsys, "paiements", str(releve), "--date", "2026-04-12", "--json")
    again = json.loads(out)
    assert (again["enregistres"], again["deja_rapproches"]) == ([], ["camt:R1", "camt:R2"])
    assert compter(depot, "paiements") == paiements
    code, out, _ = lancer(capsys, "verifier", "FEC-411MARTIN", "--canal", "courrier",
                          "--le", "2026-04-13T10:00", "--json")  # fmt: skip
    assert code == 3 and "solde" in json.dumps(json.loads(out)["motifs"])
    code, out, _ = lancer(capsys, "plan", "--date", "2026-04-13", "--json")
    # Settled late: no contact planned, only the accessories left (escalade.recouvrement.plan).
    assert [(a["dossier"], a["etape"], a["canal"]) for a in json.loads(out)["actions"]] == [
        ("FEC-411MARTIN", "accessoires_restants", None)
    ]


def test_an_unsure_credit_confirmed_by_a_person_is_not_offered_again(
    capsys, depot: Path, tmp_path: Path
) -> None:
    fec, clients, creancier = fichiers(tmp_path)
    importer_fec(capsys, fec, clients, creancier)
    releve = tmp_path / "releve.csv"
    # 450 for FA-003 (300 left): more than what remains, so a person must decide
    releve.write_text("date;montant;libelle\n11/04/2026;450,00;VIR MARTIN FA-003\n", "utf-8")
    code, out, _ = lancer(capsys, "paiements", str(releve), "--date", "2026-04-12", "--json")
    [a_confirmer] = json.loads(out)["a_confirmer"]
    assert a_confirmer["motif"] == (
        "numéro de facture dans le libellé (FA-003) mais montant 450.00 € supérieur au "
        "restant dû (300.00 €)"
    )
    assert compter(depot, "paiements") == 2  # nothing recorded on a guess
    code, _, err = lancer(capsys, "paiement", "FEC-411MARTIN", "--montant", "450.00",
                          "--date", "2026-04-11", "--reference", a_confirmer["credit"],
                          "--le", "2026-04-12")  # fmt: skip
    assert code == 0, err
    code, out, _ = lancer(capsys, "paiements", str(releve), "--date", "2026-04-12", "--json")
    sortie = json.loads(out)
    assert (sortie["a_confirmer"], sortie["deja_rapproches"]) == ([], [a_confirmer["credit"]])


ACHETEUR_FRANCAIS = """<ram:BuyerTradeParty><ram:Name>Boulangerie Martin SAS</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">55210055400013</ram:ID>
    </ram:SpecifiedLegalOrganization>
    <ram:PostalTradeAddress><ram:PostcodeCode>69006</ram:PostcodeCode>
     <ram:LineOne>4 avenue Foch</ram:LineOne><ram:CityName>Lyon</ram:CityName>
     <ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
   </ram:BuyerTradeParty>"""
ACHETEUR_ALLEMAND = """<ram:BuyerTradeParty><ram:Name>Mueller Baeckerei GmbH</ram:Name>
    <ram:PostalTradeAddress><ram:PostcodeCode>10115</ram:PostcodeCode>
     <ram:LineOne>Invalidenstr. 5</ram:LineOne><ram:CityName>Berlin</ram:CityName>
     <ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE136695976</ram:ID>
    </ram:SpecifiedTaxRegistration>
   </ram:BuyerTradeParty>"""
DOSSIER_ALLEMAND = CREANCIER.replace("\n", "\n  ").join(
    [
        "reference: D-DE-1\ncreancier:\n  ",
        """
debiteur:
  nom: Müller Bäckerei GmbH
  type: professionnel
  tva: DE 136 695 976
  adresse: {lignes: ["Invalidenstraße 5"], code_postal: "10115", ville: Berlin, pays: Allemagne}
factures:
  - {numero: FA-001, date_emission: 2026-02-01, date_echeance: 2026-03-03, montant_ttc: "800.00"}
""",
    ]
)


def test_facturx_acheteur_etranger_retrouve_par_sa_tva(
    capsys: pytest.CaptureFixture[str], depot: Path, tmp_path: Path
) -> None:
    """A foreign buyer has no SIREN: the invoice spells its name otherwise (Mueller
    Baeckerei for Müller Bäckerei), its VAT number finds the stored debtor (issue 15's note)."""
    from facturx import generate_from_binary

    yaml_ = tmp_path / "d.yaml"
    yaml_.write_text(DOSSIER_ALLEMAND, encoding="utf-8")
    assert lancer(capsys, "importer", str(yaml_))[0] == 0
    xml = cii("FA-011").decode().replace(ACHETEUR_FRANCAIS, ACHETEUR_ALLEMAND)
    assert "DE136695976" in xml
    pdf = tmp_path / "FA-011.pdf"
    pdf.write_bytes(generate_from_binary(pdf_simple(), xml.encode(), level="basicwl"))
    code, out, err = lancer(capsys, "importer", "--facturx", str(pdf), "--json")
    assert code == 0, err
    assert json.loads(out)["mis_a_jour"] == ["D-DE-1"]
    with sqlite3.connect(depot) as c:
        numeros = c.execute("SELECT numero FROM factures ORDER BY numero").fetchall()
        assert c.execute("SELECT count(*) FROM debiteurs").fetchone()[0] == 1
    assert numeros == [("FA-001",), ("FA-011",)]
