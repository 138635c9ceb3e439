"""The consolidated timeline of a dossier (pure: no I/O).

Everything that happened on a dossier, in order: invoices issued and falling due, payments
and credit notes, every contact with its channel, outcome and operator, the documents
produced, the promises (a contact whose outcome is an agreement, a payment plan), the
disputes opened and closed, the mise en demeure (sent, received or unclaimed), the
collective proceeding, the court steps recorded in the file, and the étape transitions of
the store's append-only history with who recorded them.

Order: by day; within a day, undated-in-the-day events (an invoice, a payment, a transition)
before timed ones (contacts, by their time), then by a fixed rank of kinds so that the
output never depends on storage order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any, Final

from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS

CANAUX_FR: Final = {
    "email": "courriel",
    "sms": "SMS",
    "telephone": "téléphone",
    "courrier": "courrier",
    "lrar": "LRAR",
    "visite": "visite",
}
EVENEMENTS_FR: Final = {
    "paiement": "paiement",
    "avoir": "avoir",
    "litige_ouvert": "ouverture d'un litige",
    "litige_clos": "clôture d'un litige",
    "echeancier_convenu": "échéancier convenu",
    "echeance_manquee": "échéance manquée",
    "mise_en_demeure_envoyee": "envoi de la mise en demeure",
    "mise_en_demeure_recue": "réception de la mise en demeure",
    "mise_en_demeure_non_reclamee": "mise en demeure non réclamée",
    "procedure_collective_ouverte": "procédure collective",
    "accessoires_abandonnes": "abandon des accessoires de retard",
    "injonction_deposee": "dépôt de la requête en injonction de payer",
    "injonction_ordonnance": "ordonnance d'injonction de payer",
    "injonction_rejetee": "rejet de la requête en injonction de payer",
    "injonction_signifiee": "signification de l'ordonnance",
    "injonction_opposition": "opposition à l'ordonnance",
    "injonction_executoire": "ordonnance exécutoire",
    "petites_creances_demandee": "demande de petites créances",
    "petites_creances_invitation": "invitation du débiteur (petites créances)",
    "petites_creances_accord": "accord (petites créances)",
    "petites_creances_refus": "refus (petites créances)",
}
# Outcomes of a contact that are a promise or an agreement (plan.RESULTATS_ACCORD and
# the free text operators type).
MOTS_PROMESSE: Final = ("promesse", "accord", "s'engage", "engagement")
_RANG: Final = {
    "facture_emise": 0,
    "facture_echue": 1,
    "paiement": 2,
    "avoir": 3,
    "litige_ouvert": 4,
    "litige_clos": 5,
    "echeancier": 6,
    "echeancier_rompu": 7,
    "mise_en_demeure_envoyee": 8,
    "mise_en_demeure_presentee": 9,
    "mise_en_demeure_recue": 10,
    "procedure_collective": 11,
    "injonction": 12,
    "petites_creances": 13,
    "jugement": 14,
    "contact": 15,
    "promesse": 16,
    "document": 17,
    "etape": 18,
    "transition": 19,
}


@dataclass(frozen=True)
class Transition:
    """One row of the store's history written by a transition command."""

    etape: str
    le: date
    evenement: str | None
    motif: str | None
    operateur: str | None


@dataclass(frozen=True)
class Evenement:
    jour: date
    heure: time | None
    type: str
    libelle: str
    montant: Decimal | None = None
    facture: str | None = None
    canal: str | None = None
    objet: str | None = None
    resultat: str | None = None
    operateur: str | None = None
    document: str | None = None
    etape: str | None = None


def evenement_en_dict(e: Evenement) -> dict[str, Any]:
    """Stable keys, amounts as decimal strings, dates ISO 8601."""
    return {
        "date": e.jour.isoformat(),
        "heure": e.heure.strftime("%H:%M") if e.heure else None,
        "type": e.type,
        "libelle": e.libelle,
        "montant": None if e.montant is None else format(e.montant, "f"),
        "facture": e.facture,
        "canal": e.canal,
        "objet": e.objet,
        "resultat": e.resultat,
        "operateur": e.operateur,
        "document": e.document,
        "etape": e.etape,
    }


def _sur(facture: str | None) -> str:
    return f" sur la facture {facture}" if facture else ""


def _factures(d: Dossier) -> Iterable[Evenement]:
    for f in d.factures:
        yield Evenement(
            f.date_emission,
            None,
            "facture_emise",
            f"Facture {f.numero} émise",
            f.montant_ttc,
            f.numero,
        )
        yield Evenement(
            f.date_echeance,
            None,
            "facture_echue",
            f"Échéance de la facture {f.numero}",
            f.montant_ttc,
            f.numero,
        )
    for p in d.paiements:
        ref = f" (réf. {p.reference})" if p.reference else ""
        yield Evenement(
            p.date, None, "paiement", f"Paiement reçu{_sur(p.facture)}{ref}", p.montant, p.facture
        )
    for a in d.avoirs:
        numero = f" {a.numero}" if a.numero else ""
        yield Evenement(
            a.date, None, "avoir", f"Avoir{numero}{_sur(a.facture)}", a.montant, a.facture
        )


def _litiges_et_promesses(d: Dossier) -> Iterable[Evenement]:
    for li in d.litiges:
        yield Evenement(
            li.ouvert_le,
            None,
            "litige_ouvert",
            f"Litige ouvert{_sur(li.facture)} : {li.motif}",
            facture=li.facture,
        )
        if li.clos_le is not None:
            yield Evenement(
                li.clos_le,
                None,
                "litige_clos",
                f"Litige clos{_sur(li.facture)}",
                facture=li.facture,
            )
    for e in d.echeanciers:
        total = sum((x.montant for x in e.echeances), Decimal(0))
        n = len(e.echeances)
        yield Evenement(
            e.convenu_le,
            None,
            "echeancier",
            f"Échéancier convenu : {n} échéance{'s' if n > 1 else ''}",
            total,
        )
        if e.rompu_le is not None:
            yield Evenement(e.rompu_le, None, "echeancier_rompu", "Échéancier rompu")


