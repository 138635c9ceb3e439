"""One invoice of a décompte: its state, and how it advances day after day.

The line of an invoice holds its remaining principal, the penalties or interest accrued and
not paid, the fixed indemnity (C. com. D441-5) and every rate period; `courir` accrues interest
on it (rounded per period), `capitaliser` capitalises yearly (C. civ. 1343-2), `imputer_sur`
puts part of a payment on its debts (C. civ. 1343-1, or the principal first for a public buyer,
CCP R2192-36), and its notes say what the reader must know (dispute, floor rate, the public
buyer's delay for the accessories). The regime (`Regime`) says how interest runs; it is chosen,
and the lines assembled into the décompte, by `escalade.droit.decompte`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from escalade.droit import commande_publique, penalites_de_retard
from escalade.droit.calendrier import calendrier_pour_code_postal
from escalade.droit.delais import Echeance, ajouter_mois, calculer_delai
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.imputation import POSTES, CleDette, repartir
from escalade.droit.indemnite_forfaitaire import indemnite
from escalade.droit.modele import Dossier, Facture
from escalade.droit.periodes import UN_JOUR, Periode, SegmentTaux, periodes

ZERO = Decimal(0)
Nature = Literal["penalites", "interets"]


@dataclass(frozen=True)
class Imputation:
    facture: str
    sur_interets: Decimal
    sur_principal: Decimal
    sur_indemnite: Decimal


@dataclass
class LigneFacture:
    """The state of one invoice, advanced payment by payment up to the décompte's date."""

    facture: Facture
    debut_cours: date | None
    principal: Decimal
    avoirs: Decimal
    capitalise: Decimal = ZERO
    interets_dus: Decimal = ZERO
    couru_jusqu_au: date = date.min
    indemnite_due: Decimal = ZERO
    indemnite_payee: Decimal = ZERO
    interets_courus: Decimal = ZERO
    interets_payes: Decimal = ZERO
    principal_paye: Decimal = ZERO
    periodes: list[Periode] = field(default_factory=list)
    en_litige: bool = False
    en_retard: bool = False  # still unpaid on a day after its due date (D441-5: 40 EUR due)
    principal_solde_le: date | None = None  # the payment that paid the last of the principal
    # Public buyer: the last day to pay the interest and indemnity (CCP R2192-36)
    echeance_accessoires: Echeance | None = None

    @property
    def cle(self) -> CleDette:
        f = self.facture
        return CleDette(f.numero, f.date_emission, f.date_echeance)

    @property
    def accessoires(self) -> Decimal:
        """Penalties or interest still due, capitalised interest included."""
        return self.interets_dus + self.capitalise

    @property
    def indemnite_restante(self) -> Decimal:
        return self.indemnite_due - self.indemnite_payee

    @property
    def total_du(self) -> Decimal:
        return self.principal + self.accessoires + self.indemnite_restante

    def dus(self, le: date) -> dict[str, Decimal]:
        en_retard = le > self.facture.date_echeance
        return {
            "interets": self.interets_dus + self.capitalise,
            "principal": self.principal,
            "indemnite": (self.indemnite_due - self.indemnite_payee) if en_retard else ZERO,
        }


@dataclass(frozen=True)
class Regime:
    """How interest runs on the dossier's invoices (by the debtor's type)."""

    nature: Nature
    libelle: str
    references: tuple[str, ...]
    debut_cours: Callable[[Facture], date | None]
    segments: Callable[[date, date, Facture], tuple[SegmentTaux, ...]]
    fin_cours: date | None
    capitalisation: bool
    # Public procurement (CCP R2192-36, décret 2013-269): payments go to the principal first,
    # the moratory interest and the indemnity are paid on top, after it.
    principal_d_abord: bool = False
    # The rule that will give the rate from a day the data does not cover yet (à parfaire)
    regle_a_parfaire: Callable[[date, Facture], str] | None = None
    # What `segments` depends on besides the days (the same key gives the same segments): an
    # invoice's first missing day is then remembered across dossiers (à parfaire); None: not
    cle_segments: Callable[[Facture], Hashable] | None = None


# --- the simulation of one invoice ---------------------------------------------------


def courir(ligne: LigneFacture, jusqu_au: date, r: Regime, base_annee: int) -> None:
    """Accrue interest on the invoice from the last accrued day to `jusqu_au` included."""
    if ligne.debut_cours is None or jusqu_au <= ligne.couru_jusqu_au:
        return
    debut = max(ligne.couru_jusqu_au + UN_JOUR, ligne.debut_cours)
    fin = jusqu_au if r.fin_cours is None else min(jusqu_au, r.fin_cours)
    ligne.couru_jusqu_au = jusqu_au
    base = ligne.principal + ligne.capitalise
    if r.principal_d_abord and ligne.principal <= 0:
        # Public buyer: moratory interest runs until the principal is paid (décret 2013-269),
        # then nothing accrues, capitalised interest included: it is paid within R2192-36's delay.
        base = ZERO
    if debut > fin or base <= 0:
        return
    nouvelles = periodes(list(r.segments(debut, fin, ligne.facture)), base, base_annee)
    ligne.periodes += nouvelles
    couru = sum((p.montant for p in nouvelles), ZERO)
    ligne.interets_dus += couru
    ligne.interets_courus += couru


