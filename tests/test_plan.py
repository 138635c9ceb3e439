"""The escalation plan (escalade.recouvrement.plan): one next action per dossier, by segment and
date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from conftest import EXEMPLES

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.action import action_en_dict
from escalade.recouvrement.plan import planifier
from escalade.recouvrement.politique import politique_par_defaut
from escalade.recouvrement.politique_modele import Politique


@pytest.fixture(scope="module")
def pol(jur: Jurisprudence) -> Politique:
    return politique_par_defaut(jur)


def exemple(nom: str, **modifs: Any) -> Dossier:
    d = charger_fichier(EXEMPLES / nom)[0]
    return d.model_copy(update=modifs) if modifs else d


def contact(jour: date, objet: str, canal: str = "email", resultat: str | None = None) -> Contact:
    le = datetime(jour.year, jour.month, jour.day, 10, 30, tzinfo=PARIS)
    return Contact(le=le, canal=canal, objet=objet, resultat=resultat)  # type: ignore[arg-type]


def test_occasionnel_appel_apres_deux_relances(jur: Jurisprudence, pol: Politique) -> None:
    # Due 15 Oct 2025; relance_2 done 30 Oct: the call is due at J+20 = 4 Nov, or 10 days
    # after relance_2 = 9 Nov; late on Monday 20 April 2026, so planned that day.
    a = planifier(exemple("01_b2b_paiements_partiels.yaml"), date(2026, 4, 20), pol, jur)
    assert a is not None
    assert (a.etape, a.date, a.canal, a.document) == (
        "relance_telephonique", date(2026, 4, 20), "telephone", "fiche_appel"
    )  # fmt: skip
    assert not a.bloquee
    assert "prévue le 09/11/2025, en retard" in a.motif
    assert "relance_2 le 30/10/2025" in a.motif
    j = action_en_dict(a)
    assert set(j) >= {"dossier", "etape", "date", "canal", "document", "juridiction", "motif"}
    assert j["date"] == "2026-04-20" and j["juridiction"] is None


def test_action_un_dimanche_reportee_au_lundi(jur: Jurisprudence, pol: Politique) -> None:
    # Issue 17 item 10: the call due on Sunday 19 April 2026 is not shown blocked on a day
    # nobody works: it is planned on Monday 20 April, from 10:00 (the call hours' start).
    a = planifier(exemple("01_b2b_paiements_partiels.yaml"), date(2026, 4, 19), pol, jur)
    assert a is not None and not a.bloquee
    assert (a.etape, a.date, a.canal) == ("relance_telephonique", date(2026, 4, 20), "telephone")
    assert a.motifs_blocage == () and a.prochain_creneau is None
    assert "reportée du dimanche 19/04/2026 au lundi 20/04/2026 à partir de 10:00" in a.motif
    assert "10:00 (heure du débiteur) : appel refusé le dimanche 19/04/2026" in a.motif
    assert action_en_dict(a)["date"] == "2026-04-20"


def test_etape_faite_pas_replanifiee(jur: Jurisprudence, pol: Politique) -> None:
    d0 = exemple("01_b2b_paiements_partiels.yaml")
    fait = contact(date(2026, 4, 20), "relance_telephonique", "telephone")
    d = d0.model_copy(update={"contacts": [*d0.contacts, fait]})
    a = planifier(d, date(2026, 4, 21), pol, jur)
    # Last letter: J+30 = 14 Nov 2025, or 10 days after the call (20 April) = 30 April.
    assert a is not None
    assert (a.etape, a.date, a.canal) == ("derniere_relance", date(2026, 4, 30), "courrier")


def test_chronique_premiere_relance(jur: Jurisprudence, pol: Politique) -> None:
    # Undisputed FA-2026-0011 due Monday 9 Feb 2026: friendly email at J+1 = 10 Feb.
    a = planifier(exemple("04_litige.yaml"), date(2026, 2, 9), pol, jur)
    assert a is not None
    assert (a.etape, a.date, a.canal, a.document) == (
        "relance_1", date(2026, 2, 10), "email", "relance_1"
    )  # fmt: skip


def test_nouveau_client_plus_rapide(jur: Jurisprudence, pol: Politique) -> None:
    # Consumer, segment nouveau, due 5 Jan 2026: relance_1 at J+1 = 6 Jan, relance_2 at J+7.
    d = exemple("02_b2c_mise_en_demeure.yaml", contacts=[], mise_en_demeure=None)
    a = planifier(d, date(2026, 1, 2), pol, jur)
    assert a is not None and (a.etape, a.date) == ("relance_1", date(2026, 1, 6))
    fait = d.model_copy(update={"contacts": [contact(date(2026, 1, 6), "relance_1")]})
    a = planifier(fait, date(2026, 1, 7), pol, jur)
    assert a is not None and (a.etape, a.date) == ("relance_2", date(2026, 1, 12))
    # Mise en demeure at J+30 = 4 Feb, with 15 days for a consumer.
    tout = fait.model_copy(
        update={"contacts": [contact(date(2026, 1, 6), "relance_1"),
                             contact(date(2026, 1, 12), "relance_2"),
                             contact(date(2026, 1, 19), "relance_telephonique", "telephone"),
                             contact(date(2026, 1, 26), "derniere_relance", "courrier")]}
    )  # fmt: skip
    a = planifier(tout, date(2026, 1, 27), pol, jur)
    assert a is not None
    assert (a.etape, a.date, a.canal, a.document) == (
        "mise_en_demeure", date(2026, 2, 4), "lrar", "mise_en_demeure"
    )  # fmt: skip
    assert "délai de 15 jours" in a.motif


def test_ponctuel_un_appel_d_abord(jur: Jurisprudence, pol: Politique) -> None:
    d0 = exemple("07_martinique.yaml")
    sans_telephone = planifier(d0, date(2026, 3, 5), pol, jur)
    assert sans_telephone is not None and sans_telephone.etape == "relance_2"
    assert "relance_telephonique sautée" in sans_telephone.motif
    # With a phone number: the call at J+3 of the 4 March due date = Saturday 7 March,
    # refused (calls Monday to Friday): planned on Monday 9 March from 10:00 in Martinique
    # (UTC-4; 15:00 in Paris, UTC+1 until 29 March). Issue 17 item 10: was shown blocked.
    debiteur = d0.debiteur.model_copy(update={"telephone": "0596 00 00 00"})
    a = planifier(d0.model_copy(update={"debiteur": debiteur}), date(2026, 3, 5), pol, jur)
    assert a is not None
    assert (a.etape, a.date, a.canal) == ("relance_telephonique", date(2026, 3, 9), "telephone")
    assert not a.bloquee and a.motifs_blocage == ()
    assert "reportée du samedi 07/03/2026 au lundi 09/03/2026 à partir de 10:00" in a.motif


def test_confirmation_apres_un_accord(jur: Jurisprudence, pol: Politique) -> None:
    d0 = exemple("01_b2b_paiements_partiels.yaml")
    accord = contact(date(2026, 4, 20), "relance_telephonique", "telephone", "accord")
    a = planifier(d0.model_copy(update={"contacts": [*d0.contacts, accord]}), date(2026, 4, 20),
                  pol, jur)  # fmt: skip
    assert a is not None
    assert (a.etape, a.canal, a.document) == ("confirmation_appel", "email", "confirmation_appel")


def test_petites_creances_apres_la_mise_en_demeure(jur: Jurisprudence, pol: Politique) -> None:
    # Received 2 March 2026, 15 days: deadline Tuesday 17 March; route from 18 March.
    a = planifier(exemple("02_b2c_mise_en_demeure.yaml"), date(2026, 3, 10), pol, jur)
    assert a is not None
    assert (a.etape, a.date, a.juridiction) == ("petites_creances", date(2026, 3, 18), None)
    assert "17/03/2026" in a.motif
    assert "CPCE art. R125-1" in a.references


def test_injonction_tribunal_de_commerce(jur: Jurisprudence, pol: Politique) -> None:
    # Received Friday 10 April, 8 days: 18 April is a Saturday, deadline Monday 20 April.
    d0 = exemple("04_litige.yaml")
    d = d0.model_validate(
        {**d0.model_dump(), "mise_en_demeure": {"envoyee_le": date(2026, 4, 8),
                                                "recue_le": date(2026, 4, 10), "delai_jours": 8},
         "contacts": [{"le": datetime(2026, 4, 22, 11, tzinfo=PARIS), "canal": "courrier",
                       "objet": "petites_creances"}]}
    )  # fmt: skip
    a = planifier(d, date(2026, 4, 25), pol, jur)
    assert a is not None
    assert (a.etape, a.juridiction, a.document) == (
        "injonction_de_payer", "tribunal de commerce", "injonction_de_payer"
    )  # fmt: skip
    assert a.date == date(2026, 4, 25)
    assert "20/04/2026" in a.motif
    assert "factures contestées exclues de la demande (FA-2026-0042)" in a.motif
    assert "C. com. art. L721-3" in a.references


def test_alsace_moselle_tribunal_judiciaire(jur: Jurisprudence, pol: Politique) -> None:
    d0 = exemple("06_strasbourg_taux_contractuel.yaml")
    fait = contact(date(2026, 4, 14), "petites_creances", "courrier")
    a = planifier(d0.model_copy(update={"contacts": [fait]}), date(2026, 4, 20), pol, jur)
    assert a is not None
    assert (a.etape, a.juridiction) == ("injonction_de_payer", "tribunal judiciaire")
    assert "C. com. art. L731-1" in a.references


def test_facture_contestee_conseil_d_assignation(jur: Jurisprudence, pol: Politique) -> None:
    d0 = exemple("04_litige.yaml")
    d = d0.model_validate(
        {**d0.model_dump(),
         # Paid on time: nothing (penalties, indemnity) is left on FA-2026-0011.
         "paiements": [{"date": date(2026, 2, 9), "montant": "3600.00",
                        "facture": "FA-2026-0011"}],
         "mise_en_demeure": {"envoyee_le": date(2026, 4, 8), "recue_le": date(2026, 4, 10)}}
    )  # fmt: skip
    a = planifier(d, date(2026, 4, 25), pol, jur)
    assert a is not None
    assert (a.etape, a.juridiction) == ("assignation", "tribunal de commerce")
    assert "pas d'injonction de payer" in a.motif


def test_reception_inconnue(jur: Jurisprudence, pol: Politique) -> None:
    d0 = exemple("06_strasbourg_taux_contractuel.yaml")
    med = d0.mise_en_demeure.model_copy(  # type: ignore[union-attr]
        update={"premiere_presentation_le": None, "non_reclamee": False}
    )
    a = planifier(d0.model_copy(update={"mise_en_demeure": med}), date(2026, 4, 20), pol, jur)
    assert a is not None
    assert a.etape == "suivi_mise_en_demeure" and a.canal is None
    assert "inconnu" in a.motif


def test_procedure_collective_declaration(jur: Jurisprudence, pol: Politique) -> None:
    a = planifier(exemple("05_procedure_collective.yaml"), date(2026, 6, 1), pol, jur)
    assert a is not None
    assert (a.etape, a.canal, a.document) == ("declaration_creance", None, None)
    assert "au plus tard le 20/07/2026" in a.motif
    assert "C. com. art. L622-21" in a.references


def test_lettre_sans_nouvelle_apres_le_delai_de_garde(jur: Jurisprudence, pol: Politique) -> None:
    # Issue 17 item 13. Example 06: sent Tuesday 31 March 2026; first presentation at the
    # earliest on 1 April, La Poste keeps the letter 15 days: held until 16 April at the
    # earliest. Before then the plan waits; after, it asks for the delivery proof.
    d0 = exemple("06_strasbourg_taux_contractuel.yaml")
    med = d0.mise_en_demeure.model_copy(  # type: ignore[union-attr]
        update={"premiere_presentation_le": None, "non_reclamee": False}
    )
    d = d0.model_copy(update={"mise_en_demeure": med})
    avant = planifier(d, date(2026, 4, 10), pol, jur)
    assert avant is not None and (avant.etape, avant.date) == (
        "suivi_mise_en_demeure", date(2026, 4, 16)
    )  # fmt: skip
    assert "en attente" in avant.motif and "sans nouvelle le 16/04/2026" in avant.motif
    apres = planifier(d, date(2026, 5, 4), pol, jur)
    assert apres is not None and (apres.etape, apres.date) == (
        "suivi_mise_en_demeure", date(2026, 5, 4)
    )  # fmt: skip
    assert "s'achevait au plus tôt le 16/04/2026" in apres.motif
    assert "demandez la preuve de distribution" in apres.motif
    assert "la mise en demeure reste valable (Cass. 1re civ., 20 janv. 2021, n° 19-20.680)" in (
        apres.motif
    )
    assert "escalade mise-en-demeure non-reclamee DOSSIER --premiere-presentation" in apres.motif
    assert "Cass. 1re civ., 20 janv. 2021, n° 19-20.680" in apres.references
