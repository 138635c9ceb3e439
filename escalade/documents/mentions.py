"""The mandatory mentions of a document: what the rendered letter must (or must not) carry.

Every reminder names its invoices, total, how to pay and whom to contact, and the disputed
and time-barred invoices it does not claim; a letter of a collection agent carries the
mentions of CPCE R124-4; a letter to a consumer must not carry the L441-10 penalties nor
the 40 EUR indemnity (C. com. L441-10 II applies between professionals only). The
rendering checks them after rendering (a template that lacks one is refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from escalade.documents import recouvrement_amiable as r124
from escalade.documents.environnement import date_courte, date_longue, montant


@dataclass(frozen=True)
class Mention:
    """A text the rendered document must (or must not) contain, and why."""

    libelle: str
    texte: str
    article: str | None = None


def mentions_rappel(c: dict[str, Any]) -> list[Mention]:
    """What every reminder states: invoices, total, how to pay, whom to contact; and the
    disputed and time-barred invoices it does not claim."""
    mentions = [Mention("facture", f["numero"]) for f in c["factures"]]
    mentions.append(Mention("total dû", montant(c["totaux"]["total"])))
    mentions += mentions_litiges(c)
    mentions += mentions_prescrites(c)
    if c["paiement"]["iban"]:
        mentions.append(Mention("IBAN", c["paiement"]["iban"]))
    mentions.append(Mention("référence de paiement", c["paiement"]["reference"]))
    if c["contact"]["email"] or c["contact"]["telephone"]:
        mentions.append(Mention("contact", c["contact"]["email"] or c["contact"]["telephone"]))
    return mentions


def mentions_litiges(c: dict[str, Any], non_reclame: str = "non réclamée") -> list[Mention]:
    """A disputed invoice is named, as not claimed (SPEC section 5)."""
    if not c["litiges"]:
        return []
    return [
        Mention("factures en litige, non réclamées", non_reclame),
        *(Mention("facture en litige", f["numero"]) for f in c["litiges"]),
    ]


def mentions_prescrites(c: dict[str, Any]) -> list[Mention]:
    """A time-barred invoice is named, as not claimed, with the day the bar was acquired."""
    return [
        Mention("facture prescrite, non réclamée", f"{f['numero']} (prescription acquise le "
                f"{date_courte(f['prescription']['acquise_le'])})")
        for f in c["prescrites"]
    ]  # fmt: skip


def mentions_r124_4(c: dict[str, Any]) -> list[Mention]:
    m = c["mandataire"]
    if m is None:
        return []
    article = "CPCE art. R124-4"
    if not m["premiere_lettre"]:
        return [
            Mention("référence de la première lettre", m["premiere_lettre_reference"], article),
            Mention("date de la première lettre", date_longue(m["premiere_lettre_date"]), article),
        ]
    mentions = [
        Mention("nom du mandataire", m["nom"], article),
        *(Mention("adresse du mandataire", ligne, article) for ligne in m["adresse"]),
        Mention("activité de recouvrement amiable", r124.MENTION_ACTIVITE, article),
        Mention("nom du créancier", c["creancier"]["nom"], article),
        *(Mention("adresse du créancier", ligne, article) for ligne in c["creancier"]["adresse"]),
        Mention("principal", montant(c["totaux"]["principal"]), article),
        *(Mention("article L111-8 du CPCE", al, article) for al in r124.L111_8_ALINEAS),
    ]
    return mentions


def interdites(c: dict[str, Any]) -> list[Mention]:
    if not c["consommateur"]:
        return []
    article = "C. com. art. L441-10 II"
    return [
        Mention("pénalités de l'article L441-10 contre un consommateur", "L441-10", article),
        Mention("pénalités de retard contre un consommateur", "pénalités de retard", article),
        Mention("indemnité forfaitaire contre un consommateur", "indemnité forfaitaire", article),
    ]


def mentions_accessoires(c: dict[str, Any]) -> list[Mention]:
    mentions = [Mention("fondement des intérêts ou pénalités", c["accessoires"]["base"])]
    mentions += [Mention("taux", t) for t in c["accessoires"]["taux"]]
    if c["indemnite"]["applicable"]:
        mentions.append(
            Mention("indemnité forfaitaire", montant(c["indemnite"]["unitaire"]), "C. com. D441-5")
        )
    return mentions
