"""Collection KPIs for a credit manager and a CFO (pure: no I/O, dates are parameters).

Every figure carries its definition (French text printed in the report,
escalade.pilotage.definitions_indicateurs). The inputs are flat rows
(escalade.pilotage.suivi_factures: invoices, payments, credit notes, the first date of each
escalation step per dossier, the recorded costs), never `Dossier` objects: the store reads
them with a few SQL queries over 100 000 invoices. The figures are computed by family
(escalade.pilotage.indicateurs_encours: ageing and DSO; indicateurs_recouvrement: recovery
rates, stages, segments, routes, cost); this module gathers them into one report and its
JSON form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from escalade.pilotage.definitions_indicateurs import CONVENTIONS, DEFINITIONS, HORIZONS, VOIES_FR
from escalade.pilotage.indicateurs_encours import Dso, Tranche, balance_agee, dso, dso_mensuel
from escalade.pilotage.indicateurs_recouvrement import (
    CoutParEuro,
    DelaiSegment,
    PartEtape,
    TauxRecouvrement,
    courbe_recouvrement,
    cout_par_euro,
    delai_par_segment,
    part_par_etape,
    recouvre_par_voie,
    taux_recouvrement,
)
from escalade.pilotage.suivi_factures import CENT, ZERO, Portefeuille, SuiviFacture, imputer


@dataclass(frozen=True)
class Indicateurs:
    du: date
    au: date
    observe_le: date
    factures: int
    balance_agee: tuple[Tranche, ...]
    dso: Dso
    dso_mensuel: tuple[Dso, ...]
    taux_recouvrement: tuple[TauxRecouvrement, ...]
    courbe: tuple[tuple[int, Decimal | None], ...]
    part_par_etape: tuple[PartEtape, ...]
    delai_par_segment: tuple[DelaiSegment, ...]
    recouvre_par_voie: dict[str, Decimal]
    cout_par_euro: CoutParEuro


def calculer(
    p: Portefeuille,
    du: date,
    au: date,
    observe_le: date,
    suivis: Sequence[SuiviFacture] | None = None,
) -> Indicateurs:
    """Every KPI of period [du, au], observed on `observe_le` (the report's date).

    `suivis`: `imputer(p)` when the caller already has it (the A/B tests reuse it)."""
    suivis = imputer(p) if suivis is None else suivis
    voies = recouvre_par_voie(suivis, p.etapes, du, au)
    return Indicateurs(
        du=du,
        au=au,
        observe_le=observe_le,
        factures=len(suivis),
        balance_agee=balance_agee(suivis, au),
        dso=dso(suivis, du, au),
        dso_mensuel=dso_mensuel(suivis, du, au),
        taux_recouvrement=tuple(taux_recouvrement(suivis, du, au, observe_le, n) for n in HORIZONS),
        courbe=courbe_recouvrement(suivis, du, au, observe_le),
        part_par_etape=part_par_etape(suivis, p.etapes, du, au),
        delai_par_segment=delai_par_segment(suivis, du, au),
        recouvre_par_voie=voies,
        cout_par_euro=cout_par_euro(p.frais, sum(voies.values(), ZERO), du, au),
    )


def _t(v: Decimal | None) -> str | None:
    return None if v is None else format(v, "f")


def _m(v: Decimal) -> str:
    """An amount in euros, always with its cents."""
    return format(v.quantize(CENT, ROUND_HALF_UP), "f")


def _dso_en_dict(d: Dso) -> dict[str, Any]:
    return {
        "du": d.du.isoformat(),
        "au": d.au.isoformat(),
        "jours_periode": d.jours_periode,
        "encours": _m(d.encours),
        "chiffre_affaires": _m(d.chiffre_affaires),
        "jours": _t(d.jours),
    }


def indicateurs_en_dict(r: Indicateurs) -> dict[str, Any]:
    """Stable keys; amounts, rates and days as decimal strings; dates ISO 8601."""
    return {
        "du": r.du.isoformat(),
        "au": r.au.isoformat(),
        "observe_le": r.observe_le.isoformat(),
        "factures": r.factures,
        "conventions": CONVENTIONS,
        "balance_agee": {
            "tranches": [
                {"cle": t.cle, "libelle": t.libelle, "nombre": t.nombre, "montant": _m(t.montant)}
                for t in r.balance_agee
            ],
            "total": _m(sum((t.montant for t in r.balance_agee), ZERO)),
            "definition": DEFINITIONS["balance_agee"],
        },
        "dso": {**_dso_en_dict(r.dso), "definition": DEFINITIONS["dso"]},
        "dso_mensuel": {
            "mois": [_dso_en_dict(d) for d in r.dso_mensuel],
            "definition": DEFINITIONS["dso_mensuel"],
        },
        "taux_recouvrement": {
            "horizons": [
                {
                    "jours": t.jours,
                    "cohorte": t.cohorte,
                    "observees": t.observees,
                    "non_observees": t.non_observees,
                    "principal_du": _m(t.principal_du),
                    "recouvre": _m(t.recouvre),
                    "taux": _t(t.taux),
                }
                for t in r.taux_recouvrement
            ],
            "definition": DEFINITIONS["taux_recouvrement"],
        },
        "courbe_recouvrement": {
            "points": [{"jours": k, "taux": _t(v)} for k, v in r.courbe],
            "definition": DEFINITIONS["courbe_recouvrement"],
        },
        "part_par_etape": {
            "etapes": [
                {
                    "cle": e.cle,
                    "libelle": e.libelle,
                    "nombre": e.nombre,
                    "montant": _m(e.montant),
                    "part_nombre": _t(e.part_nombre),
                    "part_montant": _t(e.part_montant),
                }
                for e in r.part_par_etape
            ],
            "definition": DEFINITIONS["part_par_etape"],
        },
        "delai_par_segment": {
            "segments": [
                {
                    "segment": d.segment,
                    "factures": d.factures,
                    "jours_depuis_emission": _t(d.jours_depuis_emission),
                    "jours_apres_echeance": _t(d.jours_apres_echeance),
                }
                for d in r.delai_par_segment
            ],
            "definition": DEFINITIONS["delai_par_segment"],
        },
        "recouvre_par_voie": {
            "voies": [
                {"cle": v, "libelle": VOIES_FR[v], "montant": _m(m)}
                for v, m in r.recouvre_par_voie.items()
            ],
            "total": _m(sum(r.recouvre_par_voie.values(), ZERO)),
            "definition": DEFINITIONS["recouvre_par_voie"],
        },
        "cout_par_euro": {
            "frais": _m(r.cout_par_euro.frais),
            "recouvre": _m(r.cout_par_euro.recouvre),
            "cout": _t(r.cout_par_euro.cout),
            "par_nature": {k: _m(v) for k, v in r.cout_par_euro.par_nature.items()},
            "definition": DEFINITIONS["cout_par_euro"],
        },
    }
