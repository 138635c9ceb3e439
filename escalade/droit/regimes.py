"""The regime of a dossier: how interest runs on its invoices, by the debtor's type.

B2B penalties (C. com. L441-10 II) from the day after the due date; a public buyer's moratory
interest (CCP R2192-31), its rate anchored on the half-year interest starts; a consumer's
legal interest from the mise en demeure (C. civ. 1231-6, 1344-1), increased five points two
months after an enforceable judgment (CMF L313-3). The opening of a collective proceeding
stops interest (C. com. L622-28). Each regime also says which rule will give a rate the data
does not hold yet (« à parfaire »). Pure: the legal data is a parameter.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from escalade.droit import commande_publique, interet_legal, penalites_de_retard
from escalade.droit.decompte_facture import Regime
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier, Facture
from escalade.droit.periodes import UN_JOUR, SegmentTaux

REFERENCES_PROCEDURE = ("C. com. art. L622-28",)


def _lendemain(d: date) -> date:
    return d + UN_JOUR


def _regime_professionnel(jur: Jurisprudence, dossier: Dossier) -> Regime:
    taux_creancier = dossier.creancier.taux_penalites

    def contractuel(f: Facture) -> Decimal | None:
        return f.taux_penalites if f.taux_penalites is not None else taux_creancier

    def segments(debut: date, fin: date, f: Facture) -> tuple[SegmentTaux, ...]:
        return penalites_de_retard.segments_taux(jur, debut, fin, contractuel(f))

    return Regime(
        "penalites",
        "pénalités de retard entre professionnels",
        penalites_de_retard.REFERENCES,
        lambda f: _lendemain(f.date_echeance),
        segments,
        None,
        dossier.creancier.capitalisation,
        regle_a_parfaire=lambda jour, f: penalites_de_retard.regle(jur, jour, contractuel(f)),
        cle_segments=lambda f: (penalites_de_retard.segments_taux, jur, contractuel(f)),
    )


def _regime_public(jur: Jurisprudence, dossier: Dossier) -> Regime:
    def segments(debut: date, fin: date, f: Facture) -> tuple[SegmentTaux, ...]:
        return commande_publique.segments_taux(jur, debut, fin, _lendemain(f.date_echeance))

    return Regime(
        "interets",
        "intérêts moratoires de la commande publique",
        commande_publique.REFERENCES,
        lambda f: _lendemain(f.date_echeance),
        segments,
        None,
        dossier.creancier.capitalisation,
        principal_d_abord=True,  # CCP R2192-36: interest and indemnity after the principal
        regle_a_parfaire=lambda jour, f: commande_publique.regle(jur, _lendemain(f.date_echeance)),
        cle_segments=lambda f: (commande_publique.segments_taux, jur, _lendemain(f.date_echeance)),
    )


def depart_interets_consommateur(dossier: Dossier) -> date | None:
    """The mise en demeure's date as received (or first presented, if unclaimed)."""
    med = dossier.mise_en_demeure
    if med is None:
        return None
    return med.recue_le or med.premiere_presentation_le


def _regime_consommateur(jur: Jurisprudence, dossier: Dossier) -> Regime:
    serie = interet_legal.serie_du_creancier(
        dossier.creancier.personne_physique_non_professionnelle
    )
    jugement = dossier.jugement
    majoration = (
        interet_legal.debut_majoration(jur, jugement.executoire_le)
        if jugement is not None and jugement.executoire_le is not None
        else None
    )
    depart = depart_interets_consommateur(dossier)

    def debut_cours(f: Facture) -> date | None:
        if depart is None:
            return None
        return max(_lendemain(depart), _lendemain(f.date_echeance))

    def segments(debut: date, fin: date, f: Facture) -> tuple[SegmentTaux, ...]:
        return interet_legal.segments_taux(jur, debut, fin, serie, majoration)

    references: tuple[str, ...] = interet_legal.REFERENCES
    if majoration is not None:
        references += interet_legal.REFERENCES_MAJORATION
    return Regime(
        "interets",
        "intérêts au taux légal à compter de la mise en demeure",
        references,
        debut_cours,
        segments,
        None,
        False,  # never against a consumer (Cass. 1re civ., 9 févr. 2012)
        regle_a_parfaire=lambda jour, f: interet_legal.regle(jur, jour, serie, majoration),
        cle_segments=lambda f: (interet_legal.segments_taux, jur, serie, majoration),
    )


def regime(jur: Jurisprudence, dossier: Dossier) -> Regime:
    fabrique = {
        "professionnel": _regime_professionnel,
        "personne_publique": _regime_public,
        "consommateur": _regime_consommateur,
    }[dossier.debiteur.type]
    r = fabrique(jur, dossier)
    pc = dossier.debiteur.procedure_collective
    if pc is not None:  # L622-28: the opening judgment stops interest
        r = replace(
            r, references=r.references + REFERENCES_PROCEDURE, fin_cours=pc.jugement_le - UN_JOUR
        )
    return r
