"""Issue 15, FEC: one test per defect seen on FEC exports of open ERPs and accounting tools."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from stockage_commun import lancer

from escalade.entrees.fec_lettrage import ClientFEC, lire_fec
from escalade.entrees.fec_lignes import COLONNES, lire_fichier_fec, lire_lignes_clients

DONNEES = Path(__file__).parent / "donnees_publiques" / "fec"
ENTETE = "|".join(COLONNES)


def odoo(num: str, jour: str, debit: str, credit: str, libelle: str, journal: str = "INV",
         lettre: str = "", piece: str = "-") -> str:  # fmt: skip
    """A customer line as Odoo writes it: PieceRef « - », padded amounts."""
    return "|".join([journal, "Customer Invoices" if journal == "INV" else "Bank", num, jour,
                     "411100", "Clients", "7", "partner_a", piece, jour, libelle,
                     f" {debit}", f" {credit}", lettre, "", jour, "", ""])  # fmt: skip


def clients(texte: str) -> dict[str, ClientFEC]:
    return {c.client: c for c in lire_fec(lire_lignes_clients(texte.splitlines(True)))}


def test_odoo_piece_ref_dash_takes_the_entry_number_and_never_merges() -> None:
    (c,) = lire_fec(lire_fichier_fec(DONNEES / "odoo_l10n_fr_fec_wizard.txt"))
    assert [(f["numero"], f["montant_ttc"]) for f in c.factures] == [
        ("INV/2021/00001", Decimal("7760.45"))
    ]
    texte = "\n".join([
        ENTETE,
        odoo("INV/2026/00001", "20260105", "000000000000100,00", "000000000000000,00", "INV1"),
        odoo("INV/2026/00002", "20260301", "000000000000250,00", "000000000000000,00", "INV2"),
        odoo("", "20260310", "000000000000040,00", "000000000000000,00", "Facture FA-2026-77"),
    ])  # fmt: skip
    (c,) = clients(texte).values()
    # Before: all three numbered « - », one invoice of 390 € dated 5 January.
    assert [(f["numero"], f["date_emission"], f["montant_ttc"]) for f in c.factures] == [
        ("INV/2026/00001", date(2026, 1, 5), Decimal("100.00")),
        ("INV/2026/00002", date(2026, 3, 1), Decimal("250.00")),
        ("FA-2026-77", date(2026, 3, 10), Decimal("40.00")),  # from EcritureLib
    ]


def test_one_piece_ref_in_two_entries_gives_two_invoices() -> None:
    # This export numbers its sales by month: « VE 0323 » is the piece of every March invoice.
    comptes = {c.client: c for c in lire_fec(lire_fichier_fec(
        DONNEES / "neolegal_111111111FEC20221231.TXT"))}  # fmt: skip
    mars = [f for f in comptes["41104752"].factures if f["numero"].startswith("VE 0323")]
    assert [(f["numero"], f["montant_ttc"]) for f in mars] == [
        ("VE 0323 (VE 00000009)", Decimal("74.06")),
        ("VE 0323 (VE 00000010)", Decimal("111.42")),
        ("VE 0323 (VE 00000011)", Decimal("111.42")),
    ]


def tab(journal: str, num: str, jour: str, piece: str, libelle: str, debit: str, credit: str,
        lettre: str = "") -> str:  # fmt: skip
    """A line of the customer account 411100000 (tab-separated)."""
    champs = [journal, "Ventes", num, jour, "411100000", "CLIENTS", "", "", piece, jour, libelle,
              debit, credit, lettre, jour if lettre else "", jour, "", ""]  # fmt: skip
    return "\t".join(champs)


PRECEDENT = "\n".join(
    [
        "\t".join(COLONNES),
        tab("VE", "VE000812", "20220215", "FA-2022-0812", "FACT DIMAR", "2153,38", "0,00"),
        tab("VE", "VE000700", "20220110", "FA-2022-0700", "FACT", "500,00", "0,00", "AAA"),
        tab("BQ", "BQ000012", "20220120", "VIR", "VIR DIMAR", "0,00", "500,00", "AAA"),
        "",
    ]
)


def test_opening_balance_is_not_an_invoice_of_the_opening_date(tmp_path: Path) -> None:
    fec = DONNEES / "neolegal_123456789FEC20500930_excerpt.txt"
    (c,) = lire_fec(lire_fichier_fec(fec))
    assert (c.factures, c.ouverture_non_reprise) == ((), Decimal("2153.38"))
    assert c.signalements == (
        "solde à nouveau de 2153.38 € au 2022-04-01 (pièce 5) non réglé : facture d'origine "
        "inconnue, non reprise (donnez le FEC de l'exercice précédent (--fec-precedent) pour "
        "reprendre les factures d'origine)",
    )
    # With the previous year's FEC, the open invoice behind the opening balance comes back
    # with its own number and date (FA-2022-0700 was paid that year).
    precedent = tmp_path / "123456789FEC20220331.txt"
    precedent.write_text(PRECEDENT, encoding="utf-8")
    avant = {x.client: x for x in lire_fec(lire_fichier_fec(precedent))}
    (c,) = lire_fec(lire_fichier_fec(fec), precedent=avant)
    assert c.factures == (
        {"numero": "FA-2022-0812", "date_emission": date(2022, 2, 15),
         "montant_ttc": Decimal("2153.38")},
    )  # fmt: skip
    assert (c.restant(), c.ouverture_non_reprise) == (Decimal("2153.38"), Decimal(0))


def test_payments_of_the_year_settle_the_opening_balance_first() -> None:
    # Opening balances (journal ANO), then this year's payments lettered with last year's
    # codes: nothing is reported « au-delà des factures » for the part they settle.
    comptes = {c.client: c for c in lire_fec(lire_fichier_fec(
        DONNEES / "neolegal_0000000001FEC20220831_excerpt.txt"))}  # fmt: skip
    assert (comptes["CFLORE"].factures, comptes["CFLORE"].signalements) == ((), ())
    assert comptes["CFLORE"].restant() == 0
    assert comptes["CPERR0"].ouverture_non_reprise == Decimal("94.95")


CLIENT_ODOO = "compte;nom;type;siren;email;adresse;code_postal;ville\n7;Partner A;professionnel;;;1 rue A;75001;Paris\n"  # noqa: E501
CREANCIER = """nom: Atelier Durand SARL
siren: "732829320"
adresse: {lignes: ["12 rue de la Paix"], code_postal: "75002", ville: Paris}
"""


def test_receivable_accounts_are_configurable_and_skipped_ones_reported(
    capsys: pytest.CaptureFixture[str], depot: Path, tmp_path: Path
) -> None:
    fec = str(DONNEES / "odoo_l10n_fr_account_fec_export_OUV.txt")  # receivables on 121000
    (tmp_path / "clients.csv").write_text(CLIENT_ODOO, encoding="utf-8")
    (tmp_path / "creancier.yaml").write_text(CREANCIER, encoding="utf-8")
    options = ["--clients", str(tmp_path / "clients.csv"), "--creancier",
               str(tmp_path / "creancier.yaml"), "--json"]  # fmt: skip
    code, out, err = lancer(capsys, "importer", "--fec", fec, *options)
    assert code == 0, err
    bilan = json.loads(out)
    assert bilan["crees"] == []
    assert [i["quoi"] for i in bilan["ignores"]] == ["compte 121000"]
    assert bilan["ignores"][0]["motif"].startswith(
        "2 ligne(s) d'un compte de tiers hors des comptes clients (411) non lues"
    )
    code, out, err = lancer(capsys, "importer", "--fec", fec, "--comptes-clients", "121",
                            *options)  # fmt: skip
    assert code == 0, err
    bilan = json.loads(out)
    assert bilan["crees"] == ["FEC-7"]  # INV/2020/00001, 3 000
    assert Counter(i["quoi"] for i in bilan["ignores"]) == {"FEC-7": 1}  # the opening balance
    # The same through the creditor file.
    (tmp_path / "creancier.yaml").write_text(CREANCIER + "comptes_clients: [121, 411]\n")
    code, out, err = lancer(capsys, "importer", "--fec", fec, *options)
    assert code == 0, err
    assert json.loads(out)["inchanges"] == ["FEC-7"]
    code, _, err = lancer(capsys, "importer", "--fec", fec, "--comptes-clients", "4l1",
                          *options)  # fmt: skip
    assert code == 2
    assert "--comptes-clients : « 4l1 »" in err
