"""Public sample files (tests/donnees_publiques, see its SOURCES.md): every euro e-invoice,
CAMT.053 statement and FEC, written by other projects, run through the importers.

The expected outcomes come from each file's own data, not from escalade:
- e-invoices: the amount due for payment the file states (CII DuePayableAmount / UBL
  PayableAmount, as listed in SOURCES.md), a credit note by its type code (381…) or a
  negative amount due, nothing to collect when it is zero, and the two files whose due
  date precedes their issue date refused (data not valid);
- statements: the booked credit entries in euros and their sum, counted by a plain XPath
  walk of the file in this test;
- FEC: each customer account's balance (debits less credits of its lines), summed in this
  test from the raw columns.

The measured counts are printed (pytest -s) and reported in the README.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.facturx import dossier_de_facture, lire_facture
from escalade.entrees.fec_lettrage import lire_fec
from escalade.entrees.fec_lignes import lire_fichier_fec
from escalade.entrees.releve_bancaire import lire_releve
from escalade.entrees.validation_dossier import valider_dossier
from escalade.recouvrement.etat_creance import principal_restant

DONNEES = Path(__file__).parent / "donnees_publiques"
INDEX = json.loads((DONNEES / "index.json").read_text(encoding="utf-8"))

# The creditor given with --creancier when an invoice lacks the seller's address (MINIMUM),
# and the debtor already in the store when it lacks the buyer's (matched by SIREN).
CREANCIER = {
    "nom": "Vendeur SAS",
    "adresse": {"lignes": ["1 rue de la Paix"], "code_postal": "75002", "ville": "Paris"},
}
DEBITEUR_CONNU = {
    "nom": "Acheteur connu",
    "type": "professionnel",
    "adresse": {"lignes": ["4 avenue Foch"], "code_postal": "69006", "ville": "Lyon"},
}

# Amount due (BT-115) as each file states it, or its nature.
ATTENDU_FACTURES = {
    "facturx/zf1_ZUGFeRD_1p0_BASIC_Einfach.pdf": "235.62",
    "facturx/zf1_ZUGFeRD_1p0_BASIC_Rechnungskorrektur.pdf": "avoir",
    "facturx/zf1_ZUGFeRD_1p0_COMFORT_Einfach.pdf": "529.87",
    "facturx/zf1_ZUGFeRD_1p0_COMFORT_Rabatte.pdf": "165.14",
    "facturx/zf1_ZUGFeRD_1p0_COMFORT_Rechnungskorrektur.pdf": "rien",
    "facturx/zf1_ZUGFeRD_1p0_EXTENDED_Warenrechnung.pdf": "518.99",
    "facturx/zf1_acme_invoice-42_ZUGFeRD.pdf": "119",
    "facturx/zf1_MustangGnuaccountingBeispielRE-20170509_505.pdf": "571.04",
    "facturx/fnfe_Avoir_FR_type381_BASIC.pdf": "avoir",
    "facturx/fnfe_Facture_DOM_BASICWL.pdf": "383.75",
    "facturx/fnfe_Facture_FR_BASICWL.pdf": "470.15",
    "facturx/fnfe_Facture_FR_MINIMUM.pdf": "470.15",
    "facturx/fnfe_Facture_UE_BASICWL.pdf": "1453.76",
    "facturx/fnfe_Facture_UE_MINIMUM.pdf": "1453.76",
    "facturx/fnfe_fail_Facture_FR_EN16931.pdf": "470.15",
    "facturx/fnfe_fail_Facture_FR_BASIC.pdf": "470.15",
    "facturx/fnfe_fail_Facture_UE_EN16931.pdf": "1453.76",
    "facturx/fnfe_fail_Avoir_FR_type381_EN16931.pdf": "avoir",
    "facturx/fnfe_fail_Avoir_FR_type380_EN16931.pdf": "avoir",
    "facturx/MustangGnuaccountingBeispielRE-20201121_508.pdf": "571.04",
    "facturx/sample_inofficial_20190125_atgp_factur-x_v_1_0.pdf": "470.15",
    "facturx/zugferd_2p0_MINIMUM.pdf": "235.62",
    "facturx/zugferd_2p0_BASIC_Einfach.pdf": "235.62",
    "facturx/zugferd_2p0_BASIC_Taxifahrt.pdf": "18.08",
    "facturx/zugferd_2p0_EN16931_Einfach.pdf": "529.87",
    "facturx/zugferd_2p0_EN16931_Gutschrift.pdf": "529.87",
    "facturx/zugferd_2p0_EN16931_Rechnungskorrektur.pdf": "avoir",
    "facturx/zugferd_2p0_EN16931_Innergemeinschaftliche_Lieferungen.pdf": "2000.00",
    "facturx/zugferd_2p0_EN16931_1_Teilrechnung.pdf": "147.65",
    "facturx/zugferd_2p0_EN16931_2_Teilrechnung.pdf": "23.54",
    "facturx/zugferd_2p0_EXTENDED_Warenrechnung.pdf": "518.99",
    "facturx/zugferd_2p0_EXTENDED_Kostenrechnung.pdf": "480.22",
    "facturx/xmlrechnung_EN16931_Einfach_negativePaymentDue.pdf": "avoir",
    "facturx/xmlrechnung_XRECHNUNG_Einfach.pdf": "529.87",
    "facturx/xmlrechnung_EN16931_1_Teilrechnung.cii.xml": "147.65",
    "facturx/xmlrechnung_EN16931_Rechnungskorrektur.cii.xml": "avoir",
    "facturx/xmlrechnung_EN16931_Einfach_negativePaymentDue.cii.xml": "avoir",
    "facturx/xmlrechnung_EN16931_Innergemeinschaftliche_Lieferungen.cii.xml": "2000.00",
    "facturx/xmlrechnung_XRECHNUNG_Einfach.cii.xml": "529.87",
    "facturx/testout-ZF2PushCreditNote.xml": "avoir",
    "facturx/testout-ZF2PushCorrection.xml": "avoir",
    "facturx/testout-ZF2PushReverseCharge.xml": "15.00",
    "facturx/ZUGFeRD-invoice_rabatte_3_abschlag_duepayableamount.xml": "14.74",
    "facturx/akretion_factur-x-minimum.xml": "104.90",
    "facturx/akretion_factur-x-basicwl.xml": "104.90",
    "facturx/akretion_factur-x-basic.xml": "104.90",
    "facturx/akretion_factur-x-en16931.xml": "104.90",
    "facturx/akretion_factur-x-extended.xml": "104.90",
    "facturx/akretion_zugferd-basic.xml": "235.62",
    "facturx/akretion_zugferd-comfort.xml": "529.87",
    "facturx/akretion_zugferd-extended.xml": "1256.70",
    "facturx/akretion_invoice_EN16931.pdf": "104.90",
    "facturx/cen_CII_example1.xml": "250.33",
    "facturx/cen_CII_example8.xml": "1099.78",
    "facturx/cen_CII_example9.xml": "177.87",
    "facturx/cen_CII_business_example_02.xml": "invalide:BT-9",
    "facturx/cen_XRechnung-O.xml": "invalide:BT-9",
    "facturx/cen_CII-BR-CO-10-RoundingIssue.xml": "rien",
    "facturx/kosit_01.18a-INVOICE_uncefact.xml": "10555.3",
    "facturx/kosit_03.01a-INVOICE_uncefact.xml": "avoir",
    "facturx/kosit_03.04a-INVOICE_uncefact.xml": "1997.62",
    "facturx/kosit_02.03a-INVOICE_uncefact.xml": "rien",
    "ubl/akretion_ubl-21-en16931.xml": "208.03",
    "ubl/akretion_ubl-21-extended-ctc-fr.xml": "208.03",
    "ubl/cen_ubl-tc434-creditnote1.xml": "avoir",
    "ubl/cen_ubl-tc434-example1.xml": "250.33",
    "ubl/cen_ubl-tc434-example9.xml": "177.87",
    "ubl/cen_sample-discount-price.xml": "15.15",
    "ubl/cen_BIS_Billing_30-Factoring.xml": "115000",
    "ubl/kosit_01.01a-INVOICE_ubl.xml": "336.9",
    "ubl/kosit_01.18a-INVOICE_ubl.xml": "10555.3",
    "ubl/kosit_01.20a-INVOICE_ubl.xml": "357.00",
    "ubl/kosit_02.03a-INVOICE_ubl.xml": "rien",
    "ubl/kosit_03.01a-INVOICE_ubl.xml": "avoir",
    "ubl/kosit_03.04a-INVOICE_ubl.xml": "1997.62",
    "ubl/kosit_01.14a-INVOICE_ubl.xml": "12829.69",
    "ubl/xmlrechnung_EN16931_Rechnungskorrektur.ubl.xml": "avoir",
    "ubl/xmlrechnung_EN16931_1_Teilrechnung.ubl.xml": "147.65",
}


def _issue_facture(fichier: str) -> str:
    f = lire_facture(DONNEES / fichier)
    if f.avoir:
        return "avoir"
    if f.montant_du == 0:
        return "rien"
    try:
        dossier = valider_dossier(
            dossier_de_facture(
                f,
                30,
                creancier_donne=CREANCIER if f.vendeur.adresse is None else None,
                debiteur_connu=DEBITEUR_CONNU if f.acheteur.adresse is None else None,
            ),
            f.fichier,
        )
    except EntreeInvalide as e:
        return f"invalide:{'BT-9' if 'échéance' in e.message else e.champ}"
    restant = principal_restant(dossier, f.date_emission)
    return format(sum(restant.values(), Decimal(0)), "f")


def test_every_euro_e_invoice_gives_the_amount_due_the_file_states() -> None:
    fichiers = [x["file"] for x in INDEX if x["kind"] in ("facturx", "ubl")]
    assert sorted(fichiers) == sorted(ATTENDU_FACTURES)
    issues = {f: _issue_facture(f) for f in fichiers}
    faux = {f: (issues[f], ATTENDU_FACTURES[f]) for f in fichiers
            if _normal(issues[f]) != _normal(ATTENDU_FACTURES[f])}  # fmt: skip
    print(f"\nfactures électroniques en euros : {len(fichiers) - len(faux)} / {len(fichiers)}")
    assert faux == {}
    assert Counter(_nature(v) for v in issues.values()) == {
        "montant": 58, "avoir": 14, "rien": 4, "invalide": 2,
    }  # fmt: skip


def _normal(v: str) -> str:
    try:
        return format(Decimal(v).quantize(Decimal("0.01")), "f")
    except ArithmeticError:
        return v


def _nature(v: str) -> str:
    return v.split(":")[0] if not v[:1].isdigit() else "montant"


# --- statements ----------------------------------------------------------------------

_CREDITS = (
    "//*[local-name()='Ntry'][*[local-name()='CdtDbtInd']='CRDT']"
    "[not(*[local-name()='RvslInd']='true')]"
)


def _attendu_releve(contenu: bytes) -> tuple[int, Decimal]:
    """Booked euro credits of a statement and their sum, by a plain XPath walk."""
    nombre, total = 0, Decimal(0)
    for ntry in etree.fromstring(contenu).xpath(_CREDITS):
        statut = "".join(ntry.xpath("string(*[local-name()='Sts'])")).strip()
        if statut not in ("", "BOOK"):
            continue
        txs = ntry.xpath("*[local-name()='NtryDtls']/*[local-name()='TxDtls']")
        montants = (
            [
                tx.xpath(
                    "(*[local-name()='Amt'] | *[local-name()='AmtDtls']/*[local-name()="
                    "'TxAmt']/*[local-name()='Amt'])[1]"
                )[0]
                for tx in txs
            ]
            if len(txs) > 1
            else ntry.xpath("*[local-name()='Amt']")
        )
        for amt in montants:
            if amt.get("Ccy") == "EUR":
                nombre += 1
                total += Decimal(amt.text.strip())
    return nombre, total


def test_every_euro_camt053_is_read() -> None:
    import zipfile

    fichiers = [
        x["file"] for x in INDEX if x["kind"] == "camt053" and x["currency"].startswith("EUR")
    ]
    lus = 0
    for fichier in fichiers:
        chemin = DONNEES / fichier
        if chemin.suffix == ".zip":
            with zipfile.ZipFile(chemin) as z:
                parts = [_attendu_releve(z.read(n)) for n in z.namelist()]
            attendu = (sum(p[0] for p in parts), sum((p[1] for p in parts), Decimal(0)))
        else:
            attendu = _attendu_releve(chemin.read_bytes())
        releve = lire_releve(chemin)
        lu = (len(releve.credits), sum((c.montant for c in releve.credits), Decimal(0)))
        assert lu == attendu, fichier
        lus += 1
    print(f"\nrelevés CAMT.053 en euros lus : {lus} / {len(fichiers)}")
    assert lus == len(fichiers) == 21
    with pytest.raises(EntreeInvalide, match="aucun relevé"):
        lire_releve(DONNEES / "camt053/genkgo_camt053.v2.wrong.xml")


# --- FEC -----------------------------------------------------------------------------


def _soldes(chemin: Path, prefixe: str) -> dict[str, Decimal]:
    """Debits less credits of each customer account, from the raw columns."""
    brut = chemin.read_bytes()
    try:
        texte = brut.decode("utf-8-sig")
    except UnicodeDecodeError:
        texte = brut.decode("iso-8859-15")
    lignes = texte.splitlines()
    sep = "\t" if lignes[0].count("\t") > lignes[0].count("|") else "|"
    soldes: dict[str, Decimal] = {}
    for ligne in lignes[1:]:
        c = ligne.split(sep)
        if len(c) < 18 or not c[4].strip().startswith(prefixe):
            continue
        cle = c[6].strip() or c[4].strip()
        debit, credit = (Decimal(x.strip().replace(",", ".") or 0) for x in (c[11], c[12]))
        soldes[cle] = soldes.get(cle, Decimal(0)) + debit - credit
    return soldes


@pytest.mark.parametrize(
    ("fichier", "prefixe"),
    [(x["file"], "411") for x in INDEX if x["kind"] == "fec" and x["currency"].startswith("EUR")]
    + [(x["file"], "121") for x in INDEX if x["kind"] == "fec" and x["currency"] == "USD"],
)
def test_every_fec_gives_each_customer_its_balance(fichier: str, prefixe: str) -> None:
    chemin = DONNEES / fichier
    clients = {c.client: c for c in lire_fec(lire_fichier_fec(chemin, (prefixe,)))}
    soldes = _soldes(chemin, prefixe)
    assert clients and set(clients) == set(soldes)
    for cle, c in clients.items():
        # what the dossier claims, plus the opening balance reported as not taken back
        assert c.restant() + c.ouverture_non_reprise == soldes[cle], (fichier, cle)
        numeros = [f["numero"] for f in c.factures]
        assert len(numeros) == len(set(numeros)), (fichier, cle)  # never two merged
        assert "-" not in numeros and "" not in numeros
