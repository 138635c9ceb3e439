"""Retention of personal data (RGPD art. 5.1.e) and the legal hold, dossier by dossier.

The categories of data, their periods and the retention policy are in
`escalade.rgpd.regles_conservation`; this module evaluates one dossier against them.

End of the relationship: the latest dated event of the dossier (contact, payment, credit
note, transition, dispute, instalment due, mise en demeure, interruption, judgment), and at
least the due date of its last invoice. A settled or closed dossier ends with its closing
transition or any later contact; an open dossier without any event for years ends the same
way (its claim is then near its own limitation, which the archive covers).

Legal hold: while a procedure runs, nothing is purged and the dossier stays whole: a
collective proceeding recorded (C. com. L622-21; no closing date is known to the tool),
a court route in progress (injonction de payer, petites créances, assignation as current
étape, or the procedure records of the dossier), an enforceable title that may still be
enforced (10 years, CPCE L111-4).

References: RGPD art. 5.1.e, 17; C. com. L622-21; CPCE L111-4; C. civ. 2241.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from escalade.droit.modele import Dossier, Injonction, PetitesCreances
from escalade.droit.valeurs import PARIS
from escalade.rgpd.regles_conservation import (
    ACTIONS,
    CHAMPS,
    CNIL_2021_131,
    CNIL_BLOC_NOTES,
    L111_4,
    L123_22,
    L622_21,
    LIBELLES,
    PRESCRIPTION,
    RGPD_5_1_E,
    RGPD_17,
    Action,
    Categorie,
    Echeance,
    FinRelation,
    PolitiqueConservation,
    fin_archive,
    fin_base_active,
    plus_ans,
)

ETAPES_CLOSES: Final = frozenset({"solde", "prescrit", "irrecouvrable"})
ETAPES_PROCEDURE: Final = frozenset({"injonction_de_payer", "petites_creances", "assignation"})


# --- end of the relationship ---------------------------------------------------------


def _evenements(dossier: Dossier) -> Iterable[tuple[date, str]]:
    for f in dossier.factures:
        yield f.date_echeance, f"échéance de la facture {f.numero}"
    if dossier.contacts:  # only the latest can win: one label, not one per contact
        jours = [c.le.astimezone(PARIS).date() for c in dossier.contacts]
        dernier = max(jours)
        c = dossier.contacts[jours.index(dernier)]  # the first of that day, as max() keeps
        yield dernier, f"contact ({c.canal}, {c.objet})"
    for p in dossier.paiements:
        yield p.date, "paiement"
    for a in dossier.avoirs:
        yield a.date, "avoir"
    for li in dossier.litiges:
        yield li.ouvert_le, "ouverture d'un litige"
        if li.clos_le is not None:
            yield li.clos_le, "clôture d'un litige"
    for e in dossier.echeanciers:
        yield e.convenu_le, "échéancier convenu"
        for x in e.echeances:
            yield x.date, "échéance d'un échéancier"
        if e.rompu_le is not None:
            yield e.rompu_le, "échéancier rompu"
    for h in dossier.historique:
        yield h.le, f"étape « {h.etape} »"
    for i in dossier.interruptions:
        yield i.date, "acte interruptif de prescription"
    if dossier.mise_en_demeure is not None:
        yield dossier.mise_en_demeure.envoyee_le, "envoi de la mise en demeure"
    if dossier.jugement is not None:
        yield dossier.jugement.rendu_le, "jugement"
    yield from dates_procedures(dossier.injonction, dossier.petites_creances)


def fin_parmi(evenements: Iterable[tuple[date, str]]) -> FinRelation:
    """The latest of dated events; on a tie, the first one given (the order of `_evenements`)."""
    le, motif = max(evenements, key=lambda e: e[0])
    return FinRelation(le=le, motif=f"{motif} du {le.isoformat()}")


def fin_de_relation(dossier: Dossier) -> FinRelation:
    """The end of the relationship: the dossier's latest dated event (see module docstring)."""
    return fin_parmi(_evenements(dossier))


# --- legal hold ------------------------------------------------------------------------


@dataclass(frozen=True)
class Retenue:
    """A legal hold: the dossier stays whole until `jusqu_au` (None: while it lasts)."""

    motif: str
    jusqu_au: date | None
    references: tuple[str, ...]


