"""Issue 19: the « à parfaire » décompte in one pass (the first missing day found before the
simulation, `a_parfaire.prevoir`) is the décompte of the passes (simulate, stop at the first
missing day, simulate again), to the cent and to the day, whatever the dossier."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from conftest import dossier
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalade.droit import a_parfaire, decompte
from escalade.droit.decompte import calculer
from escalade.droit.decompte_json import json_decompte
from escalade.droit.jurisprudence import charger
from escalade.droit.modele import Dossier

# The shipped legal data only: rates known up to 30 June 2026 (the ECB rate of 1 July 2026
# and the legal rates of the second half-year are not in it).
JUR = charger(local=Path(__file__).parent / "aucune_extension_locale")
DEBUT = date(2025, 6, 1)
DERNIER_JOUR = date(2027, 3, 31)
LE_4_DECEMBRE = date(2026, 12, 4)


def _par_passes(d: Dossier, le: date) -> str:
    """The décompte as computed before issue 19: one pass per missing day found."""
    with mock.patch.object(decompte, "_en_une_passe", side_effect=a_parfaire.Imprevisible):
        return json_decompte(calculer(d, le, JUR))


def _une_passe(d: Dossier, le: date) -> tuple[str, bool]:
    """The décompte, and whether it took one pass (no fallback to the passes)."""
    passes = mock.Mock(wraps=decompte._simuler)
    with mock.patch.object(decompte, "_simuler", passes):
        texte = json_decompte(calculer(d, le, JUR))
    return texte, passes.call_count == 1


def _jour(n: int) -> date:
    return DEBUT + timedelta(days=n)


jours = st.integers(min_value=0, max_value=(DERNIER_JOUR - DEBUT).days)
montants = st.integers(min_value=1, max_value=2_000_000).map(lambda c: Decimal(c) / 100)


@st.composite
def dossiers(draw: st.DrawFn) -> tuple[Dossier, date]:
    type_ = draw(st.sampled_from(["professionnel", "consommateur", "personne_publique"]))
    factures = []
    for i in range(draw(st.integers(1, 4))):
        emission = _jour(draw(jours))
        factures.append(
            {
                "numero": f"FA-{i + 1}",
                "date_emission": emission,
                "date_echeance": emission + timedelta(days=draw(st.integers(0, 60))),
                "montant_ttc": draw(montants),
                "taux_penalites": draw(st.none() | st.just(Decimal("15.00"))),
            }
        )
    numeros = [f["numero"] for f in factures]
    paiements = [
        {
            "date": _jour(draw(jours)),
            # sometimes the whole invoice and more: invoices paid off before or after the data ends
            "montant": draw(montants) * draw(st.sampled_from([1, 1, 3])),
            "facture": draw(st.none() | st.sampled_from(numeros)),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    debiteur: dict[str, Any] = {
        "nom": "Débiteur",
        "type": type_,
        "adresse": {"code_postal": "69006", "ville": "Lyon"},
    }
    if type_ == "professionnel" and draw(st.booleans()):
        debiteur["procedure_collective"] = {
            "type": "redressement_judiciaire",
            "jugement_le": _jour(draw(jours)),
        }
    donnees: dict[str, Any] = {
        "reference": "P-1",
        "creancier": {
            "nom": "Créancier",
            "adresse": {"code_postal": "75002", "ville": "Paris"},
            "capitalisation": draw(st.booleans()),
            "personne_physique_non_professionnelle": draw(st.booleans()),
        },
        "debiteur": debiteur,
        "factures": factures,
        "paiements": paiements,
    }
    if type_ == "consommateur":
        recue = _jour(draw(jours))
        donnees["mise_en_demeure"] = {"envoyee_le": recue, "recue_le": recue}
        if draw(st.booleans()):
            executoire = _jour(draw(jours))
            donnees["jugement"] = {"rendu_le": executoire, "executoire_le": executoire}
    return Dossier.model_validate(donnees, strict=False), _jour(draw(jours))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dossiers())
def test_une_passe_donne_le_decompte_des_passes(cas: tuple[Dossier, date]) -> None:
    d, le = cas
    assert _une_passe(d, le)[0] == _par_passes(d, le)


def test_portefeuille_a_parfaire_en_une_passe() -> None:
    # 300 dossiers of the benchmark's shape at 4 December 2026: every à parfaire décompte is
    # the one of the passes, and (all its invoices missing the same data on the same day, with
    # principal still due then) is computed in one pass.
    hasard = random.Random(19)
    a_parfaire_en_une_passe = 0
    for i in range(300):
        type_ = hasard.choice(["professionnel", "consommateur", "personne_publique"])
        factures, paiements = [], []
        for k in range(4):
            emission = date(2024, 1, 1) + timedelta(days=hasard.randrange(850))
            echeance = emission + timedelta(days=hasard.choice((30, 45, 60)))
            numero = f"FA-{i}-{k}"
            centimes = hasard.randrange(5_000, 2_000_000)
            factures.append(
                {"numero": numero, "date_emission": emission.isoformat(),
                 "date_echeance": echeance.isoformat(), "montant_ttc": f"{centimes / 100:.2f}"}
            )  # fmt: skip
            if hasard.random() < 0.5:
                paye_le = min(echeance + timedelta(days=hasard.randrange(90)), LE_4_DECEMBRE)
                paiements.append(
                    {"date": paye_le.isoformat(), "montant": f"{centimes // 3 / 100:.2f}",
                     "facture": numero}
                )  # fmt: skip
        d = dossier(
            reference=f"D-{i}",
            debiteur={"type": type_},
            factures=factures,
            paiements=paiements,
            mise_en_demeure={"envoyee_le": "2025-06-02", "recue_le": "2025-06-04"},
        )
        texte, une_passe = _une_passe(d, LE_4_DECEMBRE)
        assert texte == _par_passes(d, LE_4_DECEMBRE)
        if calculer(d, LE_4_DECEMBRE, JUR).arrete_au is not None:
            assert une_passe, d.reference
            a_parfaire_en_une_passe += 1
    assert a_parfaire_en_une_passe >= 150  # 190 with the shipped data


def test_facture_soldee_avant_le_jour_manquant() -> None:
    # FA-1 is due 1 May 2026 and paid off on 15 June 2026 (before 1 July, whose ECB rate is
    # missing): it needs no rate after. FA-2 is due 31 August 2026: its penalties start on
    # 1 September, missing too. The décompte stops on 31 August, not on 30 June; foreseen
    # first day 1 July (FA-1's) does not hold, and the passes give the décompte.
    # FA-1: 1 000,00 from 02/05 to 15/06 (45 days) at 12,15 % (ECB 2,15 % at 1 January
    # 2026 + 10) = 14,979 -> 14,98 ; paid 1 054,98 = 14,98 + 1 000,00 + 40,00.
    d = dossier(
        factures=[
            {"numero": "FA-1", "date_emission": "2026-04-01", "date_echeance": "2026-05-01",
             "montant_ttc": "1000.00"},
            {"numero": "FA-2", "date_emission": "2026-08-01", "date_echeance": "2026-08-31",
             "montant_ttc": "500.00"},
        ],
        paiements=[{"date": "2026-06-15", "montant": "1054.98", "facture": "FA-1"}],
    )  # fmt: skip
    texte, une_passe = _une_passe(d, LE_4_DECEMBRE)
    assert not une_passe and texte == _par_passes(d, LE_4_DECEMBRE)
    dc = calculer(d, LE_4_DECEMBRE, JUR)
    assert dc.arrete_au == date(2026, 8, 31)
    assert dc.lignes[0].principal == 0 and dc.lignes[0].interets_courus == Decimal("14.98")
    [a] = dc.a_parfaire
    assert (a.facture, a.depuis, a.serie) == ("FA-2", date(2026, 9, 1), "taux_bce_refinancement")
    assert dc.total == Decimal("540.00")  # FA-2's principal and 40 EUR, no penalty computed


def test_series_differentes_le_meme_jour() -> None:
    # FA-1 has a contractual rate (its floor needs the legal rate of the second half of 2026),
    # FA-2 the default rate (the ECB rate of 1 July 2026): both are missing from 1 July, named
    # by different series; which one the décompte cites is the passes' choice.
    d = dossier(
        factures=[
            {"numero": "FA-1", "date_emission": "2026-03-01", "date_echeance": "2026-03-31",
             "montant_ttc": "1000.00", "taux_penalites": "15.00"},
            {"numero": "FA-2", "date_emission": "2026-03-01", "date_echeance": "2026-03-31",
             "montant_ttc": "1000.00"},
        ],
    )  # fmt: skip
    texte, une_passe = _une_passe(d, LE_4_DECEMBRE)
    assert not une_passe and texte == _par_passes(d, LE_4_DECEMBRE)
    assert calculer(d, LE_4_DECEMBRE, JUR).arrete_au == date(2026, 6, 30)
