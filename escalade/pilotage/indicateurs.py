"""Collection KPIs for a credit manager and a CFO (pure: no I/O, dates are parameters).

Every figure carries its definition (French text printed in the report). The inputs are
flat rows (invoices, payments, credit notes, the first date of each escalation step per
dossier, the recorded costs), never `Dossier` objects: the store reads them with a few
SQL queries over 100 000 invoices.

Conventions shared by every figure:
- Principal of an invoice: its amount including VAT minus its credit notes. Penalties,
  interest and the 40 EUR indemnity are not counted: these figures measure how invoices
  are settled, as the sales ledger sees it.
- Allocation of payments (`imputer`): a payment naming an invoice goes to it; the rest, and
  a payment naming none, go to the dossier's invoices that are due at the payment date
  before those that are not, the oldest due date first (the order of C. civ. art.
  1342-10). The KPIs allocate to principal only (not interest first, C. civ. art. 1343-1):
  a ledger convention, stated in the definitions.
- An invoice is settled on the day its principal is fully paid (credit notes count).
- "Recovered" means principal received after the due date: an invoice paid on time was
  paid, not recovered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

ZERO: Final = Decimal(0)
CENT: Final = Decimal("0.01")
TRANCHES: Final = (
    ("non_echu", "Non échu"),
    ("0_30", "Échu de 1 à 30 jours"),
    ("31_60", "Échu de 31 à 60 jours"),
    ("61_90", "Échu de 61 à 90 jours"),
    ("plus_90", "Échu depuis plus de 90 jours"),
)
# Escalation stages, in order; the court routes are one stage for "paid after" shares.
ETAPES: Final = (
    "relance_1",
    "relance_2",
    "relance_telephonique",
    "derniere_relance",
    "mise_en_demeure",
)
ROUTES_JUDICIAIRES: Final = ("injonction_de_payer", "petites_creances", "assignation")
ETAPES_FR: Final = {
    "aucune": "Avant toute relance",
    "relance_1": "Après la première relance",
    "relance_2": "Après la seconde relance",
    "relance_telephonique": "Après l'appel",
    "derniere_relance": "Après la dernière relance",
    "mise_en_demeure": "Après la mise en demeure",
    "judiciaire": "Après la saisie du juge (injonction, petites créances, assignation)",
}
VOIES: Final = ("amiable", "mise_en_demeure", "injonction", "petites_creances")
VOIES_FR: Final = {
    "amiable": "Amiable (relances, appel)",
    "mise_en_demeure": "Mise en demeure",
    "injonction": "Injonction de payer",
    "petites_creances": "Petites créances",
}
HORIZONS: Final = (30, 60, 90)

CONVENTIONS: Final = (
    "Principal d'une facture : montant TTC moins ses avoirs ; pénalités, intérêts et "
    "indemnité forfaitaire exclus. Les paiements sont imputés sur le principal : sur la "
    "facture désignée, sinon sur les factures échues avant les autres, la plus ancienne "
    "échéance d'abord (ordre de l'art. 1342-10 du Code civil ; l'imputation sur les intérêts "
    "d'abord, art. 1343-1, n'est pas appliquée à ces indicateurs de gestion). Une facture est "
    "soldée le jour où son principal est entièrement payé. « Recouvré » : principal encaissé "
    "après l'échéance."
)
DEFINITIONS: Final = {
    "balance_agee": (
        "Balance âgée à la date de fin : principal restant dû à cette date de chaque facture "
        "émise au plus tard ce jour-là (paiements et avoirs datés jusqu'à ce jour), réparti "
        "selon le nombre de jours écoulés depuis l'échéance : non échu (échéance le jour même "
        "ou plus tard), 1 à 30, 31 à 60, 61 à 90, plus de 90 jours."
    ),
    "dso": (
        "DSO (délai moyen de recouvrement des créances clients), méthode directe : créances "
        "clients à la fin de la période (principal restant dû) ÷ chiffre d'affaires TTC "
        "facturé sur la période × nombre de jours de la période. C'est la définition usuelle "
        "(« DSO = créances clients ÷ ventes à crédit de la période × nombre de jours » ; "
        "l'Observatoire des délais de paiement de la Banque de France calcule de même les "
        "délais clients en jours de chiffre d'affaires TTC, sur 360 jours pour un exercice). "
        "Ce n'est pas la méthode par épuisement du chiffre d'affaires (count-back). Non "
        "calculable sans chiffre d'affaires sur la période."
    ),
    "dso_mensuel": (
        "DSO de chaque mois civil de la période (tronqué aux bornes de la période), même "
        "définition : créances à la fin du mois ÷ chiffre d'affaires TTC du mois × jours."
    ),
    "taux_recouvrement": (
        "Taux de recouvrement à N jours, par cohorte : la cohorte est l'ensemble des factures "
        "dont l'échéance tombe dans la période ; seules comptent celles dont la fenêtre est "
        "close à la date d'observation (échéance + N jours au plus tard ce jour-là), les "
        "autres sont dénombrées à part. Taux = principal payé au plus tard N jours après "
        "l'échéance (paiements anticipés compris) ÷ principal dû (montant TTC moins les avoirs "
        "datés au plus tard N jours après l'échéance)."
    ),
    "courbe_recouvrement": (
        "Courbe de recouvrement : pour les factures de la cohorte observées au moins 90 jours "
        "après leur échéance, part cumulée du principal payée k jours après l'échéance, "
        "k de 0 à 90."
    ),
    "part_par_etape": (
        "Part des factures soldées pendant la période selon la dernière étape franchie dans "
        "leur dossier au jour du solde (première date de chaque étape au journal, à "
        "l'historique ou dans la mise en demeure enregistrée ; une étape du jour même compte). "
        "Parts en nombre de factures et en principal."
    ),
    "delai_par_segment": (
        "Délai moyen de paiement par segment de débiteur, pour les factures soldées pendant la "
        "période : moyenne simple (non pondérée) du nombre de jours entre l'émission et le "
        "solde, et entre l'échéance et le solde (négatif : payé en avance)."
    ),
    "recouvre_par_voie": (
        "Principal recouvré pendant la période (paiements datés dans la période, imputés sur "
        "des factures déjà échues), selon la voie engagée dans le dossier au jour du paiement : "
        "injonction de payer ou petites créances (la plus récente engagée), sinon mise en "
        "demeure envoyée, sinon amiable. Une assignation, que l'outil ne fait que conseiller, "
        "ne crée pas de voie distincte."
    ),
    "cout_par_euro": (
        "Coût par euro recouvré : frais de recouvrement enregistrés par le créancier et datés "
        "dans la période (escalade frais ajouter) ÷ principal recouvré pendant la période. "
        "Non calculable si rien n'a été recouvré."
    ),
}


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FactureKpi:
    dossier: str
    numero: str
    segment: str
    emission: date
    echeance: date
    montant: Decimal


@dataclass(frozen=True)
class MouvementKpi:
    """A payment (facture optional) or a credit note (facture required)."""

    dossier: str
    date: date
    montant: Decimal
    facture: str | None = None


@dataclass(frozen=True)
class FraisKpi:
    date: date
    montant: Decimal
    nature: str


@dataclass(frozen=True)
class Portefeuille:
    factures: Sequence[FactureKpi]
    paiements: Sequence[MouvementKpi] = ()
    avoirs: Sequence[MouvementKpi] = ()
    etapes: Mapping[str, Mapping[str, date]] = field(
        default_factory=dict
    )  # dossier -> étape -> 1st date
    frais: Sequence[FraisKpi] = ()


# --- allocation -------------------------------------------------------------------------


@dataclass
class SuiviFacture:
    """One invoice with its credit notes and the payments allocated to its principal."""

    facture: FactureKpi
    avoirs: list[tuple[date, Decimal]] = field(default_factory=list)
    reglements: list[tuple[date, Decimal]] = field(default_factory=list)
    solde_le: date | None = None

    @property
    def principal(self) -> Decimal:
        return self.facture.montant - sum((m for _, m in self.avoirs), ZERO)

    def avoirs_au(self, le: date) -> Decimal:
        return sum((m for d, m in self.avoirs if d <= le), ZERO)

    def paye_au(self, le: date) -> Decimal:
        return sum((m for d, m in self.reglements if d <= le), ZERO)

    def restant_au(self, le: date) -> Decimal:
        reste = self.facture.montant - self.avoirs_au(le) - self.paye_au(le)
        return reste if reste > ZERO else ZERO


def _par_dossier(elements: Iterable[Any]) -> dict[str, list[Any]]:
    groupes: dict[str, list[Any]] = defaultdict(list)
    for e in elements:
        groupes[e.dossier].append(e)
    return groupes


def _imputer_dossier(suivis: list[SuiviFacture], paiements: list[MouvementKpi]) -> None:
    par_numero = {s.facture.numero: s for s in suivis}
    reste = {s.facture.numero: s.principal for s in suivis}
    for p in sorted(paiements, key=lambda p: p.date):
        disponible = p.montant
        cibles = []
        if p.facture in par_numero:
            cibles.append(par_numero[p.facture])
        cibles += sorted(
            (s for s in suivis if s.facture.numero != p.facture),
            key=lambda s: (s.facture.echeance > p.date, s.facture.echeance, s.facture.numero),
        )
        for s in cibles:
            if disponible <= ZERO:
                break
            part = min(disponible, reste[s.facture.numero])
            if part > ZERO:
                s.reglements.append((p.date, part))
                reste[s.facture.numero] -= part
                disponible -= part
                if reste[s.facture.numero] == ZERO:
                    s.solde_le = p.date


def imputer(p: Portefeuille) -> list[SuiviFacture]:
    """Each invoice with its credit notes and allocated payments (module docstring)."""
    suivis = [SuiviFacture(f) for f in p.factures]
    par_cle = {(s.facture.dossier, s.facture.numero): s for s in suivis}
    for a in p.avoirs:
        s = par_cle.get((a.dossier, a.facture or ""))
        if s is not None:
            s.avoirs.append((a.date, a.montant))
    factures = _par_dossier(s.facture for s in suivis)
    paiements = _par_dossier(p.paiements)
    for dossier, liste in factures.items():
        _imputer_dossier([par_cle[(dossier, f.numero)] for f in liste], paiements.get(dossier, []))
    return suivis


# --- results ------------------------------------------------------------------------------


def pourcentage(numerateur: Decimal, denominateur: Decimal) -> Decimal | None:
    if denominateur == ZERO:
        return None
    return (numerateur * 100 / denominateur).quantize(CENT, ROUND_HALF_UP)


def _un_chiffre(valeur: Decimal) -> Decimal:
    return valeur.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Tranche:
    cle: str
    libelle: str
    nombre: int
    montant: Decimal


def balance_agee(suivis: Sequence[SuiviFacture], au: date) -> tuple[Tranche, ...]:
    montants = dict.fromkeys((c for c, _ in TRANCHES), ZERO)
    nombres = dict.fromkeys((c for c, _ in TRANCHES), 0)
    for s in suivis:
        if s.facture.emission > au:
            continue
        reste = s.restant_au(au)
        if reste == ZERO:
            continue
        retard = (au - s.facture.echeance).days
        cle = (
            "non_echu"
            if retard <= 0
            else "0_30"
            if retard <= 30
            else "31_60"
            if retard <= 60
            else "61_90"
            if retard <= 90
            else "plus_90"
        )
        montants[cle] += reste
        nombres[cle] += 1
    return tuple(Tranche(c, lib, nombres[c], montants[c]) for c, lib in TRANCHES)


@dataclass(frozen=True)
class Dso:
    du: date
    au: date
    jours_periode: int
    encours: Decimal
    chiffre_affaires: Decimal
    jours: Decimal | None  # None: no sales in the period


def dso(suivis: Sequence[SuiviFacture], du: date, au: date) -> Dso:
    """(receivables at `au` / sales TTC invoiced in [du, au]) x days of the period."""
    encours = sum((s.restant_au(au) for s in suivis if s.facture.emission <= au), ZERO)
    ventes = sum((s.facture.montant for s in suivis if du <= s.facture.emission <= au), ZERO)
    jours_periode = (au - du).days + 1
    jours = None if ventes == ZERO else _un_chiffre(encours / ventes * jours_periode)
    return Dso(du, au, jours_periode, encours, ventes, jours)


def mois_de(du: date, au: date) -> list[tuple[date, date]]:
    """The calendar months of [du, au], each clipped to the period."""
    resultat = []
    debut = du
    while debut <= au:
        suivant = date(debut.year + debut.month // 12, debut.month % 12 + 1, 1)
        fin = min(au, suivant - timedelta(days=1))
        resultat.append((debut, fin))
        debut = suivant
    return resultat


def dso_mensuel(suivis: Sequence[SuiviFacture], du: date, au: date) -> tuple[Dso, ...]:
    return tuple(dso(suivis, d, f) for d, f in mois_de(du, au))


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
            _un_chiffre(Decimal(emission[seg]) / nombre[seg]),
            _un_chiffre(Decimal(retard[seg]) / nombre[seg]),
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


# --- the whole report ---------------------------------------------------------------------


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
