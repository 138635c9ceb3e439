"""The contexts of the statements: the décompte de créance (payments and their imputation,
interest periods, the amount claimed and the debt in dispute) and the agreed payment plan
(its total in words and in figures, C. civ. 1376)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from escalade.documents.contexte_commun import Donnees, echeances_convenues
from escalade.documents.environnement import date_courte, en_lettres, montant
from escalade.documents.mentions import Mention, mentions_prescrites
from escalade.droit.decompte import Decompte
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier


def decompte_creance(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    d: Decompte = c["_decompte"]
    c["paiements"] = [
        {
            "date": p.date,
            "montant": p.montant,
            "regle": p.regle,
            "imputations": [
                {
                    "facture": i.facture,
                    "sur_interets": i.sur_interets,
                    "sur_principal": i.sur_principal,
                    "sur_indemnite": i.sur_indemnite,
                }
                for i in p.imputations
            ],
        }
        for p in d.paiements
    ]
    # The periods of every invoice still claimable, claimed or in dispute, in the
    # décompte's order; a time-barred invoice is only named (its accessories are barred too).
    toutes = {f["numero"]: f for f in [*c["factures"], *c["litiges"]]}
    c["periodes"] = [
        {"facture": ligne.facture.numero, **p}
        for ligne in d.lignes
        if ligne.facture.numero in toutes
        for p in toutes[ligne.facture.numero]["periodes"]
    ]
    c["avertissements"] = list(d.avertissements)
    # The whole debt still actionable, disputed invoices included; the amount claimed
    # excludes them. Time-barred invoices are in neither.
    creance = c["totaux"]["total"] + c["totaux_litiges"]["total"]
    c["creance"] = {"total": creance}
    reclame = c["totaux"]["total"]
    mentions = [
        Mention("montant réclamé en chiffres", montant(reclame)),
        Mention("montant réclamé en lettres", en_lettres(reclame)),
        *(Mention("facture", f) for f in toutes),
        *mentions_prescrites(c),
    ]
    if c["litiges"]:
        mentions += [
            Mention("montant en litige", montant(c["totaux_litiges"]["total"])),
            Mention("créance totale, litiges compris", montant(creance)),
        ]
    return mentions


def echeancier(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    echeances = echeances_convenues(dossier, le)
    if not echeances:
        raise EntreeInvalide(
            "aucun échéancier convenu (et non rompu) dans le dossier à cette date",
            fichier=dossier.reference,
            champ="echeanciers",
        )
    convenu = [e for e in dossier.echeanciers if e.convenu_le <= le and e.rompu_le is None][-1]
    total = sum((e["montant"] for e in echeances), Decimal(0))
    c["echeancier"] = {
        "convenu_le": convenu.convenu_le,
        "echeances": echeances,
        "total": total,
        "nombre": len(echeances),
        **ecart_echeancier(c["totaux"], total, c["accessoires"]["nature"]),
    }
    # C. civ. 1376: a promise to pay bears the sum in words and in figures.
    mentions = [
        Mention("total de l'échéancier en chiffres", montant(total), "C. civ. art. 1376"),
        Mention("total de l'échéancier en lettres", en_lettres(total), "C. civ. art. 1376"),
        *(Mention("échéance", date_courte(e["date"])) for e in echeances),
    ]
    # The agreement adds up: what the plan leaves out of the debt is named as waived.
    if c["echeancier"]["abandon"] > 0:
        mentions.append(Mention("somme abandonnée", montant(c["echeancier"]["abandon"])))
    if c["echeancier"]["supplement"] > 0:
        mentions.append(Mention("supplément", montant(c["echeancier"]["supplement"])))
    return mentions


def ecart_echeancier(totaux: dict[str, Decimal], total: Decimal, nature: str) -> dict[str, Any]:
    """How the plan's total meets the debt acknowledged (`totaux["total"]`).

    Below it, the difference is waived, accessories first (interest or penalties, then the
    recovery indemnities), then principal: `abandon` and its parts. Above it, `supplement`
    is what the plan adds to the debt of the day (interest running until the last payment)."""
    dette = totaux["total"]
    abandon = max(dette - total, Decimal(0))
    sur_accessoires = min(abandon, totaux["accessoires"])
    sur_indemnites = min(abandon - sur_accessoires, totaux["indemnites"])
    parts = [
        (sur_accessoires, "pénalités de retard" if nature == "penalites" else "intérêts"),
        (sur_indemnites, "indemnités forfaitaires"),
        (abandon - sur_accessoires - sur_indemnites, "principal"),
    ]
    return {
        "dette": dette,
        "abandon": abandon,
        "abandon_parts": [{"montant": m, "nature": n} for m, n in parts if m > 0],
        "supplement": max(total - dette, Decimal(0)),
    }
