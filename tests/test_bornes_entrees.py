"""Bounds on the input readers (issue 14 §7, §8): a FEC amount beyond what a debt can be, a CSV
field past the csv module's limit, and store keys kept within their columns."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from test_fec import CLIENTS, _erreur, fec_realiste

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.entrees.fec import lire_clients
from escalade.entrees.releve_bancaire import lire_csv
from escalade.stockage.cles import LONGUEUR_CLE_EVENEMENT, borner, cle_contact

TRENTE_CINQ = "9" * 33 + ",00"  # 35 characters: Decimal's 28-digit context would round it


def _remplacer(colonne: int, valeur: str, rang: int) -> str:
    lignes = fec_realiste().splitlines()
    champs = lignes[rang].split("\t")
    champs[colonne] = valeur
    lignes[rang] = "\t".join(champs)
    return "\n".join(lignes)


@pytest.mark.parametrize("rang", [2, 3], ids=["ligne_client", "ligne_tva"])
def test_a_35_digit_fec_amount_is_refused_not_rounded(rang: int) -> None:
    erreur = _erreur(_remplacer(11, TRENTE_CINQ, rang))
    assert erreur.champ == "Debit"
    assert erreur.message == (
        f"ligne {rang + 1}, colonne 12 (Debit) : montant « {TRENTE_CINQ} » hors limites "
        "(au plus 1000000000000 €)"
    )


def test_the_largest_allowed_fec_amount_still_reads() -> None:
    # 10^12 € exactly (16 characters: past the fast path) is within the bound.
    lignes = fec_realiste().splitlines()
    champs = lignes[3].split("\t")
    champs[12] = "1000000000000,00"
    lignes[3] = "\t".join(champs)
    from escalade.entrees.fec_lignes import lire_lignes_clients

    assert list(lire_lignes_clients("\n".join(lignes).splitlines(True), "fec.txt"))


GEANT = "A" * (csv.field_size_limit() + 1)


def test_a_fec_field_over_the_csv_limit_names_file_and_line() -> None:
    erreur = _erreur(_remplacer(10, GEANT, 4))
    assert str(erreur) == (
        "fec.txt : champ « ligne 5 » : champ de plus de 131072 caractères : trop long pour une "
        "donnée de facture ou de paiement (guillemet non fermé ?)"
    )


def test_a_customer_file_field_over_the_csv_limit_names_its_line() -> None:
    texte = CLIENTS.replace("Leroy SARL", GEANT)
    with pytest.raises(EntreeInvalide) as e:
        lire_clients(texte, "clients.csv")
    assert e.value.fichier == "clients.csv" and e.value.champ == "ligne 4"
    assert "131072 caractères" in e.value.message


def test_a_bank_statement_field_over_the_csv_limit_names_its_line() -> None:
    texte = f"date;montant;libelle\n2026-03-02;100,00;VIR MARTIN\n2026-03-03;5,00;{GEANT}\n"
    with pytest.raises(EntreeInvalide) as e:
        lire_csv(texte, "releve.csv")
    assert (e.value.fichier, e.value.champ) == ("releve.csv", "ligne 3")


def test_a_long_contact_key_fits_its_column_and_stays_distinct() -> None:
    le = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    a = Contact(le=le, canal="telephone", objet="x" * 5000 + "a")
    b = Contact(le=le, canal="telephone", objet="x" * 5000 + "b")
    assert len(cle_contact(a)) == LONGUEUR_CLE_EVENEMENT
    assert cle_contact(a) != cle_contact(b)
    assert cle_contact(a) == cle_contact(Contact(le=le, canal="telephone", objet="x" * 5000 + "a"))
    courte = Contact(le=le, canal="telephone", objet="relance")
    assert cle_contact(courte) == "2026-03-02T10:00:00+01:00|telephone|relance"
    assert borner("abc", 3) == "abc"


@pytest.mark.parametrize(
    ("xml", "motif"),
    [
        (b"<a><b></a>", "ligne 1, colonne 11 : balise fermante différente de la balise ouverte"),
        (b"<a>", "ligne 1, colonne 4 : fin du fichier au milieu d'une balise (fichier tronqué ?)"),
        (b"<a>&x;</a>", "ligne 1, colonne 7 : entité non déclarée"),
    ],
)
def test_xml_syntax_errors_are_told_in_french(xml: bytes, motif: str) -> None:
    from escalade.entrees.facturx import lire_donnees

    with pytest.raises(EntreeInvalide) as e:
        lire_donnees(xml, "facture.xml")
    assert str(e.value) == f"facture.xml : XML mal formé, {motif}"


def test_a_broken_pdf_is_told_in_french() -> None:
    from escalade.entrees.facturx import _xml_du_pdf

    with pytest.raises(EntreeInvalide) as e:
        _xml_du_pdf(b"%PDF-1.7\nrien de lisible", "facture.pdf")
    assert str(e.value) == "facture.pdf : PDF illisible ou endommagé"


def test_bank_details_errors_are_told_in_french() -> None:
    from escalade.droit.parties import _banque_verifiee

    with pytest.raises(ValueError, match=r"^BIC « BNPAXXFR » invalide : code pays inconnu$"):
        _banque_verifiee(None, "BNPAXXFR")
    with pytest.raises(ValueError, match=r"^IBAN « FR76 3000 » invalide : longueur incorrecte"):
        _banque_verifiee("FR76 3000", None)


def test_an_ecb_rate_file_field_over_the_csv_limit_names_its_line() -> None:
    from escalade.entrees.bce import lire_csv as lire_bce

    texte = f"KEY,TIME_PERIOD,OBS_VALUE\nFM.D.U2.EUR.4F.KR.MRR_FR.LEV,2026-01-01,{GEANT}\n"
    with pytest.raises(EntreeInvalide) as e:
        lire_bce(texte, "bce.csv")
    assert (e.value.fichier, e.value.champ) == ("bce.csv", "ligne 2")


def test_a_letter_presented_before_it_was_sent_is_refused() -> None:
    from pydantic import ValidationError

    from escalade.droit.modele import MiseEnDemeure

    with pytest.raises(ValidationError, match="présentée le 2026-03-01, avant son envoi le"):
        MiseEnDemeure.model_validate(
            {"envoyee_le": "2026-03-10", "premiere_presentation_le": "2026-03-01"}
        )
    assert MiseEnDemeure.model_validate(
        {"envoyee_le": "2026-03-10", "recue_le": "2026-03-10"}
    ).recue_le == date(2026, 3, 10)
