"""Letters: every template in PDF/A-3b and DOCX for every example dossier, read back.

Hand computations used below:
- D-2026-002 (consumer, Bordeaux): 1 850,00 € unpaid; the mise en demeure was received on
  Monday 2 March 2026; legal interest ("autres cas", 2026 S1: 2,62 %) runs from 3 March to
  30 June 2026 = 29 + 30 + 31 + 30 = 120 days: 1850 × 2,62 % × 120 / 365 = 15,935... →
  15,94 €; total 1 865,94 € ("mille huit cent soixante-cinq euros et quatre-vingt-quatorze
  centimes"). Deadline: 15 days from 2 March = Tuesday 17 March 2026 (CPC 641, a working
  day: no extension under 642).
- D-2026-001 (B2B): two invoices paid late: 2 × 40 € = 80 € of indemnities (D441-5); the
  penalty rate in 2026 S1 is the ECB rate on 1 January 2026 (2,15 %) + 10 points = 12,15 %.
  No mise en demeure has been sent: the letter states the rule (eight days from reception)
  and no date.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from docxtpl import DocxTemplate
from jinja2 import meta

from escalade.documents.catalogue import MODELES
from escalade.documents.contextes import construire
from escalade.documents.emplacement_modeles import dossier_modeles
from escalade.documents.environnement import environnement, montant
from escalade.documents.rendu import (
    RenduInvalide,
    contexte_docx,
    normaliser,
    rendre_docx,
    rendre_pdf,
    texte_docx,
)
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Contact, Dossier, EcheanceConvenue, Echeancier, MiseEnDemeure
from escalade.droit.parties import Mandataire
from escalade.droit.serialisation import decompte_en_dict
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = sorted((RACINE / "examples").glob("*.yaml"))
LE = date(2026, 6, 30)


def exemple(nom: str) -> Dossier:
    return charger_fichier(next(p for p in EXEMPLES if p.name.startswith(nom)))[0]


def complete(d: Dossier) -> Dossier:
    """An example plus a phone call with an agreement and a payment plan (for the two
    documents that need them)."""
    appel = Contact(
        le=datetime(2026, 6, 29, 10, 0, tzinfo=PARIS),
        canal="telephone",
        interlocuteur="la comptabilité",
        objet="relance_telephonique",
        resultat="accord",
        note="Paiement en deux fois accepté.",
    )
    plan = Echeancier(
        convenu_le=date(2026, 6, 29),
        echeances=[
            EcheanceConvenue(date=date(2026, 7, 15), montant=Decimal("500.00")),
            EcheanceConvenue(date=date(2026, 8, 15), montant=Decimal("480.50")),
        ],
    )
    return d.model_copy(update={"contacts": [*d.contacts, appel], "echeanciers": [plan]})


def texte_pdf(contenu: bytes) -> str:
    lecteur = pypdf.PdfReader(io.BytesIO(contenu))
    brut = "\n".join(page.extract_text() for page in lecteur.pages)
    return normaliser(brut.replace("-\n", "-"))


def xmp(contenu: bytes) -> bytes:
    lecteur = pypdf.PdfReader(io.BytesIO(contenu))
    return lecteur.trailer["/Root"]["/Metadata"].get_object().get_data()


CAS = [(p.name[:2], m) for p in EXEMPLES for m in MODELES]


@pytest.fixture(scope="module")
def rendus(jur: Jurisprudence) -> dict[tuple[str, str], tuple[object, bytes, bytes]]:
    resultats = {}
    for chemin in EXEMPLES:
        d = complete(charger_fichier(chemin)[0])
        for m in MODELES:
            c = construire(m, d, LE, jur)
            resultats[(chemin.name[:2], m)] = (c, rendre_pdf(c).contenu, rendre_docx(c))
    return resultats


@pytest.mark.parametrize(("ex", "modele"), CAS)
def test_chaque_modele_en_pdf_a_et_docx_porte_ses_mentions(rendus, ex, modele) -> None:  # type: ignore[no-untyped-def]
    c, pdf, docx = rendus[(ex, modele)]
    texte = texte_pdf(pdf).casefold()
    for mention in c.mentions:
        assert normaliser(mention.texte).casefold() in texte, mention
    for interdite in c.interdites:
        assert interdite.texte.casefold() not in texte
    docx_texte = texte_docx(docx).casefold()
    for mention in c.mentions:
        assert normaliser(mention.texte).casefold() in docx_texte, mention
    # PDF/A-3b identification and the machine-readable décompte attached.
    meta_xmp = xmp(pdf)
    assert b'pdfaid:part="3"' in meta_xmp and b'pdfaid:conformance="B"' in meta_xmp
    pieces = pypdf.PdfReader(io.BytesIO(pdf)).attachments
    assert list(pieces) == ["decompte.json"]
    assert json.loads(pieces["decompte.json"][0]) == decompte_en_dict(c.decompte)


def test_mise_en_demeure_consommateur_montants_lettres_et_echeance(rendus) -> None:  # type: ignore[no-untyped-def]
    _, pdf, docx = rendus[("02", "mise_en_demeure")]
    for texte in (texte_pdf(pdf), texte_docx(docx)):
        assert "mise en demeure" in texte
        assert "article 1344 du code civil" in texte
        assert "1 865,94 €" in texte
        assert "mille huit cent soixante-cinq euros et quatre-vingt-quatorze centimes" in texte
        assert "15,94 €" in texte
        assert "quinze jours à compter de la réception" in texte
        assert "au plus tard le 17 mars 2026" in texte
        assert "1 °" not in texte
        assert "L441-10" not in texte and "indemnité forfaitaire" not in texte.lower()
        assert "C. civ. art. 1231-6 et 1344-1" in texte
        assert "injonction de payer" in texte
        assert "09/01/2026" in texte and "20/01/2026" in texte  # earlier reminders
        assert "n° 1A 123 456 7890 1" in texte


def test_mise_en_demeure_professionnel_non_envoyee(rendus) -> None:  # type: ignore[no-untyped-def]
    _, pdf, _ = rendus[("01", "mise_en_demeure")]
    texte = texte_pdf(pdf)
    assert "huit jours à compter de la réception de la présente lettre" in texte
    assert "au plus tard" not in texte  # reception unknown: never guessed
    assert "12,15 %" in texte
    assert "C. com. art. L441-10 II et D441-5" in texte
    assert "40,00 €" in texte and "80,00 € (quatre-vingts euros) d'indemnités" in texte
    # A SAS in Lyon: tribunal de commerce, which Lyon's is, for the experiment, as
    # tribunal des activités économiques (arrêté du 5 juillet 2024).
    assert "devant le tribunal des activités économiques" in texte


@pytest.mark.parametrize("modele", MODELES)
def test_aucune_lettre_au_consommateur_ne_reclame_penalites_ni_indemnite(rendus, modele) -> None:  # type: ignore[no-untyped-def]
    _, pdf, docx = rendus[("02", modele)]
    for texte in (texte_pdf(pdf), texte_docx(docx)):
        assert "L441-10" not in texte
        assert "indemnité forfaitaire" not in texte.lower()
        assert "pénalités de retard" not in texte.lower()


def test_echeancier_en_chiffres_et_en_lettres(rendus) -> None:  # type: ignore[no-untyped-def]
    # 500,00 + 480,50 = 980,50 €
    _, pdf, docx = rendus[("01", "echeancier")]
    for texte in (texte_pdf(pdf), texte_docx(docx)):
        assert "980,50 €" in texte
        assert "neuf cent quatre-vingts euros et cinquante centimes" in texte
        assert "quatre cent quatre-vingts euros et cinquante centimes" in texte
        assert "15/07/2026" in texte and "15/08/2026" in texte


def test_relance_1_courtoise_avec_coordonnees_de_paiement(rendus) -> None:  # type: ignore[no-untyped-def]
    _, pdf, _ = rendus[("01", "relance_1")]
    texte = texte_pdf(pdf)
    assert "Sauf erreur ou omission de notre part" in texte
    assert "FR76 3000 6000 0112 3456 7890 189" in texte and "AGRIFRPPXXX" in texte
    assert "FA-2025-0187" in texte and "15/10/2025" in texte and "2 400,00 €" in texte


def test_sans_appel_ni_echeancier_le_document_est_refuse(jur: Jurisprudence) -> None:
    d = exemple("01")
    with pytest.raises(EntreeInvalide, match="aucun appel téléphonique"):
        construire("confirmation_appel", d, LE, jur)
    with pytest.raises(EntreeInvalide, match="aucun échéancier"):
        construire("echeancier", d, LE, jur)


def test_modele_inconnu(jur: Jurisprudence) -> None:
    with pytest.raises(EntreeInvalide, match="modèle inconnu « relance_9 »"):
        construire("relance_9", exemple("01"), LE, jur)


# --- injection: data is never code ------------------------------------------------------

NOM_PIEGE = "<b>X</b> {{ 7*7 }}"


def test_un_nom_piege_s_imprime_tel_quel(jur: Jurisprudence) -> None:
    d = exemple("01")
    d = d.model_copy(update={"debiteur": d.debiteur.model_copy(update={"nom": NOM_PIEGE})})
    c = construire("relance_1", d, LE, jur)
    assert NOM_PIEGE in texte_pdf(rendre_pdf(c).contenu)  # neither bold nor 49
    docx = rendre_docx(c)
    assert NOM_PIEGE in texte_docx(docx)
    assert "&lt;b&gt;X&lt;/b&gt; {{ 7*7 }}" in _xml_docx(docx)


def _xml_docx(contenu: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(contenu)) as z:
        return z.read("word/document.xml").decode("utf-8")


# --- templates and contexts agree -----------------------------------------------------------


@pytest.mark.parametrize(("ex", "modele"), CAS)
def test_le_modele_docx_n_utilise_que_des_variables_du_contexte(rendus, ex, modele) -> None:  # type: ignore[no-untyped-def]
    c = rendus[(ex, modele)][0]
    tpl = DocxTemplate(str(dossier_modeles() / f"{modele}.docx"))
    manquantes = tpl.get_undeclared_template_variables(environnement(), contexte_docx(c, tpl))
    assert manquantes == set()


@pytest.mark.parametrize("modele", MODELES)
def test_le_modele_html_n_utilise_que_des_variables_du_contexte(rendus, modele) -> None:  # type: ignore[no-untyped-def]
    env = environnement()
    noms = set()
    for nom in (f"{modele}.html", "_base.html"):
        source = env.loader.get_source(env, nom)[0]  # type: ignore[union-attr]
        noms |= meta.find_undeclared_variables(env.parse(source))
        noms -= set(re.findall(r"\{% import \S+ as (\w+) %\}", source))  # macro modules
    for ex in {e for e, _ in CAS}:
        assert noms <= set(rendus[(ex, modele)][0].donnees), noms - set(
            rendus[(ex, modele)][0].donnees
        )


# --- R124-4: a collection agency's letters ----------------------------------------------


def _avec_mandataire(d: Dossier, **champs: object) -> Dossier:
    m = Mandataire(
        nom="Recouvrement Amiable du Centre SAS",
        adresse={"lignes": ["3 place Jaude"], "code_postal": "63000", "ville": "Clermont-Ferrand"},
        email="dossiers@rac.example",
        telephone="04 73 00 00 00",
        **champs,
    )
    return d.model_copy(update={"creancier": d.creancier.model_copy(update={"mandataire": m})})


def test_premiere_lettre_d_un_mandataire_porte_les_mentions_r124_4(jur: Jurisprudence) -> None:
    c = construire("relance_1", _avec_mandataire(exemple("01")), LE, jur)
    texte = texte_pdf(rendre_pdf(c).contenu)
    assert "Recouvrement Amiable du Centre SAS, 3 place Jaude, 63000 Clermont-Ferrand" in texte
    assert "activité de recouvrement amiable" in texte
    assert "Atelier Durand SARL, 12 rue de la Paix, 75002 Paris" in texte
    assert "Article L111-8 du code des procédures civiles d'exécution" in texte
    assert "restent à la charge du créancier" in texte
    assert "débiteur de mauvaise foi" in texte
    assert "R124-4" in texte
    assert "1 879,37 €" in texte  # principal (2 400 + 1 200 − 1 000 − 720,63 imputed)
    assert "restent à la charge du créancier" in texte_docx(rendre_docx(c))


def test_lettre_suivante_d_un_mandataire_rappelle_la_premiere(jur: Jurisprudence) -> None:
    d = _avec_mandataire(
        exemple("01"),
        premiere_lettre_reference="RAC-2026-0042",
        premiere_lettre_date=date(2026, 5, 4),
    )
    c = construire("relance_2", d, LE, jur)
    for texte in (texte_pdf(rendre_pdf(c).contenu), texte_docx(rendre_docx(c))):
        assert "RAC-2026-0042" in texte and "4 mai 2026" in texte


def _env_modifie(tmp_path: Path, fichier: str, avant: str, apres: str):  # type: ignore[no-untyped-def]
    import shutil

    from jinja2 import FileSystemLoader

    copie = tmp_path / "modeles"
    shutil.copytree(dossier_modeles(), copie)
    chemin = copie / fichier
    source = chemin.read_text(encoding="utf-8")
    assert avant in source
    chemin.write_text(source.replace(avant, apres), encoding="utf-8")
    return environnement().overlay(loader=FileSystemLoader(str(copie)))


def test_un_modele_sans_mention_r124_4_est_refuse(
    jur: Jurisprudence, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escalade.documents import rendu

    env = _env_modifie(tmp_path, "_base.html", "{{ b.l111_8(l111_8) }}", "")
    monkeypatch.setattr(rendu, "environnement", lambda: env)
    c = construire("relance_1", _avec_mandataire(exemple("01")), LE, jur)
    with pytest.raises(RenduInvalide, match=r"article L111-8 du CPCE.*CPCE art\. R124-4"):
        rendu.rendre_html(c)


def test_un_avertissement_de_weasyprint_est_une_erreur(
    jur: Jurisprudence, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escalade.documents import rendu

    env = _env_modifie(
        tmp_path, "relance_1.html", "<p>{{ salutation }},</p>",
        '<p style="width: banane">{{ salutation }},</p>',
    )  # fmt: skip
    monkeypatch.setattr(rendu, "environnement", lambda: env)
    c = construire("relance_1", exemple("01"), LE, jur)
    with pytest.raises(RenduInvalide, match="WeasyPrint a signalé un problème"):
        rendu.rendre_pdf(c)


def test_polices_declarees_et_livrees() -> None:
    css = (dossier_modeles() / "lettre.css").read_text(encoding="utf-8")
    polices = re.findall(r"url\((polices/[^)]+)\)", css)
    assert len(polices) == 4
    for p in polices:
        assert (dossier_modeles() / p).is_file()


def test_filtre_montant() -> None:
    assert normaliser(montant(Decimal("1234.5"))) == "1 234,50 €"
    assert montant(Decimal("1234.5")) == "1\u202f234,50\u00a0€"


# --- honesty: a letter cites only the contacts the dossier records ---------------------

AFFIRMATIONS = (
    "précédente relance",
    "précédentes relances",
    "notre relance",
    "nos relances",
    "à plusieurs reprises",
    "nous vous avons relancé",
    "seconde relance",
    "nouvelle relance",
    "une dernière fois",
)


@pytest.mark.parametrize("modele", ["relance_2", "derniere_relance", "mise_en_demeure"])
def test_sans_contact_anterieur_aucune_lettre_n_en_invente(jur: Jurisprudence, modele) -> None:  # type: ignore[no-untyped-def]
    # D-2026-007 (Martinique, punctual segment) records no contact: its plan goes from the
    # call to relance_2, and a skipped call leaves no earlier reminder to invoke.
    d = exemple("07")
    assert d.contacts == []
    c = construire(modele, d, LE, jur)
    assert c.donnees["historique"] == []
    for texte in (texte_pdf(rendre_pdf(c).contenu), texte_docx(rendre_docx(c))):
        bas = texte.lower()
        for affirmation in AFFIRMATIONS:
            assert affirmation not in bas, (modele, affirmation)
        assert "restent impayées à ce jour" in texte or "demeurent impayées" in texte


def test_une_seule_relance_est_citee_avec_sa_date_et_son_moyen(jur: Jurisprudence) -> None:
    # D-2026-001 with only its first contact: the e-mail of 20 October 2025.
    d = exemple("01")
    d = d.model_copy(update={"contacts": d.contacts[:1]})
    attendus = {
        "relance_2": "Malgré notre relance du 20 octobre 2025 (courriel), les factures",
        "derniere_relance": "Notre précédente relance est restée sans effet",
        "mise_en_demeure": "Nous vous avons relancé le 20 octobre 2025 (courriel) au sujet",
    }
    for modele, phrase in attendus.items():
        c = construire(modele, d, LE, jur)
        for texte in (texte_pdf(rendre_pdf(c).contenu), texte_docx(rendre_docx(c))):
            assert phrase in texte, (modele, texte[:600])
            assert "plusieurs reprises" not in texte and "précédentes relances" not in texte
    assert construire("relance_2", d, LE, jur).donnees["titre"] == "Seconde relance"


def test_plusieurs_relances_la_derniere_est_datee(rendus) -> None:  # type: ignore[no-untyped-def]
    # D-2026-001 (plus the call of 29 June 2026 added by `complete`): three contacts.
    for modele, phrase in {
        "relance_2": "Malgré nos relances successives, la dernière du 29 juin 2026 "
        "(appel téléphonique), les factures",
        "derniere_relance": "Nos précédentes relances sont restées sans effet",
        "mise_en_demeure": "Nous vous avons relancé à plusieurs reprises",
    }.items():
        _, pdf, docx = rendus[("01", modele)]
        for texte in (texte_pdf(pdf), texte_docx(docx)):
            assert phrase in texte, modele


def test_un_contact_posterieur_a_la_lettre_n_est_pas_cite(jur: Jurisprudence) -> None:
    # A letter dated 25 October 2025 knows the e-mail of 20 October, not the one of the 30th.
    d = exemple("01")
    c = construire("mise_en_demeure", d, date(2025, 10, 25), jur)
    assert [h["date"] for h in c.donnees["historique"]] == [date(2025, 10, 20)]
    texte = texte_pdf(rendre_pdf(c).contenu)
    assert "Nous vous avons relancé le 20 octobre 2025 (courriel)" in texte
    assert "30/10/2025" not in texte


# --- what follows the mise en demeure: the same court as the court file -------------------


@pytest.mark.parametrize(
    ("ex", "voie", "phrase"),
    [
        # SAS in Lyon, 2 072,25 € but principal and penalties 1 992,25 € ≤ 5 000 € (R125-1):
        # petites créances first; Lyon's commercial court is a tribunal des activités
        # économiques (arrêté du 5 juillet 2024).
        ("01", "petites_creances", "puis, à défaut d'accord, une requête en injonction de "
         "payer devant le tribunal des activités économiques"),
        # Consumer in Bordeaux, 1 865,94 €: petites créances, then the tribunal judiciaire.
        ("02", "petites_creances", "une requête en injonction de payer devant le tribunal "
         "judiciaire"),
        # Public person: the administrative judge, no injonction de payer (CJA R541-1).
        ("03", "refere_administratif", "une demande de provision devant le juge des référés "
         "du tribunal administratif (code de justice administrative, article R541-1)"),
        # SARL in Strasbourg: no tribunal de commerce in Alsace-Moselle (C. com. L731-1).
        ("06", "petites_creances", "devant le tribunal judiciaire (chambre commerciale)"),
    ],
)  # fmt: skip
def test_la_suite_annoncee_est_celle_du_dossier_judiciaire(
    jur: Jurisprudence, ex: str, voie: str, phrase: str
) -> None:
    from escalade.recouvrement.routes import choisir

    d = exemple(ex)
    c = construire("mise_en_demeure", d, LE, jur)
    assert c.donnees["suite"]["voie"] == voie
    pdf = texte_pdf(rendre_pdf(c).contenu)
    for texte in (pdf, texte_docx(rendre_docx(c))):
        assert phrase in texte, texte[-900:]
    if voie == "refere_administratif":
        assert "injonction de payer" not in pdf
    # The court of the court file: escalade.recouvrement.routes / escalade.droit.juridiction once
    # the deadline
    # of a mise en demeure received on the letter's date has run.
    if d.mise_en_demeure is None:
        d = d.model_copy(update={"mise_en_demeure": MiseEnDemeure(envoyee_le=LE, recue_le=LE)})
    elif d.mise_en_demeure.recue_le is None:
        m = d.mise_en_demeure
        recue = m.premiere_presentation_le or m.envoyee_le
        d = d.model_copy(update={"mise_en_demeure": m.model_copy(update={"recue_le": recue})})
    ouverture = choisir(d, LE, jur).possible_le or LE
    j = choisir(d, max(ouverture, LE), jur).juridiction
    assert j is not None and c.donnees["suite"]["tribunal"].startswith(j.libelle)


# --- A/B variants: relance_1@B ------------------------------------------------------------


@pytest.mark.parametrize("ex", ["01", "02"])
def test_la_variante_b_a_le_contexte_et_les_mentions_de_relance_1(jur: Jurisprudence, ex) -> None:  # type: ignore[no-untyped-def]
    d = exemple(ex)
    a, b = construire("relance_1", d, LE, jur), construire("relance_1@B", d, LE, jur)
    assert b.modele == "relance_1@B" and b.nom_fichier == f"{d.reference}_relance_1@B_2026-06-30"
    assert b.mentions == a.mentions and b.interdites == a.interdites
    assert {k: v for k, v in b.donnees.items() if k != "modele"} == {
        k: v for k, v in a.donnees.items() if k != "modele"
    }
    pdf = rendre_pdf(b).contenu
    for texte in (texte_pdf(pdf), texte_docx(rendre_docx(b))):
        for mention in b.mentions:
            assert normaliser(mention.texte).casefold() in texte.casefold(), mention
        assert "en attente de règlement" in texte  # B's own wording...
        assert "simple oubli" not in texte  # ...not A's
    assert b'pdfaid:part="3"' in xmp(pdf)
    assert json.loads(pypdf.PdfReader(io.BytesIO(pdf)).attachments["decompte.json"][0]) == (
        decompte_en_dict(b.decompte)
    )


def test_la_variante_a_est_le_modele_lui_meme(jur: Jurisprudence) -> None:
    assert construire("relance_1@A", exemple("01"), LE, jur).modele == "relance_1"


@pytest.mark.parametrize(
    ("modele", "message"),
    [
        ("relance_1@C", "variante inconnue « relance_1@C » : pas de modèle relance_1@C.html ni "
         "relance_1@C.docx dans modeles_lettres/ (variantes disponibles : relance_1@B"),
        ("relance_2@B", "aucune variante de relance_2 n'existe"),
        ("relance_9@B", "modèle inconnu « relance_9@B »"),
    ],
)  # fmt: skip
def test_une_variante_sans_modele_est_refusee_en_francais(
    jur: Jurisprudence, modele: str, message: str
) -> None:
    with pytest.raises(EntreeInvalide) as e:
        construire(modele, exemple("01"), LE, jur)
    assert message in str(e.value)


def test_les_modeles_de_la_variante_n_utilisent_que_le_contexte(jur: Jurisprudence) -> None:
    c = construire("relance_1@B", exemple("01"), LE, jur)
    tpl = DocxTemplate(str(dossier_modeles() / "relance_1@B.docx"))
    assert tpl.get_undeclared_template_variables(environnement(), contexte_docx(c, tpl)) == set()
    env = environnement()
    source = env.loader.get_source(env, "relance_1@B.html")[0]  # type: ignore[union-attr]
    noms = meta.find_undeclared_variables(env.parse(source)) - {"b"}
    assert noms <= set(c.donnees)


def test_le_lot_donne_a_chaque_dossier_le_modele_de_sa_variante(jur: Jurisprudence) -> None:
    from escalade.documents.lot import selectionner
    from escalade.recouvrement.ab_test import variante
    from escalade.recouvrement.politique import politique_par_defaut
    from escalade.recouvrement.politique_modele import Experience

    # On 10 March 2026 the plans of D-2026-003, -004 and -005 call for relance_1; the
    # experiment's hash gives them B, B and A.
    le = date(2026, 3, 10)
    dossiers = [exemple(n) for n in ("03", "04", "05")]
    assert [variante(d.reference, "ton_relance_1") for d in dossiers] == ["B", "B", "A"]
    e = Experience(nom="ton_relance_1", modele="relance_1", depuis=date(2026, 1, 1))
    politique = politique_par_defaut(jur, le).model_copy(update={"experiences": (e,)})
    taches, _ = selectionner(dossiers, None, le, jur, politique)
    assert [(t.dossier.reference, t.modele) for t in taches] == [
        ("D-2026-003", "relance_1@B"),
        ("D-2026-004", "relance_1@B"),
        ("D-2026-005", "relance_1"),
    ]
    seulement_b, ecartes = selectionner(dossiers, "relance_1@B", le, jur, politique)
    assert [t.dossier.reference for t in seulement_b] == ["D-2026-003", "D-2026-004"]
    assert [x.motif for x in ecartes] == ["le plan prévoit relance_1, pas relance_1@B"]
    sans_test, _ = selectionner(dossiers, None, le, jur)
    assert {t.modele for t in sans_test} == {"relance_1"}
