"""Invariants of the décompte (hypothesis), on generated dossiers of every debtor type.

- a payment never increases the total due;
- totals are sums of lines rounded to the cent (per invoice and for the dossier);
- an invoice's rate periods are contiguous, never overlap, and their days add up to the
  accrued span;
- an invoice paid in full on or before its due date bears no penalty, interest or indemnity.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escalade.droit.decompte import Decompte, calculer
from escalade.droit.jurisprudence import charger
from escalade.droit.modele import Dossier, Paiement
from escalade.droit.periodes import CENTIME

# The shipped legal data only (no local extension of the machine running the tests).
JUR = charger(local=Path(__file__).parent / "aucune_extension_locale")
DEBUT = date(2023, 1, 1)
FIN = date(2026, 6, 30)  # the last day every series of the shipped data covers
REGLAGES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

jours = st.integers(min_value=0, max_value=(FIN - DEBUT).days)
montants = st.integers(min_value=1, max_value=5_000_000).map(lambda c: Decimal(c) / 100)


def _jour(n: int) -> date:
    return DEBUT + timedelta(days=n)


@st.composite
def factures(draw: st.DrawFn, n: int) -> list[dict[str, Any]]:
    resultat = []
    for i in range(n):
        emission = _jour(draw(jours))
        echeance = min(emission + timedelta(days=draw(st.integers(0, 90))), FIN)
        resultat.append(
            {
                "numero": f"FA-{i + 1:04d}",
                "date_emission": emission,
                "date_echeance": echeance,
                "montant_ttc": draw(montants),
                "taux_penalites": draw(
                    st.none() | st.sampled_from([Decimal("5.00"), Decimal("15.00")])
                ),
            }
        )
    return resultat


@st.composite
def dossiers(draw: st.DrawFn, max_paiements: int = 4) -> tuple[Dossier, date]:
    type_ = draw(st.sampled_from(["professionnel", "consommateur", "personne_publique"]))
    lignes = draw(factures(draw(st.integers(1, 3))))
    numeros = [f["numero"] for f in lignes]
    paiements = [
        {
            "date": _jour(draw(jours)),
            "montant": draw(montants),
            "facture": draw(st.none() | st.sampled_from(numeros)),
        }
        for _ in range(draw(st.integers(0, max_paiements)))
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
        },
        "debiteur": debiteur,
        "factures": lignes,
        "paiements": paiements,
    }
    if type_ == "consommateur" and draw(st.booleans()):
        recue = _jour(draw(jours))
        donnees["mise_en_demeure"] = {"envoyee_le": recue, "recue_le": recue}
    le = _jour(draw(st.integers(min_value=0, max_value=(FIN - DEBUT).days)))
    return Dossier.model_validate(donnees, strict=False), le


def _au_centime(x: Decimal) -> bool:
    return x == x.quantize(CENTIME)


def _total_facture(d: Decompte, i: int) -> Decimal:
    ligne = d.lignes[i]
    return (
        ligne.principal
        + ligne.interets_dus
        + ligne.capitalise
        + ligne.indemnite_due
        - ligne.indemnite_payee
    )


@REGLAGES
@given(dossiers(), st.data())
def test_un_paiement_n_augmente_jamais_le_total_du(
    cas: tuple[Dossier, date], data: st.DataObject
) -> None:
    dossier, le = cas
    numeros = [f.numero for f in dossier.factures]
    paiement = {
        "date": _jour(data.draw(st.integers(0, (le - DEBUT).days), label="jour du paiement")),
        "montant": data.draw(montants, label="montant"),
        "facture": data.draw(st.none() | st.sampled_from(numeros), label="facture"),
    }
    avec = dossier.model_copy(
        update={"paiements": [*dossier.paiements, Paiement.model_validate(paiement, strict=False)]}
    )
    avant = calculer(dossier, le, JUR).total
    apres = calculer(avec, le, JUR).total
    assert apres <= avant, (avant, apres)


@REGLAGES
@given(dossiers())
def test_les_totaux_sont_des_sommes_de_lignes_arrondies(cas: tuple[Dossier, date]) -> None:
    dossier, le = cas
    d = calculer(dossier, le, JUR)
    for _i, ligne in enumerate(d.lignes):
        for p in ligne.periodes:
            assert _au_centime(p.montant), p
        assert sum((p.montant for p in ligne.periodes), Decimal(0)) == ligne.interets_courus
        assert ligne.interets_courus - ligne.interets_payes == ligne.interets_dus + ligne.capitalise
        for montant in (ligne.principal, ligne.interets_dus, ligne.capitalise, ligne.indemnite_due):
            assert _au_centime(montant) and montant >= 0
        assert ligne.principal + ligne.principal_paye + ligne.avoirs == ligne.facture.montant_ttc
    assert d.principal == sum((ligne.principal for ligne in d.lignes), Decimal(0))
    assert d.total == sum((_total_facture(d, i) for i in range(len(d.lignes))), Decimal(0))
    assert d.total == d.principal + d.penalites + d.interets + d.indemnites
    assert d.penalites == 0 or d.interets == 0  # one regime per dossier


@REGLAGES
@given(dossiers())
def test_les_periodes_se_suivent_sans_chevauchement(cas: tuple[Dossier, date]) -> None:
    dossier, le = cas
    d = calculer(dossier, le, JUR)
    for ligne in d.lignes:
        periodes = ligne.periodes
        for p in periodes:
            assert p.jours == (p.fin - p.debut).days + 1 >= 1
            assert ligne.facture.date_echeance < p.debut and p.fin <= le
        for avant, apres in itertools.pairwise(periodes):
            assert apres.debut == avant.fin + timedelta(days=1), (avant, apres)
        if periodes:
            etendue = (periodes[-1].fin - periodes[0].debut).days + 1
            assert sum(p.jours for p in periodes) == etendue
            if dossier.debiteur.type != "consommateur":
                assert periodes[0].debut == ligne.facture.date_echeance + timedelta(days=1)


@REGLAGES
@given(dossiers(), st.data())
def test_rien_n_est_du_sur_une_facture_payee_a_l_echeance(
    cas: tuple[Dossier, date], data: st.DataObject
) -> None:
    dossier, le = cas
    f = dossier.factures[0]
    avance = data.draw(st.integers(0, (f.date_echeance - f.date_emission).days), label="avance")
    paiement = {
        "date": f.date_echeance - timedelta(days=avance),
        "montant": f.montant_ttc,
        "facture": f.numero,
    }
    payee = dossier.model_copy(
        update={"paiements": [*dossier.paiements, Paiement.model_validate(paiement, strict=False)]}
    )
    d = calculer(payee, max(le, f.date_echeance), JUR)
    ligne = d.lignes[0]
    assert ligne.periodes == []
    assert ligne.interets_courus == 0 and ligne.indemnite_due == 0
    assert ligne.principal == 0
