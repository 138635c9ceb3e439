"""What a credit manager saw in the letters (issue 17, items 1 to 4 and 6 to 8), read back
from the PDF with pdftotext (poppler-utils, in the Makefile's system packages).

Example D-2026-001 on 30 June 2026 (hand computations in tests/test_documents.py): two
invoices, 1 879,37 € of principal, 112,88 € of penalties at 12,15 %, 2 × 40 € of
indemnities: 2 072,25 € in all. The oldest invoice, FA-2025-0187, fell due on 15 October
2025: 16 + 30 + 31 + 31 + 28 + 31 + 30 + 31 + 30 = 258 days before 30 June 2026.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from escalade.documents.contextes import construire
from escalade.documents.rendu import normaliser, rendre_docx, rendre_pdf
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Contact, Dossier, EcheanceConvenue, Echeancier
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.politique_modele import TonRelances

RACINE = Path(__file__).resolve().parent.parent
LE = date(2026, 6, 30)


def exemple(nom: str) -> Dossier:
    return charger_fichier(next((RACINE / "examples").glob(f"{nom}*.yaml")))[0]


def pdftotext(contenu: bytes, tmp_path: Path, *pages: int, brut: bool = False) -> str:
    """The PDF's text as pdftotext reads it (`brut`: its lines kept, in reading order)."""
    chemin = tmp_path / "lettre.pdf"
    chemin.write_bytes(contenu)
    options = [] if brut else ["-layout"]
    if pages:
        options += ["-f", str(pages[0]), "-l", str(pages[-1])]
    sortie = subprocess.run(
        ["pdftotext", *options, str(chemin), "-"], check=True, capture_output=True, text=True
    ).stdout
    return sortie if brut else normaliser(sortie)


def texte(modele: str, d: Dossier, jur: Jurisprudence, tmp_path: Path, **options: object) -> str:
    return pdftotext(rendre_pdf(construire(modele, d, LE, jur, **options)).contenu, tmp_path)  # type: ignore[arg-type]


# --- 1. the payment plan adds up -------------------------------------------------------


def _avec_echeancier(d: Dossier, *montants: str) -> Dossier:
    plan = Echeancier(
        convenu_le=LE,
        echeances=[
            EcheanceConvenue(date=date(2026, 7 + i, 15), montant=Decimal(m))
            for i, m in enumerate(montants)
        ],
    )
    return d.model_copy(update={"echeanciers": [plan]})


def test_l_echeancier_dit_ce_que_le_creancier_abandonne(jur: Jurisprudence, tmp_path: Path) -> None:
    # Plan of 1 000,00 + 879,37 = 1 879,37 €, the principal only: 2 072,25 - 1 879,37 =
    # 192,88 € are waived, the penalties (112,88 €) first, then the indemnities (80,00 €).
    d = _avec_echeancier(exemple("01"), "1000.00", "879.37")
    t = texte("echeancier", d, jur, tmp_path)
    assert "reconnaît devoir, au 30 juin 2026, la somme de 2 072,25 €" in t
    assert "s'engage à payer la somme de 1 879,37 €" in t
    assert (
        "le créancier renonce au surplus de la somme reconnue, soit 192,88 € (cent "
        "quatre-vingt-douze euros et quatre-vingt-huit centimes) : 112,88 € de pénalités de "
        "retard et 80,00 € d'indemnités forfaitaires." in t
    )


def test_l_echeancier_egal_a_la_dette_n_abandonne_rien(jur: Jurisprudence, tmp_path: Path) -> None:
    d = _avec_echeancier(exemple("01"), "1000.00", "1072.25")
    t = texte("echeancier", d, jur, tmp_path)
    assert "s'engage à payer la somme de 2 072,25 €" in t
    assert "renonce" not in t and "excède" not in t


def test_l_echeancier_abandonne_aussi_du_principal(jur: Jurisprudence) -> None:
    # 2 072,25 - 1 800,00 = 272,25 €: 112,88 of penalties, 80,00 of indemnities, and
    # 272,25 - 192,88 = 79,37 € of principal.
    d = _avec_echeancier(exemple("01"), "900.00", "900.00")
    e = construire("echeancier", d, LE, jur).donnees["echeancier"]
    assert e["abandon"] == Decimal("272.25")
    assert [(p["montant"], p["nature"]) for p in e["abandon_parts"]] == [
        (Decimal("112.88"), "pénalités de retard"),
        (Decimal("80.00"), "indemnités forfaitaires"),
        (Decimal("79.37"), "principal"),
    ]


# --- 2. the wording follows the delay ---------------------------------------------------


