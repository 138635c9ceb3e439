"""A/B tests of reminder wording: stable assignment, measure, z-test, plain conclusions."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.pilotage.resultats_ab import (
    Observation,
    Relance,
    comparer,
    observer,
    resultat_en_dict,
)
from escalade.pilotage.suivi_factures import FactureKpi, MouvementKpi, Portefeuille, imputer
from escalade.recouvrement.ab_test import nom_modele, variante, variante_du_document
from escalade.recouvrement.fichier_politique import lire_politique
from escalade.recouvrement.politique_modele import Experience

EXP = Experience(nom="ton_relance_1", modele="relance_1", depuis=date(2026, 1, 1), jours=14)


def test_affectation_stable_et_equilibree() -> None:
    refs = [f"D-{i:04d}" for i in range(2000)]
    premiere = [variante(r, EXP.nom) for r in refs]
    assert premiere == [variante(r, EXP.nom) for r in refs]  # once and for good
    # The rule, recomputed independently: last byte of SHA-256("name|reference"), even = A.
    assert premiere[0] == "AB"[hashlib.sha256(b"ton_relance_1|D-0000").digest()[-1] % 2]
    assert 900 < premiere.count("A") < 1100  # about half each
    # Another experiment draws independently of this one.
    assert premiere != [variante(r, "autre") for r in refs]


def test_noms_de_modeles() -> None:
    assert (nom_modele("relance_1", "A"), nom_modele("relance_1", "B")) == (
        "relance_1", "relance_1@B"
    )  # fmt: skip
    assert variante_du_document("relance_1@B", "relance_1") == "B"
    assert variante_du_document("relance_1", "relance_1") == "A"
    assert variante_du_document("lettres/x.pdf", "relance_1") is None
    assert variante_du_document("relance_2@B", "relance_1") is None


def test_observer_paye_dans_les_jours() -> None:
    j = date.fromisoformat
    p = Portefeuille(
        factures=[
            FactureKpi("P", "1", "nouveau", j("2026-01-01"), j("2026-01-31"), D("100")),
            FactureKpi("Q", "1", "nouveau", j("2026-01-01"), j("2026-01-31"), D("100")),
            FactureKpi("R", "1", "nouveau", j("2026-01-01"), j("2026-01-31"), D("100")),
        ],
        # P pays everything 14 days after its reminder (counts), Q only half, R too late.
        paiements=[
            MouvementKpi("P", j("2026-02-16"), D("100")),
            MouvementKpi("Q", j("2026-02-10"), D("50")),
            MouvementKpi("R", j("2026-02-20"), D("100")),
        ],
    )
    suivis: dict[str, list] = {}
    for s in imputer(p):
        suivis.setdefault(s.facture.dossier, []).append(s)
    relances = [
        Relance("P", j("2026-02-02"), "relance_1@B"),
        Relance("Q", j("2026-02-02"), "relance_1"),
        Relance("R", j("2026-02-02"), None),  # variant from the assignment
        Relance("S", j("2026-06-25"), "relance_1"),  # window not over on 30 June
        Relance("T", j("2025-12-20"), "relance_1"),  # before the experiment
    ]
    obs = observer(EXP, relances, suivis, date(2026, 6, 30))
    assert [(o.dossier, o.variante, o.paye) for o in obs] == [
        ("P", "B", True), ("Q", "A", False), ("R", variante("R", EXP.nom), False),
        ("S", "A", None),
    ]  # fmt: skip


def _obs(var: str, payes: int, total: int) -> list[Observation]:
    le = date(2026, 2, 1)
    return [
        Observation(f"{var}{i}", var, le + timedelta(days=i % 5), i < payes) for i in range(total)
    ]


def test_z_deux_proportions_significatif() -> None:
    # A 30/100, B 45/100: pooled p = 75/200 = 0.375; se = sqrt(0.375 x 0.625 x (1/100 +
    # 1/100)) = 0.068465; z = (0.30 - 0.45) / se = -2.1909; p = 2 (1 - Phi(2.1909)) = 0.0285.
    r = comparer(EXP, _obs("A", 30, 100) + _obs("B", 45, 100))
    assert r.z == pytest.approx(-2.1909, abs=1e-4)
    assert r.p_valeur == pytest.approx(0.02846, abs=1e-4)
    assert r.concluant
    assert [(g.dossiers, g.payes, g.taux) for g in r.groupes] == [
        (100, 30, D("30.00")), (100, 45, D("45.00"))
    ]  # fmt: skip
    assert r.conclusion.startswith("Différence significative au seuil de 5 % (z = -2,19")
    assert "la variante B (relance_1@B) fait payer davantage dans les 14 jours" in r.conclusion
    assert resultat_en_dict(r)["variantes"][1]["modele"] == "relance_1@B"


def test_pas_de_difference() -> None:
    # A 60/200, B 70/200: pooled 130/400 = 0.325, se = sqrt(0.325 x 0.675 x 0.01) = 0.046838,
    # z = -0.05 / se = -1.0675, p = 2 (1 - Phi(1.0675)) = 0.2857: not significant.
    r = comparer(EXP, _obs("A", 60, 200) + _obs("B", 70, 200))
    assert r.z == pytest.approx(-1.0675, abs=1e-4)
    assert not r.concluant and r.p_valeur == pytest.approx(0.2857, abs=1e-4)
    assert r.conclusion.startswith("Pas de différence significative au seuil de 5 %")


def test_echantillons_trop_petits() -> None:
    # 9 failures in B (fewer than 10): the normal approximation does not hold.
    r = comparer(EXP, _obs("A", 20, 40) + _obs("B", 30, 39) + [
        Observation("X", "A", date(2026, 6, 29), None)
    ])  # fmt: skip
    assert not r.concluant
    assert r.conclusion.startswith("Échantillons trop petits pour conclure : il faut au moins 10")
    assert "variante B : 30 payés sur 39" in r.conclusion
    assert r.groupes[0].en_attente == 1


def test_politique_experiences(jur: Jurisprudence) -> None:
    pol = lire_politique(
        {"experiences": [{"nom": "ton", "modele": "relance_1", "depuis": date(2026, 1, 1)}]},
        "pol.yaml", jur,
    )  # fmt: skip
    assert pol.experiences == (Experience(nom="ton", modele="relance_1",
                                          depuis=date(2026, 1, 1), jours=14),)  # fmt: skip
    with pytest.raises(EntreeInvalide) as e:
        lire_politique({"experiences": [{"nom": "ton", "modele": "lettre_x"}]}, "p.yaml", jur)
    assert e.value.champ == "experiences[0].modele"
