"""The plan's step once every invoice's principal is paid: the accessories left (SPEC 4).

Once every invoice's principal is paid (decided by the gate on the principal alone, so an
unpublished rate never blocks it), late-payment accessories may still be due: B2B penalties
(C. com. L441-10) and the indemnity per late invoice (D441-5), public procurement moratory
interest and indemnity (R2192-31 CCP, décret 2013-269), a consumer's legal interest from the
mise en demeure (C. civ. 1231-6, 1344-1). The plan then says how much the décompte finds
(payments imputed on interest first, C. civ. 1343-1; a public buyer's on the principal first,
and its interest and indemnity are payable within 45 days of the principal's payment, CCP
R2192-36, a date the step gives) in an informational step,
`accessoires_restants`, with no channel or document: nothing is chased automatically (the
gate refuses every contact on a settled dossier but one of objet `RECLAMATION_ACCESSOIRES`
while the décompte finds something due); the creditor claims them with the décompte or
waives them, then records it: a contact of an objet of `OBJETS_ACCESSOIRES_TRAITES`, or in
the store the waiver transition (`escalade.procedures.evenements.AccessoiresAbandonnes`, read by
`escalade.stockage.planification`). A rate the legal data does not cover yet is said, never
guessed.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from escalade.droit import decompte, indemnite_forfaitaire
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.format_fr import montant_fr
from escalade.droit.modele import Dossier
from escalade.recouvrement.action import Action
from escalade.recouvrement.reste_du import (
    ABANDON_ACCESSOIRES,
    ACCESSOIRES,
    OBJETS_ACCESSOIRES_TRAITES,
    RECLAMATION_ACCESSOIRES,
    de_fr,
    liste_fr,
)

# Public procurement: interest and indemnity due without a claim, to be paid within the
# R2192-36 CCP delay after the principal (shared/LEGAL.md §3; the CCP article of the 40 EUR
# is unconfirmed, so the décret is cited).
REFERENCES_PUBLIC_SANS_DEMANDE: Final = ("Décret n° 2013-269 du 29 mars 2013", "CCP art. R2192-36")
REFERENCES_IMPUTATION_INTERETS: Final = ("C. civ. art. 1343-1",)


def _jj(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"  # f"{d:%d/%m/%Y}" without strftime


def _par_facture(valeurs: dict[str, date]) -> str:
    """'le 16/03/2026' when every invoice shares the date, else 'le 16/03/2026 (FA-1) et le
    20/04/2026 (FA-2)'."""
    if len(set(valeurs.values())) == 1:
        return f"le {_jj(next(iter(valeurs.values())))}"
    return liste_fr([f"le {_jj(jour)} ({numero})" for numero, jour in valeurs.items()])


def _delai_public(dc: decompte.Decompte) -> tuple[str, str]:
    """A public buyer whose principal is paid: when each invoice's principal was paid, and
    the R2192-36 deadline of the interest and indemnity still due (the décompte's dates).
    Empty texts when the décompte knows no such date (principal cleared by credit notes)."""
    payes: dict[str, date] = {}
    limites: dict[str, date] = {}
    durees: set[int] = set()
    for x in dc.lignes:
        if x.principal_solde_le is None or x.echeance_accessoires is None:
            continue
        payes[x.facture.numero] = x.principal_solde_le
        if x.accessoires + x.indemnite_restante > 0:
            limites[x.facture.numero] = x.echeance_accessoires.echeance
            durees.add(x.echeance_accessoires.duree)
    if not limites or len(durees) != 1:
        return "", ""
    return (
        f" {_par_facture(payes)}",
        f", payables dans les {durees.pop()} jours suivant la mise en paiement du principal "
        f"(CCP art. R2192-36), soit au plus tard {_par_facture(limites)}",
    )


def _suite_accessoires(dossier: Dossier) -> str:
    return (
        f"à réclamer par l'envoi du décompte de créance (escalade lettre {dossier.reference} "
        "--modele decompte) ou à abandonner ; aucune relance automatique. Une fois réclamés, "
        f"enregistrez l'envoi (escalade contact {dossier.reference} --canal courrier --objet "
        f"{RECLAMATION_ACCESSOIRES}) ; abandonnés, la décision (escalade abandon-accessoires "
        f"{dossier.reference} --date AAAA-MM-JJ --motif ...) ; dans un fichier de dossier, un "
        f"contact d'objet « {RECLAMATION_ACCESSOIRES} » ou « {ABANDON_ACCESSOIRES} » : cette "
        "action ne reviendra plus."
    )