@pytest.mark.parametrize(
    ("ton", "attendu", "absent"),
    [
        (TonRelances(ferme_apres_jours=300, ancien_apres_jours=400),
         "Il s'agit peut-être d'un simple oubli.", "échue depuis"),
        (TonRelances(ferme_apres_jours=200, ancien_apres_jours=300),
         "La plus ancienne de ces factures est échue depuis le 15 octobre 2025, soit 258 "
         "jours. Nous vous demandons de bien vouloir procéder au règlement", "simple oubli"),
        (None,
         "La plus ancienne de ces factures est échue depuis le 15 octobre 2025, soit 258 "
         "jours : ce retard est important. Nous vous demandons de procéder sans délai au "
         "règlement de la somme de 2 072,25 €.", "simple oubli"),
    ],
)  # fmt: skip
def test_la_relance_choisit_ses_mots_selon_le_retard(
    jur: Jurisprudence, tmp_path: Path, ton: TonRelances | None, attendu: str, absent: str
) -> None:
    t = texte("relance_1", exemple("01"), jur, tmp_path, ton=ton)
    assert attendu in t
    assert absent not in t


def test_la_politique_fixe_les_seuils_du_ton(jur: Jurisprudence) -> None:
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.recouvrement.fichier_politique import lire_politique

    p = lire_politique({"ton_relances": {"ferme_apres_jours": 15}}, "p.yaml", jur)
    assert p.ton_relances == TonRelances(ferme_apres_jours=15, ancien_apres_jours=90)
    with pytest.raises(EntreeInvalide, match=r"ton_relances\.ancien_apres_jours"):
        lire_politique({"ton_relances": {"ancien_apres_jours": 10}}, "p.yaml", jur)


# --- 3. no internal note or result in a letter ----------------------------------------------


def _avec_appel(d: Dossier) -> Dossier:
    appel = Contact(
        le=datetime(2026, 6, 2, 11, 0, tzinfo=PARIS),
        canal="telephone",
        interlocuteur="M. Martin",
        objet="relance_telephonique",
        resultat="promesse de paiement",
        note="conteste F2026-187",
    )
    return d.model_copy(update={"contacts": [*d.contacts, appel]})


@pytest.mark.parametrize("modele", ["mise_en_demeure", "derniere_relance", "relance_2"])
def test_les_lettres_ne_citent_ni_resultat_ni_note(
    jur: Jurisprudence, tmp_path: Path, modele: str
) -> None:
    c = construire(modele, _avec_appel(exemple("01")), LE, jur)
    for t in (pdftotext(rendre_pdf(c).contenu, tmp_path), texte_docx_de(rendre_docx(c))):
        assert "promesse de paiement" not in t and "F2026-187" not in t and "M. Martin" not in t
    t = pdftotext(rendre_pdf(c).contenu, tmp_path)
    if modele == "mise_en_demeure":  # its date and channel are cited
        assert "02/06/2026 appel téléphonique Relance téléphonique" in t


def test_la_fiche_d_appel_interne_garde_les_resultats(jur: Jurisprudence, tmp_path: Path) -> None:
    t = texte("fiche_appel", _avec_appel(exemple("01")), jur, tmp_path)
    assert "promesse de paiement" in t


# --- 4. page layout: the closing with the signature, a running header ----------------------


def test_la_signature_n_est_jamais_seule_et_la_page_2_a_son_en_tete(
    jur: Jurisprudence, tmp_path: Path
) -> None:
    pdf = rendre_pdf(construire("mise_en_demeure", exemple("01"), LE, jur))
    assert pdf.pages == 2
    premiere = pdftotext(pdf.contenu, tmp_path, 1)
    seconde = pdftotext(pdf.contenu, tmp_path, 2)
    assert "Réf. D-2026-001-MED – page 2/2" in seconde and "Atelier Durand SARL" in seconde
    assert "page 1/2" not in premiere  # the first page has the letterhead instead
    # The closing formula, and the paragraph before it, go with the signature.
    assert "Nous vous prions d'agréer, Madame, Monsieur," in seconde
    assert "Claire Durand, gérante" in seconde
    assert "À défaut de règlement dans ce délai" in seconde
    assert "salutations distinguées" not in premiere


# --- 6. typography ----------------------------------------------------------------------------


def test_elision_courriel_insecable_et_deux_points(jur: Jurisprudence, tmp_path: Path) -> None:
    c = construire("mise_en_demeure", exemple("01"), LE, jur)
    pdf = rendre_pdf(c).contenu
    assert "à l'ordre d'Atelier Durand SARL" in pdftotext(pdf, tmp_path)
    lignes = pdftotext(pdf, tmp_path, brut=True).splitlines()
    assert not [x for x in lignes if x.strip()[:1] in (":", ";", "»")]
    assert any("compta@atelier-durand.fr" in x for x in lignes)
    # Every « : » of the letter follows a non-breaking space, in the HTML and the DOCX.
    from escalade.documents.rendu import rendre_html

    html = rendre_html(c)
    assert "Réf.\u00a0: D-2026-001-MED" in html
    assert "Réf.\u00a0:" in texte_docx_xml(rendre_docx(c))
    assert not re.search(r"[ \t\n][:;»]", texte_html_brut(html))
    assert "l'ordre d'Atelier Durand SARL" in texte_docx_de(rendre_docx(c))


