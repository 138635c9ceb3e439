"""The consolidated timeline of a dossier: every kind of event, in a stable order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from conftest import dossier

from escalade.pilotage.historique import Transition, chronologie, evenement_en_dict


def _d():
    return dossier(
        factures=[
            {"numero": "F1", "date_emission": "2026-01-02", "date_echeance": "2026-02-01",
             "montant_ttc": "1000.00"},
        ],
        paiements=[{"date": "2026-03-10", "montant": "300.00", "facture": "F1",
                    "reference": "VIR-1"}],
        avoirs=[{"numero": "AV-1", "date": "2026-02-20", "montant": "50.00", "facture": "F1"}],
        litiges=[{"facture": "F1", "ouvert_le": "2026-02-20", "motif": "colis abîmé",
                  "clos_le": "2026-03-01"}],
        contacts=[
            # Two contacts on 2 March: the later one recorded first must still come second.
            {"le": "2026-03-02T15:00:00+01:00", "canal": "telephone",
             "objet": "relance_telephonique", "resultat": "promesse de paiement",
             "interlocuteur": "M. Martin", "operateur": "alice"},
            {"le": "2026-02-03T10:30:00+01:00", "canal": "email", "objet": "relance_1",
             "document": "relance_1@B", "operateur": "bruno"},
            {"le": "2026-03-02T09:15:00+01:00", "canal": "email", "objet": "relance_2"},
        ],
        mise_en_demeure={"envoyee_le": "2026-03-20", "recue_le": "2026-03-23",
                         "delai_jours": 8, "numero_lrar": "1A00"},
        historique=[{"etape": "relance_1", "le": "2026-02-03"}],
    )  # fmt: skip


def test_chronologie_complete_et_ordonnee() -> None:
    transitions = [
        Transition("relance_1", date(2026, 2, 3), None, None, None),  # the file's own entry
        Transition("relance_2", date(2026, 3, 10), "paiement", None, "chloe"),
    ]
    evenements = chronologie(_d(), transitions)
    vus = [(e.jour.isoformat(), e.type) for e in evenements]
    assert vus == [
        ("2026-01-02", "facture_emise"),
        ("2026-02-01", "facture_echue"),
        ("2026-02-03", "etape"),  # a whole-day event before the timed contact of that day
        ("2026-02-03", "contact"),
        ("2026-02-03", "document"),
        ("2026-02-20", "avoir"),
        ("2026-02-20", "litige_ouvert"),
        ("2026-03-01", "litige_clos"),
        ("2026-03-02", "contact"),  # 09:15 relance_2
        ("2026-03-02", "contact"),  # 15:00 call
        ("2026-03-02", "promesse"),
        ("2026-03-10", "paiement"),
        ("2026-03-10", "transition"),
        ("2026-03-20", "mise_en_demeure_envoyee"),
        ("2026-03-23", "mise_en_demeure_recue"),
    ]
    appel = evenements[9]
    assert appel.libelle == (
        "Contact par téléphone avec M. Martin (relance_telephonique) : promesse de paiement"
    )
    assert (appel.heure.isoformat(), appel.operateur) == ("15:00:00", "alice")
    assert evenements[4].libelle == "Document produit : relance_1@B"
    assert evenements[12].libelle == "Étape « relance_2 » après paiement"
    assert evenements[12].operateur == "chloe"
    assert evenements[13].libelle == "Mise en demeure envoyée, LRAR n° 1A00 (délai de 8 jours)"
    assert evenements[11].montant == Decimal("300.00")


def test_json_cles_stables() -> None:
    e = evenement_en_dict(chronologie(_d())[11])
    assert e == {
        "date": "2026-03-10", "heure": None, "type": "paiement",
        "libelle": "Paiement reçu sur la facture F1 (réf. VIR-1)", "montant": "300.00",
        "facture": "F1", "canal": None, "objet": None, "resultat": None, "operateur": None,
        "document": None, "etape": None,
    }  # fmt: skip