def capitaliser(ligne: LigneFacture, jusqu_au: date, r: Regime, base_annee: int, pas: int) -> None:
    """Yearly capitalisation (1343-2) of the interest due at each anniversary up to `jusqu_au`."""
    if not r.capitalisation or ligne.debut_cours is None:
        return
    annee = 1
    while True:
        # a year counted as in CPC 641: from 29 February, the anniversary is 28 February
        anniversaire = ajouter_mois(ligne.debut_cours, 12 * annee * pas)
        if anniversaire > jusqu_au:
            return
        if anniversaire > ligne.couru_jusqu_au:
            courir(ligne, anniversaire - UN_JOUR, r, base_annee)
            ligne.capitalise += ligne.interets_dus
            ligne.interets_dus = ZERO
        annee += 1


def imputer_sur(
    ligne: LigneFacture, montant: Decimal, le: date, postes: tuple[str, ...] = POSTES
) -> tuple[Imputation, Decimal]:
    dus = ligne.dus(le)
    payes, reste = repartir(montant, dus, postes)
    sur_interets = payes["interets"]
    depuis_courus = min(sur_interets, ligne.interets_dus)
    ligne.interets_dus -= depuis_courus
    ligne.capitalise -= sur_interets - depuis_courus
    ligne.interets_payes += sur_interets
    if payes["principal"]:
        ligne.principal -= payes["principal"]
        ligne.principal_paye += payes["principal"]
        if ligne.principal == 0:
            ligne.principal_solde_le = le
    ligne.indemnite_payee += payes["indemnite"]
    imputation = Imputation(
        ligne.facture.numero, sur_interets, payes["principal"], payes["indemnite"]
    )
    return imputation, reste


def ligne_initiale(dossier: Dossier, f: Facture, r: Regime, jusqu_au: date) -> LigneFacture:
    avoirs = sum(
        (a.montant for a in dossier.avoirs if a.facture == f.numero and a.date <= jusqu_au), ZERO
    )
    debut = r.debut_cours(f)
    return LigneFacture(
        facture=f,
        debut_cours=debut,
        principal=max(f.montant_ttc - avoirs, ZERO),
        avoirs=avoirs,
        couru_jusqu_au=(debut - UN_JOUR) if debut else date.min,
        en_litige=any(
            lit.facture == f.numero
            and lit.ouvert_le <= jusqu_au
            and (lit.clos_le is None or lit.clos_le > jusqu_au)
            for lit in dossier.litiges
        ),
    )


def constater_retard(ligne: LigneFacture, le: date, dossier: Dossier, jur: Jurisprudence) -> None:
    """The 40 EUR is due as soon as the invoice is unpaid on a day after its due date (D441-5),
    so a later payment can be imputed on it (after the principal of the same invoice)."""
    f = ligne.facture
    if not ligne.en_retard and le > f.date_echeance and ligne.principal > 0:
        ligne.en_retard = True
        ligne.indemnite_due = indemnite(jur, dossier.debiteur, f.date_echeance).montant


def accessoires_publics(
    ligne: LigneFacture, dossier: Dossier, jur: Jurisprudence, references: list[str]
) -> list[str]:
    """CCP R2192-36: the interest and the indemnity of a public buyer are paid within 45 days
    following the payment of the principal ("mise en paiement du principal"). The deadline is
    counted from the payment that paid off the invoice's principal (CPC 641-642, debtor's
    calendar), kept on the line, and said in a note while accessories remain due."""
    solde_le = ligne.principal_solde_le
    if solde_le is None or ligne.principal > 0:
        return []
    jours = jur.entier(commande_publique.SERIE_DELAI_ACCESSOIRES, solde_le)
    calendrier = calendrier_pour_code_postal(dossier.debiteur.adresse.code_postal)
    echeance = calculer_delai(solde_le, jours, "jours", calendrier)
    ligne.echeance_accessoires = echeance
    du = ligne.interets_dus + ligne.capitalise + ligne.indemnite_due - ligne.indemnite_payee
    if du <= 0:
        return []
    references += commande_publique.REFERENCES_IMPUTATION
    prorogation = ""
    if echeance.prorogee:
        references += echeance.references
        prorogation = f" (prorogée au premier jour ouvrable : {echeance.motif_prorogation})"
    return [
        f"Facture {ligne.facture.numero} : principal payé le {solde_le:%d/%m/%Y} ; les intérêts "
        "moratoires et l'indemnité forfaitaire pour frais de recouvrement, dus sans demande du "
        f"créancier, sont à payer dans les {jours} jours suivant la mise en paiement du "
        f"principal (CCP art. R2192-36), soit au plus tard le "
        f"{echeance.echeance:%d/%m/%Y}{prorogation}."
    ]


def plancher_applique(ligne: LigneFacture, dossier: Dossier) -> bool:
    """A contractual rate replaced by the floor (3 × legal rate, L441-10 II) on some period."""
    contractuel = ligne.facture.taux_penalites
    if contractuel is None:
        contractuel = dossier.creancier.taux_penalites
    return (
        dossier.debiteur.type == "professionnel"
        and contractuel is not None
        and any(p.taux != contractuel for p in ligne.periodes)
    )


def avertissements_facture(
    ligne: LigneFacture, dossier: Dossier, r: Regime, jur: Jurisprudence
) -> list[str]:
    messages = []
    if ligne.en_litige:
        messages.append(f"Facture {ligne.facture.numero} : en litige (contestée par le débiteur).")
    if r.nature == "penalites" and ligne.periodes:
        f = ligne.facture
        contractuel = (
            f.taux_penalites if f.taux_penalites is not None else dossier.creancier.taux_penalites
        )
        segments = tuple(SegmentTaux(p.debut, p.fin, p.taux, p.libelle) for p in ligne.periodes)
        messages += [
            f"Facture {f.numero} : {m}"
            for m in dict.fromkeys(penalites_de_retard.avertissements(jur, segments, contractuel))
        ]
    return messages
