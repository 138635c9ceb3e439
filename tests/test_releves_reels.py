"""Issue 15, bank statements: one test per defect seen on public sample files."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.rapprochement import FactureOuverte, rapprocher
from escalade.entrees.releve_bancaire import lire_camt053, lire_releve
from tests.test_releve_bancaire import camt, entree

DONNEES = Path(__file__).parent / "donnees_publiques" / "camt053"


def test_entries_without_booking_nor_value_date_take_the_statement_date() -> None:
    releve = lire_releve(DONNEES / "subite_LT_camt053_2024-04-15.xml")
    assert [(c.date, c.montant) for c in releve.credits] == [
        (date(2024, 4, 15), Decimal("431743.21")),
        (date(2024, 4, 15), Decimal("20.00")),  # « 20 » in the file
    ]
    assert len(releve.remarques) == 2
    assert releve.remarques[0][1].endswith("sans BookgDt ni ValDt : datée du relevé (2024-04-15)")


def test_three_decimals_read_exactly_and_only_a_real_third_decimal_sets_the_entry_aside() -> None:
    releve = lire_releve(DONNEES / "genkgo_camt053.v2.five.decimals.xml")  # « 8.850 »
    assert [c.montant for c in releve.credits] == [Decimal("8.85")]
    lu = lire_camt053(camt(entree("10.005", ref_banque="A"), entree("20.000", ref_banque="B")))
    assert [c.montant for c in lu.credits] == [Decimal("20.00")]
    assert lu.ignores == (
        (6, "montant « 10.005 » : plus de deux décimales non nulles pour un montant en euros"),
    )


def _zip(membres: dict[str, bytes]) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as z:
        for nom, contenu in membres.items():
            z.writestr(nom, contenu)
    return tampon.getvalue()


def test_a_zip_of_statements_is_read_or_refused_cleanly(tmp_path: Path) -> None:
    releve = lire_releve(DONNEES / "oca16_test-camt053.zip")  # two camt.053.001.02
    assert [c.montant for c in releve.credits] == [Decimal("1405.31")] * 2
    assert [str(c.fichier).rsplit(":", 1)[1] for c in releve.credits] == [
        "test-camt053_02.xml",
        "test-camt053_03.xml",
    ]
    imbrique = tmp_path / "imbrique.zip"
    imbrique.write_bytes(_zip({"dedans.zip": _zip({"a.xml": camt(entree("1.00"))})}))
    with pytest.raises(EntreeInvalide, match="archive dans l'archive, refusée"):
        lire_releve(imbrique)
    autre = tmp_path / "autre.zip"
    autre.write_bytes(_zip({"lisez-moi.txt": b"bonjour"}))
    with pytest.raises(EntreeInvalide, match=r"« lisez-moi\.txt » : pas un relevé CAMT\.053 XML"):
        lire_releve(autre)
    casse = tmp_path / "casse.zip"
    casse.write_bytes(b"PK\x03\x04 pas une archive")
    with pytest.raises(EntreeInvalide, match="archive zip illisible"):
        lire_releve(casse)


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from escalade.entrees import releve_zip

    monkeypatch.setattr(releve_zip, "MEMBRES_MAX", 2)
    trop = tmp_path / "trop.zip"
    trop.write_bytes(_zip({f"{i}.xml": camt(entree("1.00")) for i in range(3)}))
    with pytest.raises(EntreeInvalide, match="archive de 3 fichiers : au plus 2 relevés"):
        lire_releve(trop)


def _deux_payeurs() -> bytes:
    return camt(
        entree("500.00", ref_banque=None, ustrd="VIREMENT", debiteur="DUPONT SARL"),
        entree("500.00", ref_banque=None, ustrd="VIREMENT", debiteur="MARTIN SAS"),
    )


def test_two_payers_same_day_same_amount_do_not_collide() -> None:
    a, b = lire_camt053(_deux_payeurs()).credits
    assert a.identite != b.identite
    factures = [
        FactureOuverte("D1", "FA-1", Decimal("500.00"), "Dupont SARL", date(2026, 3, 1)),
        FactureOuverte("D2", "FA-2", Decimal("500.00"), "Martin SAS", date(2026, 3, 1)),
    ]
    # Dupont's credit already recorded: Martin's is matched, not skipped as « déjà rapproché ».
    resultat = rapprocher([a, b], factures, frozenset({a.identite}))
    assert [c.debiteur for c in resultat.deja_rapproches] == ["DUPONT SARL"]
    assert [(p.affectations[0].dossier, p.credit.debiteur) for p in resultat.surs] == [
        ("D2", "MARTIN SAS")
    ]


def test_an_ambiguous_pair_is_listed_for_confirmation_never_dropped() -> None:
    deux = lire_camt053(camt(*[entree("80.00", ref_banque=None, ustrd="REMISE FA-9")] * 2)).credits
    factures = [FactureOuverte("D9", "FA-9", Decimal("160.00"), "Leroy", date(2026, 3, 1))]
    resultat = rapprocher(deux, factures)
    assert (resultat.surs, resultat.deja_rapproches) == ((), ())
    assert [p.motif.endswith("crédit identique à un autre du relevé : à confirmer")
            for p in resultat.incertains] == [True, True]  # fmt: skip


def test_a_credit_under_its_former_identity_is_offered_not_skipped() -> None:
    a, _ = lire_camt053(_deux_payeurs()).credits
    assert a.identite_ancienne is not None  # what earlier versions recorded
    factures = [FactureOuverte("D1", "FA-1", Decimal("500.00"), "Dupont SARL")]
    resultat = rapprocher([a], factures, frozenset({a.identite_ancienne}))
    assert resultat.deja_rapproches == ()
    assert "déjà rapproché" in resultat.incertains[0].motif


def test_additional_transaction_information_is_read_for_matching() -> None:
    tx = (
        "<TxDtls><RltdPties><Dbtr><Nm>X</Nm></Dbtr></RltdPties>"
        "<AddtlTxInf>REGLEMENT FACTURE FA-2026-0042</AddtlTxInf></TxDtls>"
    )
    (credit,) = lire_camt053(camt(entree("1200.00", transactions=tx))).credits
    assert credit.libelle == "REGLEMENT FACTURE FA-2026-0042"
    factures = [FactureOuverte("D1", "FA-2026-0042", Decimal("1200.00"), "Boulangerie")]
    assert [p.motif for p in rapprocher([credit], factures).surs] == [
        "numéro de facture dans le libellé (FA-2026-0042), montant exact"
    ]


def test_another_namespace_is_not_a_statement() -> None:
    pain = camt(entree("1.00")).replace(
        b"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08",
        b"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03",
    )
    with pytest.raises(EntreeInvalide, match=r"ce n'est pas un relevé CAMT\.053") as e:
        lire_camt053(pain)
    assert "pain.001.001.03" in e.value.message