def test_de_elide_devant_une_voyelle() -> None:
    from escalade.documents.environnement import de

    assert de("Atelier Durand") == "d'Atelier Durand"
    assert de("Éditions Lumen") == "d'Éditions Lumen"
    assert de("Boulangerie Martin") == "de Boulangerie Martin"


# --- 7. civility ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("civilite", "appel"), [("Mme", "Madame"), ("M.", "Monsieur"), (None, "Madame, Monsieur")]
)
def test_la_civilite_choisit_l_appel(
    jur: Jurisprudence, tmp_path: Path, civilite: str | None, appel: str
) -> None:
    d = exemple("02")
    debiteur = d.debiteur.model_copy(update={"nom": "Alice Bernard", "civilite": civilite})
    d = d.model_copy(update={"debiteur": debiteur})
    c = construire("relance_1", d, LE, jur)
    for t in (pdftotext(rendre_pdf(c).contenu, tmp_path), texte_docx_de(rendre_docx(c))):
        assert "Alice Bernard 18 rue des Lilas" in t
        assert f"{appel}, Sauf erreur" in t
        assert f"Nous vous prions d'agréer, {appel}, l'expression" in t
        if civilite:
            assert "Madame, Monsieur" not in t


def texte_docx_xml(contenu: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(contenu)) as z:
        return z.read("word/document.xml").decode("utf-8")


def texte_html_brut(source: str) -> str:
    """The HTML's text nodes, spaces as they are (head and tags removed)."""
    import html

    corps = source.split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", corps))


def texte_docx_de(contenu: bytes) -> str:
    from escalade.documents.rendu import texte_docx

    return texte_docx(contenu)


# --- 8. company mentions ------------------------------------------------------------------------


def test_rcs_et_capital_social_de_l_expediteur(jur: Jurisprudence, tmp_path: Path) -> None:
    d = exemple("01")
    creancier = d.creancier.model_copy(
        update={"rcs": "Paris", "capital_social": Decimal("10000"), "forme_juridique": "SARL"}
    )
    c = construire("relance_1", d.model_copy(update={"creancier": creancier}), LE, jur)
    for t in (pdftotext(rendre_pdf(c).contenu, tmp_path), texte_docx_de(rendre_docx(c))):
        assert "Atelier Durand SARL (SARL au capital de 10 000 €)" in t
        assert "SIREN 732829320 RCS Paris" in t


def test_sans_rcs_ni_capital_rien_n_est_invente(jur: Jurisprudence, tmp_path: Path) -> None:
    t = texte("relance_1", exemple("01"), jur, tmp_path)
    assert "RCS" not in t and "capital" not in t
    assert "SIREN 732829320 Tél. 01 42 00 00 00" in t


def test_le_modele_de_dossier_accepte_civilite_rcs_et_capital() -> None:
    from pydantic import ValidationError

    from escalade.droit.parties import Creancier

    c = Creancier.model_validate(
        {
            "nom": "X SAS",
            "civilite": "Mme",
            "rcs": "Lyon",
            "capital_social": "1500.50",
            "adresse": {"code_postal": "69001", "ville": "Lyon"},
        }
    )
    assert (c.civilite, c.rcs, c.capital_social) == ("Mme", "Lyon", Decimal("1500.50"))
    with pytest.raises(ValidationError, match="civilite"):
        Creancier.model_validate(
            {"nom": "X", "civilite": "Mlle", "adresse": {"code_postal": "69001", "ville": "L"}}
        )


def test_un_evenement_enregistre_s_accorde(capsys, depot: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import yaml
    from stockage_commun import donnees, lancer

    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(donnees(), allow_unicode=True), "utf-8")
    lancer(capsys, "importer", str(f))
    code, out, _ = lancer(capsys, "mise-en-demeure", "envoyee", "S-001", "--date", "2026-04-03",
                          "--le", "2026-04-03")  # fmt: skip
    assert code == 0 and out.startswith("Mise en demeure enregistrée pour S-001"), out
    code, out, _ = lancer(capsys, "paiement", "S-001", "--montant", "10.00", "--date",
                          "2026-04-04", "--le", "2026-04-04")  # fmt: skip
    assert code == 0 and out.startswith("Paiement enregistré pour S-001"), out
    assert "(e)" not in out


def test_la_fiche_d_appel_donne_la_civilite_des_interlocuteurs(
    jur: Jurisprudence, tmp_path: Path
) -> None:
    from escalade.droit.parties import Interlocuteur

    d = exemple("01")
    i = Interlocuteur(nom="Claire Petit", civilite="Mme", role="comptable")
    d = d.model_copy(update={"debiteur": d.debiteur.model_copy(update={"interlocuteurs": [i]})})
    c = construire("fiche_appel", d, LE, jur)
    for t in (pdftotext(rendre_pdf(c).contenu, tmp_path), texte_docx_de(rendre_docx(c))):
        assert "Mme Claire Petit comptable" in t