def _accessoires_non_calculables(
    dossier: Dossier, le: date, jur: Jurisprudence, erreur: DonneeJuridiqueManquante
) -> Action:
    """A rate the legal data does not cover yet: the accessories are said, never guessed."""
    type_debiteur = dossier.debiteur.type
    try:
        references = list(decompte.regime(jur, dossier).references)
    except DonneeJuridiqueManquante:
        references = []
    if type_debiteur == "personne_publique":
        references += REFERENCES_PUBLIC_SANS_DEMANDE
    quoi = ACCESSOIRES[type_debiteur]
    if type_debiteur != "consommateur":  # never an indemnity against a consumer (D441-5)
        quoi += ", indemnité forfaitaire"
    return Action(
        dossier.reference, "accessoires_restants", le, None, None, None,
        f"Principal des factures payé, mais des accessoires de retard ({quoi}) peuvent "
        f"rester dus : leur montant ne peut pas encore être calculé au {_jj(le)}, faute de "
        f"donnée juridique ({erreur.message}). Aucun montant n'est avancé ; "
        f"{_suite_accessoires(dossier)}",
        False, (), None, tuple(dict.fromkeys(references)),
    )  # fmt: skip


def accessoires_restants(
    dossier: Dossier, le: date, jur: Jurisprudence, faites: dict[str, date]
) -> Action | None:
    """The late-payment accessories still due on a dossier whose principal is paid.

    Informational only (no channel, no document, not sent through the gate: the claim itself
    is a contact, checked when recorded): None once the creditor recorded a claim or a waiver
    (in the store, a waiver transition is filtered by `escalade.stockage.planification`), or
    when the décompte finds nothing left (paid on time; consumer without a mise en demeure).
    """
    if any(objet in faites for objet in OBJETS_ACCESSOIRES_TRAITES):
        return None
    try:
        dc = decompte.calculer(dossier, le, jur, a_parfaire_permis=False)
    except DonneeJuridiqueManquante as e:
        return _accessoires_non_calculables(dossier, le, jur, e)
    if dc.total <= 0:
        return None
    type_debiteur = dossier.debiteur.type
    public = type_debiteur == "personne_publique"
    elements: list[str] = []
    accessoires = dc.penalites + dc.interets
    if accessoires > 0:
        articles = ", ".join(r for r in dc.regime.references if " art. " in r)
        elements.append(
            f"{montant_fr(accessoires)} {de_fr(ACCESSOIRES[type_debiteur])} ({articles})"
        )
    if dc.indemnites > 0:
        en_retard = sum(1 for ligne in dc.lignes if ligne.indemnite_due > ligne.indemnite_payee)
        pluriel = "s" if en_retard > 1 else ""
        articles = "" if public else " ; " + ", ".join(indemnite_forfaitaire.REFERENCES)
        elements.append(
            f"{montant_fr(dc.indemnites)} d'indemnité forfaitaire pour frais de recouvrement "
            f"({en_retard} facture{pluriel} payée{pluriel} en retard{articles})"
        )
    references = list(dc.references)
    # Public buyer: payable within R2192-36's delay after the principal (its date when known).
    paye_le, delai = _delai_public(dc) if public and dc.principal == 0 else ("", "")
    if dc.principal > 0 and public:
        # The gate settles on the principal alone; a payment assigned to an invoice stays on
        # it here (principal, then its interest and indemnity), so another may keep principal.
        elements.append(f"{montant_fr(dc.principal)} de principal, qui produit encore des intérêts")
        tete = (
            "Principal des factures payé si les paiements s'imputent sur le principal de toutes "
            f"les factures ; le décompte au {_jj(le)}, qui laisse un paiement affecté sur sa "
            "facture (principal, puis intérêts et indemnité, CCP art. R2192-36), trouve encore "
            "dus : "
        )
    elif dc.principal > 0:  # 1343-1: the décompte imputed the payments on interest first
        elements.append(
            f"{montant_fr(dc.principal)} de principal, qui produit encore des "
            f"{ACCESSOIRES[type_debiteur].split()[0]}"
        )
        tete = (
            "Principal des factures payé si les paiements s'imputent sur le principal ; le "
            f"décompte au {_jj(le)}, qui les impute d'abord sur les intérêts et pénalités "
            "(C. civ. art. 1343-1), trouve encore dus : "
        )
        references += REFERENCES_IMPUTATION_INTERETS
    else:
        tete = (
            f"Principal des factures payé{paye_le} ; restent dus selon le décompte au {_jj(le)} : "
        )
    motif = f"{tete}{liste_fr(elements)}, soit {montant_fr(dc.total)}"
    if public:
        motif += (
            " ; débiteur public (décret n° 2013-269 du 29 mars 2013) : intérêts moratoires et "
            "indemnité forfaitaire sont dus sans demande du créancier"
            + (delai or ", payables dans le délai de l'art. R2192-36 CCP suivant la mise en "
               "paiement du principal")
        )  # fmt: skip
        references += REFERENCES_PUBLIC_SANS_DEMANDE
    return Action(
        dossier.reference, "accessoires_restants", le, None, None, None,
        f"{motif} ; {_suite_accessoires(dossier)}", False, (), None,
        tuple(dict.fromkeys(references)),
    )  # fmt: skip