def est_promesse(resultat: str | None) -> bool:
    bas = (resultat or "").lower().replace("_", " ")
    return any(m in bas for m in MOTS_PROMESSE)


def _contacts(contacts: Sequence[Contact]) -> Iterable[Evenement]:
    for c in contacts:
        moment = c.le.astimezone(PARIS)
        jour, heure = moment.date(), moment.time().replace(second=0, microsecond=0)
        avec = f" avec {c.interlocuteur}" if c.interlocuteur else ""
        resultat = f" : {c.resultat}" if c.resultat else ""
        libelle = f"Contact par {CANAUX_FR.get(c.canal, c.canal)}{avec} ({c.objet}){resultat}"
        yield _du_contact(c, jour, heure, "contact", libelle)
        if est_promesse(c.resultat):
            yield _du_contact(c, jour, heure, "promesse", f"Promesse ou accord : {c.resultat}")
        if c.document:
            yield _du_contact(c, jour, heure, "document", f"Document produit : {c.document}")


def _du_contact(c: Contact, jour: date, heure: time, type_: str, libelle: str) -> Evenement:
    """An event that carries the contact's channel, subject, outcome, operator and document."""
    return Evenement(
        jour,
        heure,
        type_,
        libelle,
        canal=c.canal,
        objet=c.objet,
        resultat=c.resultat,
        operateur=c.operateur,
        document=c.document,
    )


def _procedures(d: Dossier) -> Iterable[Evenement]:
    med = d.mise_en_demeure
    if med is not None:
        delai = f" (délai de {med.delai_jours} jours)"
        lrar = f", LRAR n° {med.numero_lrar}" if med.numero_lrar else ""
        yield Evenement(
            med.envoyee_le,
            None,
            "mise_en_demeure_envoyee",
            f"Mise en demeure envoyée{lrar}{delai}",
            document=med.document,
        )
        if med.premiere_presentation_le is not None:
            yield Evenement(
                med.premiere_presentation_le,
                None,
                "mise_en_demeure_presentee",
                "Mise en demeure présentée" + (" (non réclamée)" if med.non_reclamee else ""),
            )
        if med.recue_le is not None:
            yield Evenement(
                med.recue_le,
                None,
                "mise_en_demeure_recue",
                "Mise en demeure reçue (avis de réception)",
                document=med.accuse_reception,
            )
    pc = d.debiteur.procedure_collective
    if pc is not None:
        yield Evenement(
            pc.jugement_le,
            None,
            "procedure_collective",
            f"Jugement d'ouverture : {pc.type.replace('_', ' ')}",
        )
    yield from _judiciaire(d)


def _judiciaire(d: Dossier) -> Iterable[Evenement]:
    inj = d.injonction
    if inj is not None:
        for jour, texte in (
            (inj.requete_deposee_le, "Requête en injonction de payer déposée"),
            (
                inj.ordonnance_le,
                "Ordonnance d'injonction de payer" + (" (requête rejetée)" if inj.rejetee else ""),
            ),
            (inj.signifiee_le, "Ordonnance signifiée"),
            (inj.opposition_le, "Opposition du débiteur"),
            (inj.executoire_le, "Ordonnance revêtue de la formule exécutoire"),
        ):
            if jour is not None:
                yield Evenement(jour, None, "injonction", texte)
    pc = d.petites_creances
    if pc is not None:
        for jour, texte in (
            (pc.demande_le, "Demande de recouvrement des petites créances"),
            (pc.invitation_envoyee_le, "Invitation envoyée par le commissaire de justice"),
            (pc.accord_le, "Accord du débiteur (petites créances)"),
            (pc.refus_le, "Refus ou silence du débiteur (petites créances)"),
        ):
            if jour is not None:
                yield Evenement(
                    jour,
                    None,
                    "petites_creances",
                    texte,
                    pc.montant_accord if texte.startswith("Accord") else None,
                )
    if d.jugement is not None:
        yield Evenement(d.jugement.rendu_le, None, "jugement", "Jugement rendu")


def _etapes(d: Dossier, transitions: Sequence[Transition]) -> Iterable[Evenement]:
    for h in d.historique:
        motif = f" ({h.motif})" if h.motif else ""
        yield Evenement(h.le, None, "etape", f"Étape : {h.etape}{motif}", etape=h.etape)
    for t in transitions:
        if t.evenement is None:
            continue  # already in d.historique
        quoi = EVENEMENTS_FR.get(t.evenement, t.evenement.replace("_", " "))
        yield Evenement(
            t.le,
            None,
            "transition",
            f"Étape « {t.etape} » après {quoi}",
            operateur=t.operateur,
            etape=t.etape,
        )


def chronologie(dossier: Dossier, transitions: Sequence[Transition] = ()) -> list[Evenement]:
    """Every event of `dossier` (and of its stored transitions), in order."""
    evenements = [
        *_factures(dossier),
        *_litiges_et_promesses(dossier),
        *_contacts(dossier.contacts),
        *_procedures(dossier),
        *_etapes(dossier, transitions),
    ]
    # sorted() is stable: same day, same time, same kind keep their recorded order.
    return sorted(
        evenements,
        key=lambda e: (e.jour, e.heure is not None, e.heure or time.min, _RANG[e.type]),
    )
