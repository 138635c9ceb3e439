"""The compliance gate's rules about the claim: each returns its findings with their articles.

A settled dossier or invoice (C. civ. art. 1342), or one whose late-payment accessories may
still be claimed; an invoice not yet due (1305-2), disputed (CPC 1405, C. civ. 1353) or
time-barred; a collective proceeding (C. com. L622-21); a respected payment plan (C. civ.
1103, 1305-2); personal data past its retention in the active base (RGPD art. 5.1.e; CNIL
2021-131). The rules about the moment (days, hours, frequency) are
`escalade.recouvrement.creneaux`; `escalade.recouvrement.conformite` assembles the decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from escalade.droit.delais import ajouter_mois
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante, EntreeInvalide
from escalade.droit.format_fr import montant_fr
from escalade.droit.modele import Contact, Dossier
from escalade.droit.procedure_collective import declaration_creance, delais_a_la_date
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.etat_creance import (
    EtatFacture,
    echeancier_respecte,
    etats_factures,
)
from escalade.recouvrement.politique_modele import CNIL_2021_131, RGPD_5, Politique
from escalade.recouvrement.reste_du import (
    ABANDON_ACCESSOIRES,
    RECLAMATION_ACCESSOIRES,
    detail_reste_du,
    reste_du,
)

if TYPE_CHECKING:
    from escalade.rgpd.regles_conservation import PolitiqueConservation

REFERENCES_SOLDE: Final = ("C. civ. art. 1342",)
REFERENCES_NON_ECHUE: Final = ("C. civ. art. 1305-2",)
REFERENCES_LITIGE: Final = ("C. civ. art. 1353", "CPC art. 1405")
REFERENCES_ECHEANCIER: Final = ("C. civ. art. 1103", "C. civ. art. 1305-2")
REFERENCES_CANAL_REFUSE: Final = ("C. conso. art. L121-7 3°",)
REFERENCES_PROCEDURE: Final = ("C. com. art. L622-21",)
REFERENCES_CONSERVATION: Final = (RGPD_5, CNIL_2021_131)


@dataclass(frozen=True)
class Motif:
    """One reason for a refusal; `legal` False means a policy limit (may be forced)."""

    code: str
    message: str
    articles: tuple[str, ...]
    legal: bool


def _jj(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"  # f"{d:%d/%m/%Y}" without strftime


def motif_procedure(dossier: Dossier, jur: Jurisprudence, le: date) -> Motif:
    pc = dossier.debiteur.procedure_collective
    assert pc is not None
    declaration = declaration_creance(dossier, jur)
    assert declaration is not None
    nature = pc.type.replace("_", " ")
    quand = delais_a_la_date(declaration, le)
    lien = " " if quand.startswith("au plus tard") else " : "
    suite = f"Déclarez la créance au mandataire judiciaire{lien}{quand.rstrip('.')}."
    return Motif(
        "procedure_collective",
        f"Débiteur en {nature} depuis le jugement d'ouverture du {_jj(pc.jugement_le)} : "
        f"aucune relance ni action en paiement n'est permise. {suite}",
        tuple(dict.fromkeys(REFERENCES_PROCEDURE + declaration.references)),
        True,
    )


def _motif_facture(e: EtatFacture, le: date) -> tuple[Motif | None, datetime | None]:
    """Why this unpaid invoice cannot be claimed now, and from when it could be (if known)."""
    if e.payee:
        return Motif(
            "facture_soldee",
            f"Facture {e.numero} réglée (principal payé) : rien à réclamer.",
            REFERENCES_SOLDE, True,
        ), None  # fmt: skip
    if e.prescription.acquise:
        p = e.prescription
        return Motif(
            "dette_prescrite",
            f"Facture {e.numero} prescrite depuis le {_jj(p.acquise_le)} (délai de "
            f"{p.duree_ans} ans à compter du {_jj(p.depart)}, {p.motif_depart}) : "
            "l'action en paiement est éteinte.",
            p.references, True,
        ), None  # fmt: skip
    if e.litige is not None:
        return Motif(
            "facture_en_litige",
            f"Facture {e.numero} contestée depuis le {_jj(e.litige.ouvert_le)} "
            f"(« {e.litige.motif} ») : pas de relance tant que le litige est ouvert ; une "
            "créance contestée se poursuit par une action contradictoire, pas par relance.",
            REFERENCES_LITIGE, False,
        ), None  # fmt: skip
    if e.echeance >= le:
        lendemain = e.echeance + timedelta(days=1)
        return Motif(
            "facture_non_echue",
            f"Facture {e.numero} non échue (échéance le {_jj(e.echeance)}) : elle ne peut pas "
            "être réclamée avant son terme.",
            REFERENCES_NON_ECHUE, True,
        ), datetime.combine(lendemain, time(0), PARIS)  # fmt: skip
    return None, None


def _reclamation_ou_abandon(objet: str | None) -> tuple[bool, bool]:
    """Is `objet` a claim of the accessories, a waiver of them? (escalade.recouvrement.reste_du)"""
    if objet is None:
        return False, False
    return objet == RECLAMATION_ACCESSOIRES, objet == ABANDON_ACCESSOIRES


def _accessoires_a_reclamer(
    dossier: Dossier, jour: date, jur: Jurisprudence, facture: str | None
) -> tuple[list[Motif], datetime | None, list[Motif]]:
    """A claim of the late-payment accessories once the principal is paid (of the dossier, or
    of `facture`): allowed with a note of the amount while the décompte of `jour` finds
    something due (it imputes payments on interest first, C. civ. 1343-1, or a public buyer's
    on the principal first, CCP R2192-36); refused when
    nothing is, or when a rate it needs is not in the legal data yet (never guessed)."""
    from escalade.droit import decompte  # only for a paid principal: the plain gate starts fast

    quoi = f"de la facture {facture}" if facture else "des factures"
    try:
        dc = decompte.calculer(dossier, jour, jur, a_parfaire_permis=False)
    except DonneeJuridiqueManquante as e:
        try:
            references = decompte.regime(jur, dossier).references
        except DonneeJuridiqueManquante:
            references = ()
        return [Motif(
            "accessoires_non_calculables",
            f"Principal {quoi} payé : les accessoires de retard restant dus ne peuvent pas "
            f"encore être calculés au {_jj(jour)}, faute de donnée juridique "
            f"({e.message.rstrip('.')}). "
            "Aucun montant n'est avancé : réclamation possible une fois la valeur ajoutée.",
            references, True,
        )], None, []  # fmt: skip
    du = reste_du(dc, facture)
    if du <= 0:
        return [Motif(
            "facture_soldee" if facture else "dossier_solde",
            f"Rien à réclamer : le principal {quoi} est payé et le décompte au {_jj(jour)} ne "
            "trouve ni pénalité, ni intérêt, ni indemnité restant dus.",
            REFERENCES_SOLDE, True,
        )], None, []  # fmt: skip
    detail = detail_reste_du(dc, dossier.debiteur.type, facture)
    return [], None, [Motif(
        "accessoires_restants",
        f"Principal {quoi} payé ; le décompte au {_jj(jour)} trouve encore {montant_fr(du)} "
        f"dus : {detail}. Leur réclamation est permise (décompte de créance).",
        dc.references, True,
    )]  # fmt: skip


def motifs_creance(
    dossier: Dossier,
    jour: date,
    jur: Jurisprudence,
    facture: str | None,
    objet: str | None = None,
    etats: Sequence[EtatFacture] | None = None,
) -> tuple[list[Motif], datetime | None, list[Motif]]:
    """Refusals about the claim itself, the earliest moment they lift, and non-blocking notes.

    A paid principal refuses every contact, except a claim of the accessories still due
    (objet `escalade.recouvrement.reste_du.RECLAMATION_ACCESSOIRES`, see `_accessoires_a_reclamer`).
    `etats`: `etats_factures(dossier, jour, jur)` when the caller has it already (the plan).
    """
    if etats is None:
        etats = etats_factures(dossier, jour, jur)
    if facture is not None:
        etat = next((e for e in etats if e.numero == facture), None)
        if etat is None:
            raise EntreeInvalide(
                f"facture « {facture} » absente du dossier {dossier.reference}", champ="facture"
            )
        if etat.payee and _reclamation_ou_abandon(objet)[0]:
            return _accessoires_a_reclamer(dossier, jour, jur, facture)
        motif, des = _motif_facture(etat, jour)
        return ([motif] if motif else []), des, []
    if all(e.payee for e in etats):
        reclamation, abandon = _reclamation_ou_abandon(objet)
        if reclamation:
            return _accessoires_a_reclamer(dossier, jour, jur, None)
        suite = (
            " L'abandon des accessoires est une décision du créancier, pas un contact : "
            f"escalade abandon-accessoires {dossier.reference}."
            if abandon
            else ""
        )
        return [Motif(
            "dossier_solde",
            f"Dossier {dossier.reference} soldé : le principal de toutes les factures est "
            f"payé.{suite}",
            REFERENCES_SOLDE, True,
        )], None, []  # fmt: skip
    impayees = [e for e in etats if not e.payee]
    notes = [m for e in impayees for m in [_motif_facture(e, jour)[0]] if m is not None]
    if any(e.exigible(jour) for e in impayees):
        return [], None, [m for m in notes if m.code != "facture_non_echue"]
    dates = [d for e in impayees for d in [_motif_facture(e, jour)[1]] if d is not None]
    return notes, min(dates, default=None), []


def motif_echeancier(dossier: Dossier, jour: date) -> Motif | None:
    ech = echeancier_respecte(dossier, jour)
    if ech is None:
        return None
    a_venir = [e.date for e in ech.echeances if e.date >= jour]
    suite = f" ; prochaine échéance le {_jj(min(a_venir))}" if a_venir else ""
    return Motif(
        "echeancier_respecte",
        f"Échéancier convenu le {_jj(ech.convenu_le)} respecté{suite} : les sommes ne sont "
        "exigibles qu'aux dates convenues.",
        REFERENCES_ECHEANCIER,
        True,
    )


def derniere_activite(
    dossier: Dossier, contacts: Sequence[Contact], fin: date | None = None
) -> date:
    """The end of the relationship (escalade.rgpd.conservation; `fin` when already known), or
    a later contact of the journal."""
    from escalade.rgpd.conservation import fin_de_relation

    dates = [fin_de_relation(dossier).le if fin is None else fin]
    dates += [c.le.astimezone(PARIS).date() for c in contacts]
    return max(dates)


@lru_cache(maxsize=16)
def _conservation(jur: Jurisprudence, jour: date) -> PolitiqueConservation:
    """The default retention periods on `jour`: the same for every dossier of a plan, read
    from the law series once per (law bundle, day), not once per dossier (`Jurisprudence`
    is hashed by identity; the result is only read)."""
    from escalade.rgpd.regles_conservation import politique_par_defaut

    return politique_par_defaut(jur, jour)


def motif_conservation(
    dossier: Dossier,
    jour: date,
    contacts: Sequence[Contact],
    politique: Politique,
    jur: Jurisprudence,
) -> Motif | None:
    """Past the active base (one rule with the purge: escalade.rgpd.conservation), unless held."""
    from escalade.rgpd.conservation import resumer, retenues_resume

    conservation = _conservation(jur, jour)
    resume = resumer(dossier)  # once: the end of the relationship reads every dated event
    if retenues_resume(resume, jour, conservation):
        return None  # legal hold while a procedure runs
    derniere = derniere_activite(dossier, contacts, resume.fin.le)
    fin = ajouter_mois(derniere, 12 * politique.conservation_base_active_ans)
    if jour <= fin:
        return None
    return Motif(
        "conservation_depassee",
        f"Données personnelles au-delà de leur durée de conservation en base active "
        f"({politique.conservation_base_active_ans} ans après la dernière activité du "
        f"{_jj(derniere)}, échue le {_jj(fin)}) : elles ne servent plus à relancer.",
        REFERENCES_CONSERVATION,
        True,
    )
