"""The recovery KPIs: recovery rate at N days and recovery curve by due-date cohort, share
of settled invoices by the last escalation stage, payment delay by debtor segment,
principal recovered by route, cost per euro recovered (definitions in
escalade.pilotage.definitions_indicateurs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from escalade.pilotage.definitions_indicateurs import ETAPES, ETAPES_FR, ROUTES_JUDICIAIRES, VOIES
from escalade.pilotage.suivi_factures import (
    ZERO,
    FraisKpi,
    SuiviFacture,
    pourcentage,
    un_chiffre,
)


@dataclass(frozen=True)
class TauxRecouvrement:
    jours: int
    cohorte: int  # invoices falling due in the period
    observees: int  # whose N-day window is closed at the observation date
    non_observees: int
    principal_du: Decimal
    recouvre: Decimal
    taux: Decimal | None  # percent


def _dans_cohorte(s: SuiviFacture, du: date, au: date) -> bool:
    return du <= s.facture.echeance <= au


def taux_recouvrement(
    suivis: Sequence[SuiviFacture], du: date, au: date, observe_le: date, n: int
) -> TauxRecouvrement:
    cohorte = [s for s in suivis if _dans_cohorte(s, du, au)]
    observees = [s for s in cohorte if s.facture.echeance + timedelta(days=n) <= observe_le]
    du_total = recouvre = ZERO
    for s in observees:
        limite = s.facture.echeance + timedelta(days=n)
        du_total += s.facture.montant - s.avoirs_au(limite)
        recouvre += s.paye_au(limite)
    return TauxRecouvrement(
        n,
        len(cohorte),
        len(observees),
        len(cohorte) - len(observees),
        du_total,
        recouvre,
        pourcentage(recouvre, du_total),
    )


def courbe_recouvrement(
    suivis: Sequence[SuiviFacture], du: date, au: date, observe_le: date, horizon: int = 90
) -> tuple[tuple[int, Decimal | None], ...]:
    """(k, percent of principal paid within k days after the due date), k = 0..horizon."""
    par_jour = [ZERO] * (horizon + 1)
    total = ZERO
    for s in suivis:
        fin = s.facture.echeance + timedelta(days=horizon)
        if not _dans_cohorte(s, du, au) or fin > observe_le:
            continue
        total += s.facture.montant - s.avoirs_au(fin)
        for d, m in s.reglements:
            k = max((d - s.facture.echeance).days, 0)
            if k <= horizon:
                par_jour[k] += m
    cumul = ZERO
    points = []
    for k, m in enumerate(par_jour):
        cumul += m
        points.append((k, pourcentage(cumul, total)))
    return tuple(points)


@dataclass(frozen=True)
class PartEtape:
    cle: str
    libelle: str
    nombre: int
    montant: Decimal
    part_nombre: Decimal | None
    part_montant: Decimal | None


def derniere_etape(etapes: Mapping[str, date], le: date) -> str:
    """The furthest escalation stage reached on or before `le` ("aucune" if none)."""
    if any(etapes.get(r) is not None and etapes[r] <= le for r in ROUTES_JUDICIAIRES):
        return "judiciaire"
    faites = [e for e in ETAPES if etapes.get(e) is not None and etapes[e] <= le]
    return faites[-1] if faites else "aucune"


def _soldees(suivis: Sequence[SuiviFacture], du: date, au: date) -> list[SuiviFacture]:
    return [s for s in suivis if s.solde_le is not None and du <= s.solde_le <= au]


def part_par_etape(
    suivis: Sequence[SuiviFacture], etapes: Mapping[str, Mapping[str, date]], du: date, au: date
) -> tuple[PartEtape, ...]:
    nombres: dict[str, int] = defaultdict(int)
    montants: dict[str, Decimal] = defaultdict(lambda: ZERO)
    soldees = _soldees(suivis, du, au)
    for s in soldees:
        assert s.solde_le is not None
        cle = derniere_etape(etapes.get(s.facture.dossier, {}), s.solde_le)
        nombres[cle] += 1
        montants[cle] += s.principal
    total_n = Decimal(len(soldees))
    total_m = sum(montants.values(), ZERO)
    return tuple(
        PartEtape(
            c,
            lib,
            nombres[c],
            montants[c],
            pourcentage(Decimal(nombres[c]), total_n),
            pourcentage(montants[c], total_m),
        )
        for c, lib in ETAPES_FR.items()
    )


@dataclass(frozen=True)
class DelaiSegment:
    segment: str
    factures: int
    jours_depuis_emission: Decimal
    jours_apres_echeance: Decimal


def delai_par_segment(
    suivis: Sequence[SuiviFacture], du: date, au: date
) -> tuple[DelaiSegment, ...]:
    emission: dict[str, int] = defaultdict(int)
    retard: dict[str, int] = defaultdict(int)
    nombre: dict[str, int] = defaultdict(int)
    for s in _soldees(suivis, du, au):
        assert s.solde_le is not None
        seg = s.facture.segment
        nombre[seg] += 1
        emission[seg] += (s.solde_le - s.facture.emission).days
        retard[seg] += (s.solde_le - s.facture.echeance).days
    return tuple(
        DelaiSegment(
            seg,
            nombre[seg],
            un_chiffre(Decimal(emission[seg]) / nombre[seg]),
            un_chiffre(Decimal(retard[seg]) / nombre[seg]),
        )
        for seg in sorted(nombre)
    )


def voie_au(etapes: Mapping[str, date], le: date) -> str:
    """The route engaged in a dossier on day `le` (definition "recouvre_par_voie")."""
    judiciaires = [
        (etapes[r], nom)
        for r, nom in (
            ("injonction_de_payer", "injonction"),
            ("petites_creances", "petites_creances"),
        )
        if etapes.get(r) is not None and etapes[r] <= le
    ]
    if judiciaires:
        return max(judiciaires)[1]
    med = etapes.get("mise_en_demeure")
    return "mise_en_demeure" if med is not None and med <= le else "amiable"


def recouvre_par_voie(
    suivis: Sequence[SuiviFacture], etapes: Mapping[str, Mapping[str, date]], du: date, au: date
) -> dict[str, Decimal]:
    par_voie = dict.fromkeys(VOIES, ZERO)
    for s in suivis:
        for d, m in s.reglements:
            if du <= d <= au and d > s.facture.echeance:
                par_voie[voie_au(etapes.get(s.facture.dossier, {}), d)] += m
    return par_voie


@dataclass(frozen=True)
class CoutParEuro:
    frais: Decimal
    recouvre: Decimal
    cout: Decimal | None  # euros spent per euro recovered (4 decimals)
    par_nature: dict[str, Decimal]


def cout_par_euro(frais: Sequence[FraisKpi], recouvre: Decimal, du: date, au: date) -> CoutParEuro:
    dans = [f for f in frais if du <= f.date <= au]
    total = sum((f.montant for f in dans), ZERO)
    par_nature: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for f in dans:
        par_nature[f.nature] += f.montant
    cout = (
        None if recouvre == ZERO else (total / recouvre).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    )
    return CoutParEuro(total, recouvre, cout, dict(sorted(par_nature.items())))
