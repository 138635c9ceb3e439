"""The compliance gate (escalade.recouvrement.conformite): hand-checked refusals, articles and next
slots.

Calendar facts used below (2026): Easter Sunday 5 April, so Good Friday 3 April, Easter
Monday 6 April, Ascension Thursday 14 May; 3 May is a Sunday. Paris is UTC+2 from 29 March.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from conftest import EXEMPLES, dossier

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.conformite import Decision, decision_en_dict, fenetre_max, verifier
from escalade.recouvrement.etat_creance import principal_restant
from escalade.recouvrement.politique import politique_par_defaut
from escalade.recouvrement.politique_modele import Politique


@pytest.fixture(scope="module")
def pol(jur: Jurisprudence) -> Politique:
    return politique_par_defaut(jur)


def exemple(nom: str, **modifs: Any) -> Dossier:
    d = charger_fichier(EXEMPLES / nom)[0]
    return d.model_copy(update=modifs) if modifs else d


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def appel(le: datetime, resultat: str | None = None, canal: str = "telephone") -> Contact:
    return Contact(le=le, canal=canal, objet="relance_telephonique", resultat=resultat)  # type: ignore[arg-type]


def codes(d: Decision) -> list[str]:
    return [m.code for m in d.motifs]


LYON = "01_b2b_paiements_partiels.yaml"


# --- days and hours ---------------------------------------------------------------------


def test_appel_un_dimanche_reporte_au_lundi_10h(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(exemple(LYON), "telephone", paris(2026, 5, 3, 11, 0), [], pol, jur)
    assert not d.autorise
    assert codes(d) == ["dimanche"]
    assert d.motifs[0].legal is False  # D223-9 is the tool's floor, not the law of collection
    assert "C. conso. art. D223-9" in d.motifs[0].articles
    assert "démarchage, pas le recouvrement" in d.motifs[0].message
    assert d.prochain_creneau == paris(2026, 5, 4, 10, 0)
    assert decision_en_dict(d)["prochain_creneau"] == "2026-05-04T10:00:00+02:00"


def test_jeudi_de_l_ascension(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(exemple(LYON), "telephone", paris(2026, 5, 14, 11, 0), [], pol, jur)
    assert codes(d) == ["jour_ferie"]
    assert "Ascension" in d.motifs[0].message
    assert "C. trav. art. L3133-1" in d.motifs[0].articles
    assert d.prochain_creneau == paris(2026, 5, 15, 10, 0)  # Friday 15 May


def test_pause_de_midi(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(exemple(LYON), "telephone", paris(2026, 5, 4, 13, 30), [], pol, jur)
    assert codes(d) == ["heure_non_autorisee"]
    assert "10:00–13:00, 14:00–20:00" in d.motifs[0].message
    assert d.prochain_creneau == paris(2026, 5, 4, 14, 0)


def test_apres_20h_reporte_au_lendemain(jur: Jurisprudence, pol: Politique) -> None:
    # Friday 20:00 is outside [14:00, 20:00); Saturday is not a call day: Monday 10:00.
    d = verifier(exemple(LYON), "telephone", paris(2026, 5, 22, 20, 0), [], pol, jur)
    assert codes(d) == ["heure_non_autorisee"]
    assert d.prochain_creneau == paris(2026, 5, 26, 10, 0)  # Whit Monday 25 May is a holiday


def test_appel_permis(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(exemple(LYON), "telephone", paris(2026, 5, 4, 10, 0), [], pol, jur)
    assert d == Decision(True, (), None, ())
    assert decision_en_dict(d) == {
        "autorise": True,
        "motifs": [],
        "prochain_creneau": None,
        "avertissements": [],
    }


def test_vendredi_saint_a_strasbourg_mais_pas_a_lyon(jur: Jurisprudence, pol: Politique) -> None:
    le = paris(2026, 4, 3, 11, 0)
    strasbourg = verifier(
        exemple("06_strasbourg_taux_contractuel.yaml"), "telephone", le, [], pol, jur
    )
    assert codes(strasbourg) == ["jour_ferie"]
    assert "C. trav. art. L3134-13" in strasbourg.motifs[0].articles
    # Saturday 4, Sunday 5, Easter Monday 6: Tuesday 7 April at 10:00.
    assert strasbourg.prochain_creneau == paris(2026, 4, 7, 10, 0)
    assert verifier(exemple(LYON), "telephone", le, [], pol, jur).autorise


def test_heures_lues_dans_le_fuseau_du_debiteur(jur: Jurisprudence, pol: Politique) -> None:
    # 15:00 in Paris (UTC+2) is 09:00 in Martinique (UTC-4): too early there; 10:00 there is
    # 16:00 in Paris.
    martinique = exemple("07_martinique.yaml")
    d = verifier(martinique, "email", paris(2026, 5, 4, 13, 0), [], pol, jur)
    assert codes(d) == ["heure_non_autorisee"]  # 07:00 local, emails from 08:00
    assert d.prochain_creneau == paris(2026, 5, 4, 14, 0)


def test_courriel_le_samedi_mais_pas_l_appel(jur: Jurisprudence, pol: Politique) -> None:
    samedi = paris(2026, 5, 9, 11, 0)
    assert verifier(exemple(LYON), "email", samedi, [], pol, jur).autorise
    d = verifier(exemple(LYON), "telephone", samedi, [], pol, jur)
    assert codes(d) == ["jour_non_autorise"]
    assert d.prochain_creneau == paris(2026, 5, 11, 10, 0)


# --- frequency ---------------------------------------------------------------------------


def test_cinquieme_appel_en_30_jours(jur: Jurisprudence, pol: Politique) -> None:
    appels = [
        appel(paris(2026, 4, 13, 10, 30)),
        appel(paris(2026, 4, 20, 11, 0)),
        appel(paris(2026, 4, 27, 15, 0)),
        appel(paris(2026, 5, 4, 16, 0)),
    ]
    d = verifier(exemple(LYON), "telephone", paris(2026, 5, 6, 11, 0), appels, pol, jur)
    assert codes(d) == ["frequence_canal"]
    assert d.motifs[0].articles == ("C. conso. art. D223-9", "C. pén. art. 222-16")
    # The oldest call (13 April 10:30) leaves the 30-day window on 13 May at 10:30.
    assert d.prochain_creneau == paris(2026, 5, 13, 10, 30)
    assert verifier(exemple(LYON), "telephone", d.prochain_creneau, appels, pol, jur).autorise


def test_fenetre_liberee_un_dimanche(jur: Jurisprudence, pol: Politique) -> None:
    # Oldest call Friday 17 April 11:00 + 30 days = Sunday 17 May: Monday 18 May 10:00.
    appels = [appel(paris(2026, 4, j, 11, 0)) for j in (17, 20, 21, 22)]
    d = verifier(exemple(LYON), "telephone", paris(2026, 4, 23, 11, 0), appels, pol, jur)
    assert d.prochain_creneau == paris(2026, 5, 18, 10, 0)


def test_un_appel_par_jour(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(
        exemple(LYON), "telephone", paris(2026, 5, 4, 15, 0),
        [appel(paris(2026, 5, 4, 10, 15))], pol, jur,
    )  # fmt: skip
    assert codes(d) == ["frequence_canal"]
    assert d.prochain_creneau == paris(2026, 5, 5, 10, 15)


def test_plafond_tous_canaux_par_jour(jur: Jurisprudence, pol: Politique) -> None:
    # A call and its written confirmation the same day: a third contact (SMS) is refused.
    journal = [
        appel(paris(2026, 5, 4, 10, 15)),
        Contact(le=paris(2026, 5, 4, 10, 40), canal="email", objet="confirmation_appel"),
    ]
    d = verifier(exemple(LYON), "sms", paris(2026, 5, 4, 11, 0), journal, pol, jur)
    assert codes(d) == ["frequence_globale"]
    assert "C. pén. art. 222-16" in d.motifs[0].articles
    assert d.prochain_creneau == paris(2026, 5, 5, 10, 15)


def test_nouvel_appel_trop_tot_apres_un_refus(jur: Jurisprudence, pol: Politique) -> None:
    # Refused on 1 April 11:00; + 60 days = Sunday 31 May 11:00: Monday 1 June 10:00.
    journal = [appel(paris(2026, 4, 1, 11, 0), resultat="refus")]
    d = verifier(exemple(LYON), "telephone", paris(2026, 5, 4, 11, 0), journal, pol, jur)
    assert codes(d) == ["refus_recent"]
    assert d.prochain_creneau == paris(2026, 6, 1, 10, 0)
    # An email stays possible.
    assert verifier(exemple(LYON), "email", paris(2026, 5, 4, 11, 0), journal, pol, jur).autorise


def test_fenetre_max(pol: Politique) -> None:
    assert fenetre_max(pol).days == 60


# --- the claim ----------------------------------------------------------------------------


def test_canal_refuse(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(exemple("02_b2c_mise_en_demeure.yaml"), "sms", paris(2026, 5, 4, 11), [], pol, jur)
    assert codes(d) == ["canal_refuse"]
    assert d.motifs[0].legal is True
    assert d.prochain_creneau is None


def test_facture_en_litige_et_autre_facture(jur: Jurisprudence, pol: Politique) -> None:
    litige = exemple("04_litige.yaml")
    le = paris(2026, 5, 4, 11, 0)
    refus = verifier(litige, "email", le, [], pol, jur, facture="FA-2026-0042")
    assert codes(refus) == ["facture_en_litige"]
    assert refus.prochain_creneau is None
    assert verifier(litige, "email", le, [], pol, jur, facture="FA-2026-0011").autorise
    dossier_entier = verifier(litige, "email", le, [], pol, jur)
    assert dossier_entier.autorise
    assert [m.code for m in dossier_entier.avertissements] == ["facture_en_litige"]
    assert "FA-2026-0042" in dossier_entier.avertissements[0].message


def test_toutes_les_factures_en_litige(jur: Jurisprudence, pol: Politique) -> None:
    d0 = exemple("04_litige.yaml")
    tout = d0.model_copy(
        update={
            "litiges": [*d0.litiges, d0.litiges[0].model_copy(update={"facture": "FA-2026-0011"})]
        }
    )
    d = verifier(tout, "email", paris(2026, 5, 4, 11, 0), [], pol, jur)
    assert codes(d) == ["facture_en_litige", "facture_en_litige"]
    assert d.prochain_creneau is None


def test_procedure_collective(jur: Jurisprudence, pol: Politique) -> None:
    # BODACC 20 May 2026 + 2 months = Monday 20 July 2026 (R622-24, CPC 641).
    d = verifier(
        exemple("05_procedure_collective.yaml"), "courrier", paris(2026, 6, 1, 10, 30), [], pol, jur
    )
    assert codes(d) == ["procedure_collective"]
    assert "20/07/2026" in d.motifs[0].message
    assert d.motifs[0].articles[:3] == (
        "C. com. art. L622-21", "C. com. art. L622-24", "C. com. art. R622-24"
    )  # fmt: skip
    assert d.prochain_creneau is None
    # Before the opening judgment (4 May), nothing stops the contact.
    avant = verifier(
        exemple("05_procedure_collective.yaml"), "courrier", paris(2026, 4, 30, 10), [], pol, jur
    )
    assert avant.autorise


def _echeancier(paiements: list[tuple[date, str]]) -> Dossier:
    # 3 600 € invoiced, 1 800 € paid: 1 800 € left, in three instalments of 600 €.
    d0 = exemple(LYON)
    return d0.model_validate(
        {
            **d0.model_dump(),
            "echeanciers": [
                {
                    "convenu_le": date(2026, 3, 1),
                    "echeances": [
                        {"date": date(2026, 3, 31), "montant": Decimal("600.00")},
                        {"date": date(2026, 4, 30), "montant": Decimal("600.00")},
                        {"date": date(2026, 5, 31), "montant": Decimal("600.00")},
                    ],
                }
            ],
            "paiements": [
                *d0.model_dump()["paiements"],
                *({"date": j, "montant": Decimal(m)} for j, m in paiements),
            ],
        }
    )


def test_echeancier_respecte_puis_rompu(jur: Jurisprudence, pol: Politique) -> None:
    le = paris(2026, 5, 5, 11, 0)
    respecte = _echeancier([(date(2026, 3, 30), "600.00"), (date(2026, 4, 29), "600.00")])
    d = verifier(respecte, "telephone", le, [], pol, jur)
    assert codes(d) == ["echeancier_respecte"]
    assert "31/05/2026" in d.motifs[0].message
    assert d.motifs[0].articles == ("C. civ. art. 1103", "C. civ. art. 1305-2")
    # The second instalment paid on 2 May, after its date (30 April): the plan is broken.
    rompu = _echeancier([(date(2026, 3, 30), "600.00"), (date(2026, 5, 2), "600.00")])
    assert verifier(rompu, "telephone", le, [], pol, jur).autorise


def test_dette_prescrite(jur: Jurisprudence, pol: Politique) -> None:
    # Consumer, service completed 1 Dec 2023: 2 years (L218-2) end on 1 Dec 2025.
    d0 = exemple("02_b2c_mise_en_demeure.yaml")
    facture = d0.factures[0].model_copy(
        update={
            "date_emission": date(2023, 12, 5),
            "date_echeance": date(2024, 1, 5),
            "date_execution": date(2023, 12, 1),
        }
    )
    d = verifier(
        d0.model_copy(update={"factures": [facture]}), "email", paris(2026, 5, 4, 11), [], pol, jur
    )
    assert codes(d) == ["dette_prescrite"]
    assert "02/12/2025" in d.motifs[0].message
    assert "C. conso. art. L218-2" in d.motifs[0].articles
    assert d.prochain_creneau is None


def test_dossier_solde(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(exemple("03_personne_publique.yaml"), "email", paris(2026, 5, 4, 11), [], pol, jur)
    assert codes(d) == ["dossier_solde"]
    assert d.motifs[0].articles == ("C. civ. art. 1342",)
    assert d.prochain_creneau is None


def test_principal_restant_sans_taux() -> None:
    # FA-2025-0187: 2 400 - 1 000 (assigned) - 800 (unassigned, oldest due first) = 600;
    # FA-2025-0231 untouched: 1 200.
    assert principal_restant(exemple(LYON), date(2026, 3, 1)) == {
        "FA-2025-0187": Decimal("600.00"),
        "FA-2025-0231": Decimal("1200.00"),
    }


def test_un_taux_inconnu_ne_bloque_pas_la_porte(jur: Jurisprudence, pol: Politique) -> None:
    # Monday 3 August 2026: the legal interest rate of 2026 S2 is not in the data.
    d = verifier(
        exemple("02_b2c_mise_en_demeure.yaml"), "email", paris(2026, 8, 3, 11), [], pol, jur
    )
    assert d.autorise


def test_facture_non_echue(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(dossier(), "email", paris(2026, 1, 20, 11, 0), [], pol, jur, facture="F1")
    assert codes(d) == ["facture_non_echue"]
    assert d.motifs[0].articles == ("C. civ. art. 1305-2",)
    assert d.prochain_creneau == paris(2026, 2, 2, 8, 0)  # due 1 Feb (a Sunday): Monday 2 Feb


def test_donnees_au_dela_de_la_conservation(jur: Jurisprudence, pol: Politique) -> None:
    # B2B, due 15 Jan 2022, nothing since: not time-barred (5 years) but the active base
    # keeps data 3 years, to 15 Jan 2025.
    vieux = dossier(
        factures=[{
            "numero": "F1", "date_emission": "2021-12-15", "date_echeance": "2022-01-15",
            "montant_ttc": "1000.00",
        }]
    )  # fmt: skip
    d = verifier(vieux, "email", paris(2026, 5, 4, 11), [], pol, jur)
    assert codes(d) == ["conservation_depassee"]
    assert "15/01/2025" in d.motifs[0].message
    assert d.motifs[0].articles == ("RGPD art. 5.1.e", "CNIL, délibération n° 2021-131")


def test_tous_les_motifs_sont_donnes(jur: Jurisprudence, pol: Politique) -> None:
    d = verifier(
        exemple("03_personne_publique.yaml"), "telephone", paris(2026, 5, 3, 11), [], pol, jur
    )
    assert codes(d) == ["dossier_solde", "dimanche"]
    assert d.prochain_creneau is None
