"""Factur-X PDFs generated with the library, and plain CII / UBL XML."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier
from escalade.entrees.facturx import dossier_de_facture, lire_facture

CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
 xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
  <ram:ID>urn:factur-x.eu:1p0:basicwl</ram:ID>
 </ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument>
  <ram:ID>{numero}</ram:ID><ram:TypeCode>{type}</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260301</udt:DateTimeString>
  </ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Atelier Durand SARL</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">732829320</ram:ID>
    </ram:SpecifiedLegalOrganization>
    <ram:PostalTradeAddress><ram:PostcodeCode>75002</ram:PostcodeCode>
     <ram:LineOne>12 rue de la Paix</ram:LineOne><ram:CityName>Paris</ram:CityName>
     <ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR44732829320</ram:ID>
    </ram:SpecifiedTaxRegistration>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Boulangerie Martin SAS</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">55210055400013</ram:ID>
    </ram:SpecifiedLegalOrganization>
    <ram:PostalTradeAddress><ram:PostcodeCode>69006</ram:PostcodeCode>
     <ram:LineOne>4 avenue Foch</ram:LineOne><ram:CityName>Lyon</ram:CityName>
     <ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
   </ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery/>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:PaymentReference>{numero}</ram:PaymentReference>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>
    <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FR7630006000011234567890189</ram:IBANID>
    </ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
   <ram:ApplicableTradeTax><ram:CalculatedAmount>200.00</ram:CalculatedAmount>
    <ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>1000.00</ram:BasisAmount>
    <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20.00</ram:RateApplicablePercent>
   </ram:ApplicableTradeTax>
   <ram:SpecifiedTradePaymentTerms>
    <ram:Description>30 jours net ; pénalités : 3 fois le taux légal ; indemnité 40 €
    </ram:Description>
    <ram:DueDateDateTime><udt:DateTimeString format="102">20260331</udt:DateTimeString>
    </ram:DueDateDateTime>
   </ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:LineTotalAmount>1000.00</ram:LineTotalAmount>
    <ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">200.00</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>1200.00</ram:GrandTotalAmount>
    <ram:TotalPrepaidAmount>200.00</ram:TotalPrepaidAmount>
    <ram:DuePayableAmount>1000.00</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def cii(numero: str = "FA-2026-0042", type_: str = "380") -> bytes:
    return CII.replace("{numero}", numero).replace("{type}", type_).encode()


def pdf_simple() -> bytes:
    """A one-page PDF drawn with pypdf (no renderer needed)."""
    from pypdf import PdfWriter

    ecrivain = PdfWriter()
    ecrivain.add_blank_page(595, 842)
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def facturx_pdf(tmp_path: Path, numero: str = "FA-2026-0042") -> Path:
    from facturx import generate_from_binary

    contenu = generate_from_binary(pdf_simple(), cii(numero), flavor="factur-x", level="basicwl")
    chemin = tmp_path / f"{numero}.pdf"
    chemin.write_bytes(contenu)
    return chemin


def test_facturx_pdf_gives_the_invoice_and_keeps_the_pdf_as_evidence(tmp_path: Path) -> None:
    chemin = facturx_pdf(tmp_path)
    f = lire_facture(chemin)
    assert (f.syntaxe, f.profil) == ("factur-x", "urn:factur-x.eu:1p0:basicwl")
    assert f.numero == "FA-2026-0042"
    assert (f.date_emission, f.date_echeance) == (date(2026, 3, 1), date(2026, 3, 31))
    # 1 000 HT + 200 VAT = 1 200 TTC; 200 prepaid, so 1 000 due
    assert (f.montant_ttc, f.montant_du) == (Decimal("1200.00"), Decimal("1000.00"))
    assert f.iban == "FR7630006000011234567890189"
    assert f.conditions_paiement == (
        "30 jours net ; pénalités : 3 fois le taux légal ; indemnité 40 €"
    )
    assert (f.vendeur.nom, f.vendeur.siren, f.vendeur.tva) == (
        "Atelier Durand SARL",
        "732829320",
        "FR44732829320",
    )
    # a SIRET (scheme 0009) gives the SIREN: its first nine digits
    assert (f.acheteur.nom, f.acheteur.siren) == ("Boulangerie Martin SAS", "552100554")
    assert f.pieces == (str(chemin),)
    dossier = Dossier.model_validate(dossier_de_facture(f), strict=False)
    assert dossier.reference == "FX-552100554"
    assert dossier.creancier.iban == "FR7630006000011234567890189"
    assert dossier.factures[0].pieces == [str(chemin)]
    assert dossier.debiteur.adresse.ville == "Lyon"


def test_plain_cii_and_ubl_xml(tmp_path: Path) -> None:
    import facturx
    from facturx.parse_xml import parse_ubl_cii_xml

    xml = tmp_path / "FA-7.xml"
    xml.write_bytes(cii("FA-7"))
    f = lire_facture(xml)
    assert (f.numero, f.pieces) == ("FA-7", ())
    donnees = parse_ubl_cii_xml(cii("FA-8"), check_xsd=False)
    donnees["BG-25"] = [
        {
            "BT-126": "1",
            "BT-129": "1",
            "BT-130": "C62",
            "BT-131": "1000.00",
            "BT-146": "1000.00",
            "BT-151": "S",
            "BT-152": "20.00",
            "BT-153": "Prestation",
        }
    ]
    donnees["BT-10"] = "CMD-1"
    ubl = tmp_path / "FA-8.xml"
    ubl.write_bytes(
        facturx.generate_xml(donnees, flavor="ubl-2.1", level="en16931", check_schematron=False)
    )
    g = lire_facture(ubl)
    assert (g.syntaxe, g.numero, g.montant_ttc, g.date_echeance) == (
        "ubl",
        "FA-8",
        Decimal("1200.00"),
        date(2026, 3, 31),
    )


def test_credit_note_is_not_imported_as_an_invoice(tmp_path: Path) -> None:
    xml = tmp_path / "AV-1.xml"
    xml.write_bytes(cii("AV-1", "381"))
    f = lire_facture(xml)
    assert f.avoir
    with pytest.raises(EntreeInvalide, match="est un avoir"):
        dossier_de_facture(f)


def test_bad_files_are_refused_in_french(tmp_path: Path) -> None:
    simple = tmp_path / "scan.pdf"
    simple.write_bytes(pdf_simple())
    with pytest.raises(EntreeInvalide, match="ne contient pas de facture électronique"):
        lire_facture(simple)
    casse = tmp_path / "casse.xml"
    casse.write_bytes(b"<a>\n<b></a>")
    with pytest.raises(EntreeInvalide) as e:
        lire_facture(casse)
    assert e.value.message.startswith("XML mal formé, ligne 2, colonne")
    sans_numero = tmp_path / "sans.xml"
    sans_numero.write_bytes(cii("").replace(b"<ram:ID></ram:ID>", b"<ram:ID> </ram:ID>"))
    with pytest.raises(EntreeInvalide) as e:
        lire_facture(sans_numero)
    assert (e.value.champ, e.value.message) == ("BT-1", "numéro de facture absent")
