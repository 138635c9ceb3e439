"""The reminders' contexts: the first and second reminders, the last one before the mise en
demeure, and the phone call (the internal call sheet, with the objections to expect, and
the letter confirming the call)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from escalade.documents.contexte_commun import (
    CANAUX,
    Donnees,
    echeances_convenues,
    historique_interne,
)
from escalade.documents.environnement import date_courte, date_longue, montant
from escalade.documents.mentions import (
    Mention,
    mentions_accessoires,
    mentions_litiges,
    mentions_prescrites,
)
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier
from escalade.droit.valeurs import PARIS


def relance_1(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    return [Mention("formule de courtoisie", "sauf erreur ou omission de notre part")]


def relance_2(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    # "Seconde relance" only after one recorded contact: a punctual debtor's plan goes from
    # the call straight to this letter, and a skipped call leaves no earlier reminder.
    n = len(c["historique"])
    c["titre"] = "Relance" if n == 0 else "Seconde relance" if n == 1 else "Nouvelle relance"
    c["pieces_jointes"] = [f"Copie de la facture n° {f['numero']}" for f in c["factures"]]
    mentions = [Mention("copie de facture jointe", p) for p in c["pieces_jointes"]]
    if not c["consommateur"]:
        mentions += mentions_accessoires(c)
    return mentions


def derniere_relance(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    return [Mention("annonce de la mise en demeure", "mise en demeure")]


OBJECTIONS: Final[tuple[tuple[str, str], ...]] = (
    (
        "« Nous n'avons pas reçu la facture. »",
        "Proposer l'envoi immédiat d'une copie par courriel ; convenir d'une date de paiement.",
    ),
    (
        "« Le paiement est déjà parti. »",
        "Demander la date, le montant et la référence du virement ; vérifier à réception.",
    ),
    (
        "« La prestation ou la livraison pose problème. »",
        "Noter précisément l'objet de la contestation, demander une confirmation écrite ; "
        "ne plus relancer la facture contestée tant que le litige est ouvert.",
    ),
    (
        "« Nous avons des difficultés de trésorerie. »",
        "Proposer un échéancier écrit ; demander s'il existe une procédure collective.",
    ),
    (
        "« Ce n'est pas la bonne personne. »",
        "Demander le nom, la fonction et les coordonnées de l'interlocuteur compétent.",
    ),
)


def _objection_litige(f: dict[str, Any]) -> dict[str, str]:
    litige = f["litige"]
    return {
        "objection": f"« La facture {f['numero']} est contestée ({litige['motif']}). »",
        "reponse": f"Ne pas la réclamer : litige ouvert le {date_courte(litige['ouvert_le'])}. "
        "Demander où en est sa résolution et ce qui manque pour le clore, puis revenir aux "
        "factures non contestées.",
    }


def fiche_appel(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    deb = dossier.debiteur
    c["interlocuteurs"] = [
        {
            "nom": i.nom,
            "civilite": i.civilite or "",
            "role": i.role or "",
            "telephone": i.telephone or "",
            "email": i.email or "",
        }
        for i in deb.interlocuteurs
    ]
    c["canaux_refuses"] = [CANAUX[x] for x in deb.canaux_refuses]
    # An internal document: the results of earlier contacts are shown (never in a letter).
    c["historique"] = historique_interne(dossier.contacts, le)
    # A disputed invoice is an objection to expect, not an amount to ask for.
    c["objections"] = [
        *(_objection_litige(f) for f in c["litiges"]),
        *({"objection": o, "reponse": r} for o, r in OBJECTIONS),
    ]
    c["procedure_collective"] = (
        {
            "type": deb.procedure_collective.type.replace("_", " "),
            "le": deb.procedure_collective.jugement_le,
        }
        if deb.procedure_collective
        else None
    )
    return [
        *(Mention("facture", f["numero"]) for f in c["factures"]),
        Mention("total dû", montant(c["totaux"]["total"])),
        *mentions_litiges(c, "à ne pas réclamer"),
        *mentions_prescrites(c),
    ]


def confirmation_appel(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    appels = [
        x
        for x in dossier.contacts
        if x.canal == "telephone" and x.le.astimezone(PARIS).date() <= le
    ]
    if not appels:
        raise EntreeInvalide(
            "aucun appel téléphonique enregistré dans le dossier : rien à confirmer",
            fichier=dossier.reference,
            champ="contacts",
        )
    appel = max(appels, key=lambda x: x.le)
    c["appel"] = {
        "date": appel.le.astimezone(PARIS).date(),
        "interlocuteur": appel.interlocuteur or "",
        "resultat": appel.resultat or "",
        "note": appel.note or "",
    }
    c["echeances"] = echeances_convenues(dossier, le)
    return [Mention("date de l'appel", date_longue(c["appel"]["date"]))]
