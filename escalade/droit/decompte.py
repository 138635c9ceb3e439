"""Le décompte de créance: what remains due on a dossier at a given date.

For each invoice: the remaining principal, the penalties (B2B, C. com. L441-10) or the
interest (public debtor: R2192-31 CCP; consumer: legal interest from the mise en demeure,
C. civ. 1231-6 and 1344-1) accrued and not paid, the fixed indemnity (D441-5), every rate
period, and each payment with its imputation (C. civ. 1342-10, 1343-1; a public buyer pays
the principal first, CCP R2192-36, and the interest on each portion stops when it is paid).
Interest stops at the opening of a collective proceeding (C. com. L622-28). Capitalisation
(C. civ. 1343-2) only when the creditor asks for it, yearly, never against a consumer.

Exact Decimal inside; each period line rounded half-up to the cent; every total is the sum
of rounded lines. Pure: the date and the legal data are parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from escalade.droit import a_parfaire, commande_publique, penalites_de_retard
from escalade.droit.a_parfaire import APparfaire
from escalade.droit.decompte_facture import (
    ZERO,
    Imputation,
    LigneFacture,
    Nature,
    Regime,
    accessoires_publics,
    avertissements_facture,
    capitaliser,
    constater_retard,
    courir,
    imputer_sur,
    ligne_initiale,
    plancher_applique,
)
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.imputation import (
    POSTES,
    POSTES_PRINCIPAL_D_ABORD,
    REFERENCES_AFFECTE,
    REFERENCES_LEGAL,
    ordre_legal,
)
from escalade.droit.indemnite_forfaitaire import indemnite
from escalade.droit.modele import Dossier, Paiement
from escalade.droit.periodes import UN_JOUR
from escalade.droit.regimes import depart_interets_consommateur, regime

REFERENCES_CAPITALISATION = ("C. civ. art. 1343-2",)
# The passes of a payment over the debts left after the one it names (if any): 1343-1 takes
# each debt whole in the 1342-10 order; a public buyer pays every principal before any
# accessory (CCP R2192-36), the principals and then the accessories in the 1342-10 order.
PASSES_CIVILES: tuple[tuple[str, ...], ...] = (POSTES,)
PASSES_PRINCIPAL_D_ABORD: tuple[tuple[str, ...], ...] = (("principal",), ("interets", "indemnite"))
DECISION_CAPITALISATION = "cass_civ1_2012_02_09_capitalisation_conso"


@dataclass(frozen=True)
class PaiementImpute:
    date: date
    montant: Decimal
    facture: str | None
    regle: str
    imputations: tuple[Imputation, ...]
    non_impute: Decimal


@dataclass
class Decompte:
    dossier: str
    date: date
    regime: Regime
    lignes: list[LigneFacture]
    paiements: list[PaiementImpute]
    references: tuple[str, ...]
    avertissements: list[str]
    # À parfaire: interest computed up to `arrete_au` only, a rate being unknown after it
    arrete_au: dt.date | None = None
    a_parfaire: list[APparfaire] = field(default_factory=list)

    @property
    def principal(self) -> Decimal:
        return sum((ligne.principal for ligne in self.lignes), ZERO)

    def _accessoires(self, nature: Nature) -> Decimal:
        if self.regime.nature != nature:
            return ZERO
        return sum((ligne.interets_dus + ligne.capitalise for ligne in self.lignes), ZERO)

    @property
    def penalites(self) -> Decimal:
        return self._accessoires("penalites")

    @property
    def interets(self) -> Decimal:
        return self._accessoires("interets")

    @property
    def indemnites(self) -> Decimal:
        return sum((ligne.indemnite_due - ligne.indemnite_payee for ligne in self.lignes), ZERO)

    @property
    def total(self) -> Decimal:
        return self.principal + self.penalites + self.interets + self.indemnites

    @property
    def trop_percu(self) -> Decimal:
        return sum((p.non_impute for p in self.paiements), ZERO)


# --- the simulation -------------------------------------------------------------


def _a_payer(ligne: LigneFacture, le: date) -> bool:
    return any(v > 0 for v in ligne.dus(le).values()) or (
        ligne.principal + ligne.capitalise > 0 and ligne.debut_cours is not None
    )


def _cumuler(avant: Imputation | None, ajout: Imputation) -> Imputation:
    if avant is None:
        return ajout
    return Imputation(
        avant.facture,
        avant.sur_interets + ajout.sur_interets,
        avant.sur_principal + ajout.sur_principal,
        avant.sur_indemnite + ajout.sur_indemnite,
    )


def _imputer(
    p: Paiement,
    lignes: dict[str, LigneFacture],
    avancer: Callable[[LigneFacture, date], None],
    principal_d_abord: bool,
) -> PaiementImpute:
    """A payment stays on the invoice the debtor names (1342-10 al. 1), the rest goes to the
    other debts in the order of 1342-10 al. 2; within a debt, 1343-1 (interest first), or for a
    public buyer the principal first (CCP R2192-36)."""
    imputations: dict[str, Imputation] = {}
    reste = p.montant
    if p.facture is not None:
        ligne = lignes[p.facture]
        avancer(ligne, p.date)
        sur_facture = POSTES_PRINCIPAL_D_ABORD if principal_d_abord else POSTES
        imputations[p.facture], reste = imputer_sur(ligne, reste, p.date, sur_facture)
    ordre = ordre_legal([ligne.cle for ligne in lignes.values()], p.date)
    for postes in PASSES_PRINCIPAL_D_ABORD if principal_d_abord else PASSES_CIVILES:
        for cle in ordre:
            if reste <= 0:
                break
            ligne = lignes[cle.numero]
            if cle.numero == p.facture or not _a_payer(ligne, p.date):
                continue
            avancer(ligne, p.date)
            imputation, reste = imputer_sur(ligne, reste, p.date, postes)
            if imputation.sur_interets or imputation.sur_principal or imputation.sur_indemnite:
                imputations[cle.numero] = _cumuler(imputations.get(cle.numero), imputation)
    regle = "affecté par le débiteur" if p.facture else "imputation légale (C. civ. 1342-10)"
    return PaiementImpute(p.date, p.montant, p.facture, regle, tuple(imputations.values()), reste)


def calculer(
    dossier: Dossier,
    le: date,
    jur: Jurisprudence,
    accessoires: bool = True,
    a_parfaire_permis: bool = True,
) -> Decompte:
    """The décompte of `dossier` at the end of the day `le`.

    When a rate it needs is not in the legal data yet, interest runs up to the day before the
    first unknown day only (`arrete_au`) and the décompte says what runs on (`a_parfaire`);
    with `a_parfaire_permis=False` that case raises `DonneeJuridiqueManquante` instead (for
    the decisions that need the whole amount). With `accessoires=False` no penalty or interest
    runs: principal, payments and indemnities only.
    """
    r = regime(jur, dossier)
    if not accessoires:
        r = replace(r, debut_cours=lambda f: None, capitalisation=False)
    if a_parfaire_permis:
        try:
            return _en_une_passe(dossier, le, jur, r)
        except a_parfaire.Imprevisible:
            pass
    manque: a_parfaire.Manque | None = None
    while True:  # each pass stops interest earlier: at most one pass per missing series
        try:
            return _simuler(dossier, le, jur, r, manque)
        except a_parfaire.ManqueTrouve as trouve:
            if not a_parfaire_permis:
                raise trouve.manque.erreur from None
            manque = trouve.manque


def _en_une_passe(dossier: Dossier, le: date, jur: Jurisprudence, r: Regime) -> Decompte:
    """The décompte in one pass, interest stopping the day before the first missing day found
    beforehand (`a_parfaire.prevoir`): the same décompte as the passes of `calculer`, which
    raises `Imprevisible` when that day cannot be known before simulating."""
    fin = le if r.fin_cours is None else min(le, r.fin_cours)
    prevision = a_parfaire.prevoir(dossier.factures, r, fin, jur)
    decompte: Decompte | None = None
    try:
        manque = None if prevision is None else prevision.manque
        decompte = _simuler(dossier, le, jur, r, manque, prevision)
    except (DonneeJuridiqueManquante, a_parfaire.ManqueTrouve):  # not the day foreseen
        pass
    if decompte is None or (prevision is not None and not prevision.atteint):
        raise a_parfaire.Imprevisible
    return decompte


def _simuler(
    dossier: Dossier,
    le: date,
    jur: Jurisprudence,
    r_base: Regime,
    manque: a_parfaire.Manque | None,
    prevision: a_parfaire.Prevision | None = None,
) -> Decompte:
    """One pass of the simulation; interest stops the day before `manque` (if any), and a rate
    the data does not give raises `ManqueTrouve` with the first day it misses. The invoices
    advancing over that day are shown to `prevision`, when it is the day foreseen."""
    arrete_au = None if manque is None else manque.jour - UN_JOUR
    fin_cours = r_base.fin_cours
    if arrete_au is not None:
        fin_cours = arrete_au if fin_cours is None else min(fin_cours, arrete_au)
    r = replace(r_base, segments=a_parfaire.segments_surs(r_base.segments), fin_cours=fin_cours)
    base_annee = jur.entier("base_jours_annee", le)
    pas = jur.entier("capitalisation_periode", le) if r.capitalisation else 1
    lignes = {f.numero: ligne_initiale(dossier, f, r, le) for f in dossier.factures}

    def avancer(ligne: LigneFacture, jusqu_au: date) -> None:
        if prevision is not None:
            prevision.constater(ligne, jusqu_au)
        capitaliser(ligne, jusqu_au, r, base_annee, pas)
        courir(ligne, jusqu_au, r, base_annee)
        constater_retard(ligne, jusqu_au, dossier, jur)

    paiements = [
        _imputer(p, lignes, avancer, r.principal_d_abord)
        for p in sorted((p for p in dossier.paiements if p.date <= le), key=lambda p: p.date)
    ]
    references: list[str] = list(r.references)
    references_publiques: list[str] = []
    avertissements: list[str] = []
    for ligne in lignes.values():
        avancer(ligne, le)
        _indemnite(ligne, dossier, le, jur, references)
        if plancher_applique(ligne, dossier):
            references += penalites_de_retard.REFERENCES_PLANCHER
        avertissements += avertissements_facture(ligne, dossier, r, jur)
        if r.principal_d_abord:
            avertissements += accessoires_publics(ligne, dossier, jur, references_publiques)
    if paiements:
        affecte = any(p.facture for p in paiements)
        libre = any(p.facture is None or p.non_impute for p in paiements)
        imputation = _references_imputation(r)
        references += [*REFERENCES_AFFECTE[:1], *imputation] if affecte else []
        references += [*REFERENCES_LEGAL[:1], *imputation] if libre else []
    references += references_publiques
    if r.capitalisation:
        references += REFERENCES_CAPITALISATION
    elif dossier.creancier.capitalisation and dossier.debiteur.type == "consommateur":
        references += [*REFERENCES_CAPITALISATION, jur.citation(DECISION_CAPITALISATION)]
        avertissements.append(
            "Capitalisation des intérêts demandée mais refusée : jamais contre un consommateur."
        )
    avertissements += _avertissements_dossier(dossier, r_base)
    elements: list[APparfaire] = []
    if manque is not None and arrete_au is not None:
        fin = le if r_base.fin_cours is None else min(le, r_base.fin_cours)
        elements = a_parfaire.elements(list(lignes.values()), r, manque, arrete_au, fin)
        dates = [p.date for p in paiements]
        avertissements += a_parfaire.avertissements(arrete_au, elements, r, dates)
    return Decompte(
        dossier.reference,
        le,
        r,
        list(lignes.values()),
        paiements,
        tuple(dict.fromkeys(references)),
        avertissements,
        arrete_au,
        elements,
    )


def _indemnite(
    ligne: LigneFacture, dossier: Dossier, le: date, jur: Jurisprudence, references: list[str]
) -> None:
    """The references of the 40 EUR of an invoice that was late (paid late, or still unpaid)."""
    if ligne.indemnite_due > 0:
        references += indemnite(jur, dossier.debiteur, ligne.facture.date_echeance).references


def _references_imputation(r: Regime) -> tuple[str, ...]:
    """Within a debt: interest first (C. civ. 1343-1), or the principal first for a public
    buyer (CCP R2192-36)."""
    if r.principal_d_abord:
        return commande_publique.REFERENCES_IMPUTATION
    return REFERENCES_AFFECTE[1:]


def _avertissements_dossier(dossier: Dossier, r: Regime) -> list[str]:
    messages = []
    if dossier.debiteur.type == "consommateur" and depart_interets_consommateur(dossier) is None:
        messages.append(
            "Aucun intérêt calculé : les intérêts au taux légal courent à compter de la mise en "
            "demeure (C. civ. 1344-1), dont la date de réception ou de première présentation "
            "n'est pas connue."
        )
    if r.fin_cours is not None:
        messages.append(
            "Intérêts arrêtés au jugement d'ouverture du "
            f"{r.fin_cours + timedelta(days=1):%d/%m/%Y} "
            "(C. com. L622-28) ; la créance se déclare au mandataire judiciaire."
        )
    return messages
