"""CAMT.053 and CSV statements: credits, identities, errors with line numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.releve_bancaire import lire_camt053, lire_csv, lire_releve

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


def entree(
    montant: str,
    sens: str = "CRDT",
    jour: str = "2026-04-10",
    ref_banque: str | None = "2026041000001",
    ustrd: str | None = None,
    ref: str | None = None,
    debiteur: str | None = None,
    e2e: str | None = None,
    transactions: str | None = None,
) -> str:
    """One Ntry of a CAMT.053 statement (version 8: the payer is Dbtr/Pty/Nm)."""
    rmt = ""
    if ustrd or ref:
        rmt = "<RmtInf>"
        if ustrd:
            rmt += f"<Ustrd>{ustrd}</Ustrd>"
        if ref:
            rmt += f"<Strd><CdtrRefInf><Ref>{ref}</Ref></CdtrRefInf></Strd>"
        rmt += "</RmtInf>"
    tx = transactions or (
        "<TxDtls>"
        + (f"<Refs><EndToEndId>{e2e}</EndToEndId></Refs>" if e2e else "")
        + (
            f"<RltdPties><Dbtr><Pty><Nm>{debiteur}</Nm></Pty></Dbtr></RltdPties>"
            if debiteur
            else ""
        )
        + rmt
        + "</TxDtls>"
    )
    return (
        f'<Ntry><Amt Ccy="EUR">{montant}</Amt><CdtDbtInd>{sens}</CdtDbtInd>'
        "<Sts><Cd>BOOK</Cd></Sts>"
        f"<BookgDt><Dt>{jour}</Dt></BookgDt><ValDt><Dt>{jour}</Dt></ValDt>"
        + (f"<AcctSvcrRef>{ref_banque}</AcctSvcrRef>" if ref_banque else "")
        + f"<NtryDtls>{tx}</NtryDtls></Ntry>"
    )


def camt(*entrees: str) -> bytes:
    corps = "\n".join(entrees)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NS}">\n<BkToCstmrStmt>\n'
        "<GrpHdr><MsgId>REL-2026-04-10</MsgId><CreDtTm>2026-04-10T20:00:00</CreDtTm></GrpHdr>\n"
        "<Stmt><Id>1</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>\n"
        f"{corps}\n</Stmt>\n</BkToCstmrStmt>\n</Document>\n"
    ).encode()


def test_credits_with_reference_label_and_payer() -> None:
    releve = lire_camt053(
        camt(
            entree("1200.00", ref="FA-2026-0042", debiteur="BOULANGERIE MARTIN", e2e="E2E-1"),
            entree("99.00", sens="DBIT", ref_banque="2026041000002"),
            entree("350.50", ref_banque="2026041000003", ustrd="VIR FACT FA-2026-0050"),
        )
    )
    assert [(c.montant, c.reference, c.debiteur, c.libelle) for c in releve.credits] == [
        (Decimal("1200.00"), "FA-2026-0042", "BOULANGERIE MARTIN", ""),
        (Decimal("350.50"), None, None, "VIR FACT FA-2026-0050"),
    ]
    premier = releve.credits[0]
    assert (premier.identite, premier.date, premier.bout_en_bout) == (
        "camt:2026041000001",
        date(2026, 4, 10),
        "E2E-1",
    )
    assert premier.ligne == 6  # the first entry is on line 6 of the file


def test_batch_entry_gives_one_credit_per_transaction() -> None:
    lot = (
        '<TxDtls><Amt Ccy="EUR">100.00</Amt><RmtInf><Ustrd>FA-1</Ustrd></RmtInf></TxDtls>'
        '<TxDtls><Amt Ccy="EUR">250.00</Amt><RmtInf><Ustrd>FA-2</Ustrd></RmtInf></TxDtls>'
    )
    releve = lire_camt053(camt(entree("350.00", ref_banque="LOT9", transactions=lot)))
    assert [(c.identite, c.montant, c.libelle) for c in releve.credits] == [
        ("camt:LOT9#1", Decimal("100.00"), "FA-1"),
        ("camt:LOT9#2", Decimal("250.00"), "FA-2"),
    ]


def test_without_bank_reference_identity_is_a_stable_hash() -> None:
    deux = camt(
        entree("80.00", ref_banque=None, ustrd="REMISE CHEQUE"),
        entree("80.00", ref_banque=None, ustrd="REMISE CHEQUE"),
    )
    a = lire_camt053(deux).credits
    # the same two identical credits, exported again with another line before them
    b = lire_camt053(
        camt(
            entree("5.00", ref_banque=None, ustrd="AUTRE"),
            *[entree("80.00", ref_banque=None, ustrd="REMISE CHEQUE")] * 2,
        )
    ).credits
    assert a[0].identite != a[1].identite
    assert [c.identite for c in a] == [c.identite for c in b[1:]]
    assert a[0].identite.startswith("h:")


def test_malformed_or_unsafe_xml_is_refused_with_its_line() -> None:
    with pytest.raises(EntreeInvalide) as e:
        lire_camt053(camt(entree("10.00")).replace(b"</Stmt>", b"</Stmtt>"))
    assert e.value.message == "XML mal formé, ligne 7, colonne 3"
    with pytest.raises(EntreeInvalide) as e:
        lire_camt053(camt(entree("1O.00")))
    assert e.value.message == "ligne 6, élément Amt : montant « 1O.00 » illisible"
    with pytest.raises(EntreeInvalide, match="DTD ou entités"):
        lire_camt053(b'<!DOCTYPE d [<!ENTITY x "y">]><Document>&x;</Document>')
    with pytest.raises(EntreeInvalide, match=r"pas un relevé CAMT\.053"):
        lire_camt053(b"<Invoice/>")


def test_csv_statement(tmp_path: Path) -> None:
    chemin = tmp_path / "releve.csv"
    chemin.write_text(
        "Date;Montant;Libellé\n"
        "10/04/2026;1 200,00;VIR SEPA BOULANGERIE MARTIN FA-2026-0042\n"
        "11/04/2026;-45,10;PRLV ASSURANCE\n"
        "2026-04-12;300;REMISE CHEQUE\n",
        encoding="utf-8",
    )
    releve = lire_releve(chemin)
    assert [(c.date, c.montant, c.ligne) for c in releve.credits] == [
        (date(2026, 4, 10), Decimal("1200.00"), 2),
        (date(2026, 4, 12), Decimal("300"), 4),
    ]
    with pytest.raises(EntreeInvalide) as e:
        lire_csv("date;montant;libelle\n31/02/2026;10,00;X\n")
    assert e.value.message.startswith("ligne 2, colonne 1 (date) : « 31/02/2026 » invalide")