def dates_procedures(
    inj: Injonction | None, pc: PetitesCreances | None
) -> Iterable[tuple[date, str]]:
    """Dated records of the court routes (injonction de payer, petites créances)."""
    if inj is not None:
        for champ in ("requete_deposee_le", "ordonnance_le", "signifiee_le", "opposition_le"):
            if (d := getattr(inj, champ)) is not None:
                yield d, f"injonction de payer ({champ.removesuffix('_le').replace('_', ' ')})"
        if inj.executoire_le is not None:
            yield inj.executoire_le, "injonction de payer (exécutoire)"
    if pc is not None:
        for champ in ("demande_le", "invitation_envoyee_le", "accord_le", "refus_le"):
            if (d := getattr(pc, champ)) is not None:
                yield d, f"petites créances ({champ.removesuffix('_le').replace('_', ' ')})"
        for x in pc.echeances:
            yield x.date, "échéance de l'accord de petites créances"


def titre_executoire(
    jugement_le: date | None, ordonnance_le: date | None
) -> tuple[date, str] | None:
    """The latest enforceable title: a judgment (enforceable, else delivered, on
    `jugement_le`) or an injonction order declared enforceable on `ordonnance_le`."""
    titres = []
    if jugement_le is not None:
        titres.append((jugement_le, "jugement"))
    if ordonnance_le is not None:
        titres.append((ordonnance_le, "ordonnance d'injonction de payer"))
    return max(titres, default=None)


def _titre_executoire(dossier: Dossier) -> tuple[date, str] | None:
    j = dossier.jugement
    inj = dossier.injonction
    return titre_executoire(
        None if j is None else (j.executoire_le or j.rendu_le),
        None if inj is None else inj.executoire_le,
    )


def routes_en_cours(inj: Injonction | None, pc: PetitesCreances | None) -> list[Retenue]:
    """Court routes recorded and not over (no enforceable title yet, no rejection, no refusal)."""
    resultat = []
    if inj is not None and not inj.rejetee and inj.executoire_le is None:
        quoi = "opposition formée" if inj.opposition_le else "procédure en cours"
        resultat.append(
            Retenue(f"injonction de payer : {quoi}", None, ("CPC art. 1405", "CPC art. 1416"))
        )
    if pc is not None and pc.refus_le is None and pc.accord_le is None:
        resultat.append(
            Retenue("petites créances : procédure en cours", None, ("CPCE art. L125-1",))
        )
    return resultat


# --- the summary the decisions read ------------------------------------------------------


@dataclass(frozen=True)
class Resume:
    """What the retention decisions read of a dossier, and nothing else.

    Built from a `Dossier` by `resumer`, or by the store from SQL aggregates
    (escalade.stockage.resume_conservation, without loading whole dossiers): both give the same
    decisions (tests/test_rgpd_resume.py).
    """

    type_debiteur: str
    procedure_collective: tuple[str, date] | None  # (type, date of the opening judgment)
    etape: str | None
    fin: FinRelation
    titre: tuple[date, str] | None  # the latest enforceable title
    routes: tuple[Retenue, ...] = ()  # court routes in progress recorded in the dossier


def resumer(dossier: Dossier) -> Resume:
    pc = dossier.debiteur.procedure_collective
    return Resume(
        type_debiteur=dossier.debiteur.type,
        procedure_collective=None if pc is None else (pc.type, pc.jugement_le),
        etape=dossier.etape,
        fin=fin_de_relation(dossier),
        titre=_titre_executoire(dossier),
        routes=tuple(routes_en_cours(dossier.injonction, dossier.petites_creances)),
    )


def _procedures_en_cours(r: Resume) -> list[Retenue]:
    if r.routes:
        return list(r.routes)
    if r.etape in ETAPES_PROCEDURE:
        return [Retenue(f"procédure en cours (étape « {r.etape} »)", None, ("C. civ. art. 2241",))]
    return []


def retenues(dossier: Dossier, le: date, politique: PolitiqueConservation) -> list[Retenue]:
    """The legal holds in force on `le`: while any holds, nothing of the dossier is purged."""
    return retenues_resume(resumer(dossier), le, politique)


