"""KPIs against hand-computed values on a small portfolio (escalade.pilotage.indicateurs).

Period 1 January - 31 March 2026 (90 days), observed on 20 May 2026.

| inv. | dossier | segment  | issued     | due        | amount | events                          |
|------|---------|----------|------------|------------|--------|---------------------------------|
| F-A  | D1      | ponctuel | 2025-12-01 | 2026-01-10 | 1000   | paid 01-05 (named, early)       |
| F-B  | D1      | ponctuel | 2026-01-15 | 2026-02-14 | 2000   | unnamed 500 03-01, 1500 03-28   |
| F-C  | D2      | risque   | 2026-02-01 | 2026-03-03 | 3000   | credit 500 03-10, 1000 03-25    |
| F-E  | D2      | risque   | 2026-03-20 | 2026-04-19 | 400    | nothing                         |
| F-G  | D3      | risque   | 2025-10-01 | 2025-10-31 | 800    | paid 02-10 after the injonction |

Stages: D1 relance_1 02-16, mise en demeure 03-20; D2 relance_1 03-05, relance_2 03-15;
D3 relance_1 2025-11-05, mise en demeure 2025-12-01, injonction 2026-01-20.
Costs: 100 (lrar) 02-01, 50 (agence) 03-01, 999 on 05-01 (outside the period).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from escalade.pilotage.indicateurs import calculer, indicateurs_en_dict
from escalade.pilotage.suivi_factures import (
    FactureKpi,
    FraisKpi,
    MouvementKpi,
    Portefeuille,
    imputer,
)

DU, AU, OBSERVE = date(2026, 1, 1), date(2026, 3, 31), date(2026, 5, 20)


def _j(texte: str) -> date:
    return date.fromisoformat(texte)


PORTEFEUILLE = Portefeuille(
    factures=[
        FactureKpi("D1", "F-A", "ponctuel", _j("2025-12-01"), _j("2026-01-10"), D("1000")),
        FactureKpi("D1", "F-B", "ponctuel", _j("2026-01-15"), _j("2026-02-14"), D("2000")),
        FactureKpi("D2", "F-C", "risque", _j("2026-02-01"), _j("2026-03-03"), D("3000")),
        FactureKpi("D2", "F-E", "risque", _j("2026-03-20"), _j("2026-04-19"), D("400")),
        FactureKpi("D3", "F-G", "risque", _j("2025-10-01"), _j("2025-10-31"), D("800")),
    ],
    paiements=[
        MouvementKpi("D1", _j("2026-01-05"), D("1000"), "F-A"),
        MouvementKpi("D1", _j("2026-03-01"), D("500")),  # unnamed: F-A is paid, F-B is due
        MouvementKpi("D1", _j("2026-03-28"), D("1500")),
        MouvementKpi("D2", _j("2026-03-25"), D("1000"), "F-C"),
        MouvementKpi("D3", _j("2026-02-10"), D("800")),
    ],
    avoirs=[MouvementKpi("D2", _j("2026-03-10"), D("500"), "F-C")],
    etapes={
        "D1": {"relance_1": _j("2026-02-16"), "mise_en_demeure": _j("2026-03-20")},
        "D2": {"relance_1": _j("2026-03-05"), "relance_2": _j("2026-03-15")},
        "D3": {
            "relance_1": _j("2025-11-05"),
            "mise_en_demeure": _j("2025-12-01"),
            "injonction_de_payer": _j("2026-01-20"),
        },
    },
    frais=[
        FraisKpi(_j("2026-02-01"), D("100"), "lrar"),
        FraisKpi(_j("2026-03-01"), D("50"), "agence"),
        FraisKpi(_j("2026-05-01"), D("999"), "agence"),
    ],
)
R = calculer(PORTEFEUILLE, DU, AU, OBSERVE)


def test_imputation_ordre_1342_10() -> None:
    # Unnamed 250 on 15 March: F2 (due 1 Feb, the oldest due) 100, then F1 (due 1 March)
    # 100, then F3 (not yet due) the remaining 50.
    p = Portefeuille(
        factures=[
            FactureKpi("X", "F1", "nouveau", _j("2026-01-01"), _j("2026-03-01"), D("100")),
            FactureKpi("X", "F2", "nouveau", _j("2026-01-01"), _j("2026-02-01"), D("100")),
            FactureKpi("X", "F3", "nouveau", _j("2026-01-01"), _j("2026-05-01"), D("100")),
        ],
        paiements=[MouvementKpi("X", _j("2026-03-15"), D("250"))],
    )
    s = {x.facture.numero: x for x in imputer(p)}
    assert [s[n].reglements for n in ("F1", "F2", "F3")] == [
        [(_j("2026-03-15"), D("100"))], [(_j("2026-03-15"), D("100"))],
        [(_j("2026-03-15"), D("50"))],
    ]  # fmt: skip
    assert (s["F1"].solde_le, s["F3"].solde_le) == (_j("2026-03-15"), None)


def test_balance_agee() -> None:
    # At 31 March: F-C 3000 - 500 - 1000 = 1500, 28 days late; F-E 400 not due (19 April);
    # F-A, F-B, F-G paid.
    assert [(t.cle, t.nombre, t.montant) for t in R.balance_agee] == [
        ("non_echu", 1, D("400")), ("0_30", 1, D("1500")), ("31_60", 0, D("0")),
        ("61_90", 0, D("0")), ("plus_90", 0, D("0")),
    ]  # fmt: skip


def test_dso_methode_directe() -> None:
    # Receivables 1900 / sales issued in the period (2000 + 3000 + 400 = 5400) x 90 days
    # = 31.666... -> 31.7
    assert (R.dso.encours, R.dso.chiffre_affaires, R.dso.jours_periode) == (
        D("1900"), D("5400"), 90
    )  # fmt: skip
    assert R.dso.jours == D("31.7")
    # January: (F-B 2000 + F-G 800) / 2000 x 31 = 43.4; February: (F-B 2000 + F-C 3000)
    # / 3000 x 28 = 46.67 -> 46.7; March: 1900 / 400 x 31 = 147.25 -> 147.3 (half up).
    assert [m.jours for m in R.dso_mensuel] == [D("43.4"), D("46.7"), D("147.3")]


def test_dso_sans_ventes() -> None:
    r = calculer(PORTEFEUILLE, date(2026, 4, 1), date(2026, 4, 30), OBSERVE)
    assert r.dso.chiffre_affaires == 0 and r.dso.jours is None


def test_taux_de_recouvrement_par_cohorte() -> None:
    # Cohort: due in the period = F-A, F-B, F-C (F-E due in April, F-G in 2025).
    # 30 days: windows close 9 Feb, 16 March, 2 April (<= 20 May): all observed.
    #   due 1000 + 2000 + (3000 - 500) = 5500; paid 1000 + 500 + 1000 = 2500 -> 45.45 %
    # 60 days: F-B's window ends 15 April: 1500 of 28 March counts -> 4000 / 5500 = 72.73 %
    # 90 days: F-C's window ends 1 June > 20 May: not observed; 3000 / 3000 = 100 %
    vus = [(t.jours, t.cohorte, t.observees, t.non_observees, t.principal_du, t.recouvre,
            t.taux) for t in R.taux_recouvrement]  # fmt: skip
    assert vus == [
        (30, 3, 3, 0, D("5500"), D("2500"), D("45.45")),
        (60, 3, 3, 0, D("5500"), D("4000"), D("72.73")),
        (90, 3, 2, 1, D("3000"), D("3000"), D("100.00")),
    ]


def test_courbe_de_recouvrement() -> None:
    # Observed 90 days: F-A and F-B (3000). F-A paid 5 days early -> day 0: 1000 (33.33 %);
    # F-B 500 on day 15 (50 %), 1500 on day 42 (100 %).
    courbe = dict(R.courbe)
    assert [courbe[k] for k in (0, 14, 15, 41, 42, 90)] == [
        D("33.33"), D("33.33"), D("50.00"), D("50.00"), D("100.00"), D("100.00")
    ]  # fmt: skip


def test_part_payee_apres_chaque_etape() -> None:
    # Settled in the period: F-A on 5 Jan (no stage yet), F-G on 10 Feb (injonction of
    # 20 Jan), F-B on 28 March (mise en demeure of 20 March). 1/3 each; by principal
    # 1000, 800 and 2000 of 3800: 26.32 %, 21.05 %, 52.63 %.
    parts = {e.cle: (e.nombre, e.montant, e.part_nombre, e.part_montant)
             for e in R.part_par_etape}  # fmt: skip
    assert parts["aucune"] == (1, D("1000"), D("33.33"), D("26.32"))
    assert parts["mise_en_demeure"] == (1, D("2000"), D("33.33"), D("52.63"))
    assert parts["judiciaire"] == (1, D("800"), D("33.33"), D("21.05"))
    assert parts["relance_1"] == (0, D("0"), D("0.00"), D("0.00"))


def test_delai_moyen_par_segment() -> None:
    # ponctuel: F-A 35 days from issue, -5 after due; F-B 72 and 42 -> 53.5 and 18.5.
    # risque: F-G 1 Oct 2025 -> 10 Feb 2026 = 132 days, 102 after due.
    assert [(d.segment, d.factures, d.jours_depuis_emission, d.jours_apres_echeance)
            for d in R.delai_par_segment] == [
        ("ponctuel", 2, D("53.5"), D("18.5")), ("risque", 1, D("132.0"), D("102.0")),
    ]  # fmt: skip


def test_recouvre_par_voie_et_cout() -> None:
    # F-A paid before its due date: not recovered. Amicable: F-B 500 (1 March, before the
    # mise en demeure) + F-C 1000; mise en demeure: F-B 1500; injonction: F-G 800.
    assert R.recouvre_par_voie == {
        "amiable": D("1500"), "mise_en_demeure": D("1500"), "injonction": D("800"),
        "petites_creances": D("0"),
    }  # fmt: skip
    # Costs in the period 150 / recovered 3800 = 0.03947... -> 0.0395 EUR per EUR.
    c = R.cout_par_euro
    assert (c.frais, c.recouvre, c.cout) == (D("150"), D("3800"), D("0.0395"))
    assert c.par_nature == {"agence": D("50"), "lrar": D("100")}


def test_json_cles_et_definitions() -> None:
    j = indicateurs_en_dict(R)
    assert j["dso"]["jours"] == "31.7"
    assert "créances clients" in j["dso"]["definition"]
    assert "count-back" in j["dso"]["definition"]
    assert j["taux_recouvrement"]["horizons"][2]["non_observees"] == 1
    assert j["balance_agee"]["total"] == "1900.00"
    assert all("definition" in j[k] for k in (
        "balance_agee", "dso", "dso_mensuel", "taux_recouvrement", "courbe_recouvrement",
        "part_par_etape", "delai_par_segment", "recouvre_par_voie", "cout_par_euro"))  # fmt: skip
