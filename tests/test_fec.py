"""FEC reading: validation with line and column, open items from lettering, dossiers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier
from escalade.entrees.fec import dossiers_du_fec, lire_clients
from escalade.entrees.fec_lettrage import lire_fec
from escalade.entrees.fec_lignes import COLONNES, lire_fichier_fec, lire_lignes_clients

ENTETE = "\t".join(COLONNES)


def ligne(
    journal: str,
    num: str,
    jour: str,
    compte: str,
    piece: str,
    debit: str = "0,00",
    credit: str = "0,00",
    aux: str = "",
    aux_lib: str = "",
    lettre: str = "",
    date_let: str = "",
    libelle: str = "",
) -> str:
    libelles = {"VT": "Journal des ventes", "BQ": "Banque Populaire", "OD": "Opérations diverses"}
    comptes = {"411": "Clients", "706": "Prestations de services", "44571": "TVA collectée"}
    return "\t".join(
        [
            journal,
            libelles[journal],
            num,
            jour,
            compte,
            comptes.get(compte[:3], comptes.get(compte, "Banque")),
            aux,
            aux_lib,
            piece,
            jour,
            libelle or piece,
            debit,
            credit,
            lettre,
            date_let,
            jour,
            "",
            "",
        ]
    )


def facture(
    num: str, jour: str, aux: str, nom: str, piece: str, ttc: str, lettre: str = ""
) -> list[str]:
    """A sales entry: customer debit, revenue and VAT credits (TTC = HT x 1.2)."""
    ht = (Decimal(ttc.replace(",", ".")) / Decimal("1.2")).quantize(Decimal("0.01"))
    tva = Decimal(ttc.replace(",", ".")) - ht
    return [
        ligne(
            "VT",
            num,
            jour,
            "411000",
            piece,
            debit=ttc,
            aux=aux,
            aux_lib=nom,
            lettre=lettre,
            date_let="20260331" if lettre else "",
        ),
        ligne("VT", num, jour, "706000", piece, credit=str(ht).replace(".", ",")),
        ligne("VT", num, jour, "44571", piece, credit=str(tva).replace(".", ",")),
    ]


def reglement(
    num: str,
    jour: str,
    aux: str,
    nom: str,
    piece: str,
    montant: str,
    lettre: str = "",
    libelle: str = "",
) -> list[str]:
    return [
        ligne("BQ", num, jour, "512000", piece, debit=montant),
        ligne(
            "BQ",
            num,
            jour,
            "411000",
            piece,
            credit=montant,
            aux=aux,
            aux_lib=nom,
            lettre=lettre,
            date_let="20260331" if lettre else "",
            libelle=libelle,
        ),
    ]


def avoir(
    num: str,
    jour: str,
    aux: str,
    nom: str,
    piece: str,
    ttc: str,
    lettre: str = "",
    libelle: str = "",
) -> list[str]:
    return [
        ligne(
            "VT",
            num,
            jour,
            "411000",
            piece,
            credit=ttc,
            aux=aux,
            aux_lib=nom,
            lettre=lettre,
            date_let="20260331" if lettre else "",
            libelle=libelle,
        ),
        ligne("VT", num, jour, "706000", piece, debit=ttc),
    ]


def fec_realiste() -> str:
    """Four customers.

    MARTIN: FA-001 1 200 paid in full (letter A); FA-002 600 paid 400 (letter B, partial:
      200 stay open); FA-003 300 unlettered. Open: 200 + 300 = 500.
    DUPONT: FA-004 2 400, credit note AV-001 400 and payment 2 000 all lettered C. Open: 0.
    LEROY: FA-005 1 000 and FA-006 500 paid by one transfer of 1 500 (letter D). Open: 0.
    INCONNU: FA-007 100, absent from the customer CSV (reported, no dossier).
    """
    lignes = [
        *facture("1", "20260110", "411MARTIN", "Boulangerie Martin", "FA-001", "1200,00", "A"),
        *facture("2", "20260120", "411MARTIN", "Boulangerie Martin", "FA-002", "600,00", "B"),
        *facture("3", "20260201", "411MARTIN", "Boulangerie Martin", "FA-003", "300,00"),
        *facture("4", "20260115", "411DUPONT", "Garage Dupont", "FA-004", "2400,00", "C"),
        *facture("5", "20260116", "411LEROY", "Leroy SARL", "FA-005", "1000,00", "D"),
        *facture("6", "20260117", "411LEROY", "Leroy SARL", "FA-006", "500,00", "D"),
        *facture("7", "20260118", "411INCONNU", "Client inconnu", "FA-007", "100,00"),
        *avoir("8", "20260125", "411DUPONT", "Garage Dupont", "AV-001", "400,00", "C"),
        *reglement("9", "20260210", "411MARTIN", "Boulangerie Martin", "VIR-01", "1200,00", "A"),
        *reglement("10", "20260215", "411MARTIN", "Boulangerie Martin", "VIR-02", "400,00", "B"),
        *reglement("11", "20260220", "411DUPONT", "Garage Dupont", "VIR-03", "2000,00", "C"),
        *reglement("12", "20260225", "411LEROY", "Leroy SARL", "VIR-04", "1500,00", "D"),
    ]
    return "\n".join([ENTETE, *lignes]) + "\n"


CLIENTS = """compte;nom;type;siren;email;adresse;code_postal;ville;delai_paiement
411MARTIN;Boulangerie Martin SAS;professionnel;552100554;compta@martin.fr;4 av. Foch;69006;Lyon;45
411DUPONT;Garage Dupont;professionnel;;;1 rue du Moulin / BP 12;57000;Metz;
411LEROY;Leroy SARL;professionnel;;;;33000;Bordeaux;
"""

CREANCIER = {
    "nom": "Atelier Durand SARL",
    "siren": "732829320",
    "adresse": {"lignes": ["12 rue de la Paix"], "code_postal": "75002", "ville": "Paris"},
}


def clients_du_fec(texte: str) -> dict[str, object]:
    return {c.client: c for c in lire_fec(lire_lignes_clients(texte.splitlines(True)))}


def test_partial_lettering_leaves_the_difference_open_on_the_invoice() -> None:
    martin = clients_du_fec(fec_realiste())["411MARTIN"]
    assert [(f["numero"], f["montant_ttc"]) for f in martin.factures] == [
        ("FA-001", Decimal("1200.00")),
        ("FA-002", Decimal("600.00")),
        ("FA-003", Decimal("300.00")),
    ]
    assert [(p["facture"], p["montant"], p["date"]) for p in martin.paiements] == [
        ("FA-001", Decimal("1200.00"), date(2026, 2, 10)),
        ("FA-002", Decimal("400.00"), date(2026, 2, 15)),
    ]
    # 1 200 + 600 + 300 - 1 200 - 400 = 500 (200 of FA-002 and all of FA-003)
    assert martin.restant() == Decimal("500.00")


def test_credit_note_lettered_with_its_invoice() -> None:
    dupont = clients_du_fec(fec_realiste())["411DUPONT"]
    assert [(a["numero"], a["facture"], a["montant"]) for a in dupont.avoirs] == [
        ("AV-001", "FA-004", Decimal("400.00"))
    ]
    assert [(p["facture"], p["montant"]) for p in dupont.paiements] == [
        ("FA-004", Decimal("2000.00"))
    ]
    assert dupont.restant() == 0  # 2 400 - 400 - 2 000


def test_one_transfer_paying_two_invoices_is_split_oldest_first() -> None:
    leroy = clients_du_fec(fec_realiste())["411LEROY"]
    assert [(p["facture"], p["montant"]) for p in leroy.paiements] == [
        ("FA-005", Decimal("1000.00")),
        ("FA-006", Decimal("500.00")),
    ]
    assert leroy.restant() == 0


def test_unlettered_credit_note_goes_to_the_invoice_its_label_names() -> None:
    texte = "\n".join(
        [
            ENTETE,
            *facture("1", "20260110", "411X", "X", "FA-1", "100,00"),
            *facture("2", "20260111", "411X", "X", "FA-2", "200,00"),
            *avoir("3", "20260112", "411X", "X", "AV-9", "50,00", libelle="Avoir sur FA-2"),
            *reglement("4", "20260113", "411X", "X", "VIR-9", "30,00"),
        ]
    )
    x = clients_du_fec(texte)["411X"]
    assert [(a["facture"], a["montant"]) for a in x.avoirs] == [("FA-2", Decimal("50.00"))]
    # the unlettered transfer names no invoice: the décompte imputes it (C. civ. 1342-10)
    assert [(p.get("facture"), p["montant"]) for p in x.paiements] == [(None, Decimal("30.00"))]
    assert x.restant() == Decimal("220.00")  # 100 + 200 - 50 - 30
    assert x.signalements == ()


def test_dossiers_merge_the_customer_csv_and_report_unknown_customers() -> None:
    resultat = dossiers_du_fec(
        lire_lignes_clients(fec_realiste().splitlines(True)),
        lire_clients(CLIENTS),
        CREANCIER,
        delai_suppletif=30,
    )
    assert resultat.clients_lus == 4
    assert [d["reference"] for d in resultat.dossiers] == [
        "FEC-411DUPONT",
        "FEC-411LEROY",
        "FEC-411MARTIN",
    ]
    assert [s.client for s in resultat.signalements] == ["411INCONNU"]
    assert "absent du fichier des clients" in resultat.signalements[0].message
    dossiers = {d["reference"]: Dossier.model_validate(d, strict=False) for d in resultat.dossiers}
    martin = dossiers["FEC-411MARTIN"]
    assert martin.debiteur.siren == "552100554"
    # agreed delay of 45 days: 2026-01-10 + 45 days = 2026-02-24
    assert martin.facture("FA-001").date_echeance == date(2026, 2, 24)
    dupont = dossiers["FEC-411DUPONT"]
    # supplementary delay of 30 days: 2026-01-15 + 30 = 2026-02-14
    assert dupont.facture("FA-004").date_echeance == date(2026, 2, 14)
    assert dupont.debiteur.adresse.lignes == ["1 rue du Moulin", "BP 12"]


def test_pipe_separator_and_latin9_file(tmp_path: Path) -> None:
    texte = fec_realiste().replace("\t", "|")
    chemin = tmp_path / "552100554FEC20261231.txt"
    chemin.write_bytes(texte.replace("Boulangerie", "Boulangère").encode("iso-8859-15"))
    lignes = list(lire_fichier_fec(chemin))
    assert lignes[0].client_lib == "Boulangère Martin"
    assert len(lignes) == 12  # one customer line per invoice (7), credit note (1), payment (4)


def _erreur(texte: str) -> EntreeInvalide:
    with pytest.raises(EntreeInvalide) as e:
        list(lire_lignes_clients(texte.splitlines(True), "fec.txt"))
    return e.value


def test_a_bad_date_is_named_by_line_and_column() -> None:
    lignes = fec_realiste().splitlines()
    champs = lignes[4].split("\t")
    champs[3] = "20261332"
    lignes[4] = "\t".join(champs)
    erreur = _erreur("\n".join(lignes))
    assert str(erreur) == (
        "fec.txt : champ « EcritureDate » : ligne 5, colonne 4 (EcritureDate) : date « 20261332 » "
        "invalide : attendu AAAAMMJJ (ex. 20260331)"
    )


def test_a_bad_amount_on_any_account_is_refused() -> None:
    lignes = fec_realiste().splitlines()
    champs = lignes[3].split("\t")  # a VAT line (44571), not a customer line
    champs[12] = "1 000,00"
    lignes[3] = "\t".join(champs)
    erreur = _erreur("\n".join(lignes))
    assert erreur.champ == "Credit"
    assert erreur.message.startswith("ligne 4, colonne 13 (Credit) : montant « 1 000,00 »")


def test_wrong_header_and_wrong_column_count() -> None:
    mauvais = ENTETE.replace("EcritureLet", "Lettrage")
    erreur = _erreur(mauvais + "\n")
    assert erreur.message == "ligne 1, colonne 14 : « Lettrage » au lieu de « EcritureLet »"
    lignes = fec_realiste().splitlines()
    lignes[2] += "\tde trop"
    assert _erreur("\n".join(lignes)).message.startswith("ligne 3 : 19 colonnes au lieu de 18")
    assert "en-tête" in _erreur("").message


def test_customer_csv_errors_name_line_and_column() -> None:
    with pytest.raises(EntreeInvalide) as e:
        lire_clients(CLIENTS.replace("Leroy SARL;professionnel", "Leroy SARL;entreprise"))
    assert e.value.message.startswith("ligne 4, colonne 3 (type) : « entreprise »")