def retenues_resume(r: Resume, le: date, politique: PolitiqueConservation) -> list[Retenue]:
    """`retenues` from the summary of a dossier."""
    resultat = []
    if r.procedure_collective is not None:
        type_, ouverte_le = r.procedure_collective
        resultat.append(
            Retenue(
                f"procédure collective ({type_.replace('_', ' ')}) ouverte le "
                f"{ouverte_le.isoformat()} : aucune clôture connue",
                None,
                (L622_21,),
            )
        )
    resultat += _procedures_en_cours(r)
    titre = r.titre
    if titre is not None:
        fin = plus_ans(titre[0], politique.execution_titre_ans)
        if le <= fin:
            resultat.append(
                Retenue(
                    f"{titre[1]} exécutoire le {titre[0].isoformat()} : exécution possible "
                    f"jusqu'au {fin.isoformat()}",
                    fin,
                    (L111_4,),
                )
            )
    return resultat


# --- the retention schedule ------------------------------------------------------------


def echeances(dossier: Dossier, politique: PolitiqueConservation) -> list[Echeance]:
    """The retention schedule of every category (in CATEGORIES order)."""
    return echeances_resume(resumer(dossier), politique)


def echeances_resume(r: Resume, politique: PolitiqueConservation) -> list[Echeance]:
    """`echeances` from the summary of a dossier."""
    fin = r.fin
    active = fin_base_active(fin, politique)
    archive = fin_archive(r.type_debiteur, fin, politique)
    comptable = plus_ans(fin.le, politique.pieces_comptables_ans)
    ans = politique.base_active_ans
    depuis = f"depuis la fin de la relation ({fin.motif})"
    presc = PRESCRIPTION[r.type_debiteur]
    archive_motif = (
        f"base active ({ans} ans) puis archive intermédiaire pour la prescription "
        f"({politique.prescription_ans[r.type_debiteur]} ans, {presc}) {depuis}"
    )
    base = (RGPD_5_1_E, CNIL_2021_131)
    notes = (
        (archive, archive_motif)
        if politique.notes_en_archive
        else (
            active,
            f"base active ({ans} ans) {depuis} : les notes servent au suivi du dossier",
        )
    )
    lignes: list[tuple[Categorie, date, str, tuple[str, ...]]] = [
        ("identite_coordonnees", archive, archive_motif, (*base, presc)),
        ("journal_contacts_notes", notes[0], notes[1], (*base, CNIL_BLOC_NOTES)),
        ("documents_produits", archive, archive_motif, (*base, presc)),
        (
            "montants_factures",
            comptable,
            f"pièces comptables ({politique.pieces_comptables_ans} ans, {L123_22}) {depuis}",
            (RGPD_5_1_E, L123_22),
        ),
        (
            "journal_audit",
            archive,
            "aligné sur l'archive du dossier (aucun texte ne fixe cette durée)",
            (RGPD_5_1_E, "RGPD art. 5.2"),
        ),
    ]
    return [
        Echeance(cat, jusqu_au, ACTIONS[cat], CHAMPS[cat], motif, refs)
        for cat, jusqu_au, motif, refs in lignes
    ]


# --- what to purge ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActionPurge:
    """One category of one dossier to erase or pseudonymise, why, and on which articles."""

    categorie: Categorie
    action: Action
    champs: tuple[str, ...]
    conserve_jusqu_au: date
    motif: str
    references: tuple[str, ...]

    @property
    def libelle(self) -> str:
        return LIBELLES[self.categorie]


def a_purger(
    dossier: Dossier,
    le: date,
    politique: PolitiqueConservation,
    deja_purgees: Iterable[str] = (),
) -> list[ActionPurge]:
    """What of `dossier` is past retention on `le`, not purged yet; nothing under a hold."""
    return a_purger_resume(resumer(dossier), le, politique, deja_purgees)


def a_purger_resume(
    r: Resume,
    le: date,
    politique: PolitiqueConservation,
    deja_purgees: Iterable[str] = (),
) -> list[ActionPurge]:
    """`a_purger` from the summary of a dossier."""
    if retenues_resume(r, le, politique):
        return []
    faites = set(deja_purgees)
    return [
        ActionPurge(
            categorie=e.categorie,
            action=e.action,
            champs=e.champs,
            conserve_jusqu_au=e.conserve_jusqu_au,
            motif=f"conservé jusqu'au {e.conserve_jusqu_au.isoformat()} : {e.motif}",
            references=(*e.references, RGPD_17),
        )
        for e in echeances_resume(r, politique)
        if le > e.conserve_jusqu_au and e.categorie not in faites
    ]
