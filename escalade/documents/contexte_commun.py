"""The context every document shares: the parties, the invoices claimed (and those set apart,
in dispute or time-barred), the totals, how interest and the indemnity run, how to pay
(with the EPC QR payload), the collection agent, the contacts so far.

A letter claims only the invoices that are neither in dispute nor time-barred on its date
(SPEC sections 3 and 5: an invoice in dispute is not collectable, a prescribed one can no
longer be sued for, C. com. L110-4, C. conso. L218-2; the debtor's other invoices stay
collectable). The rule is the gate's own (`escalade.recouvrement.conformite.etats_factures`,
as for the routes): `factures` and `totaux` hold the claimed invoices and the amount
demanded, `litiges` and `totaux_litiges` the disputed ones, `prescrites` the time-barred
ones, which a letter lists apart as not claimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from escalade.documents import recouvrement_amiable as r124
from escalade.documents.catalogue import SUFFIXES, TITRES, decouper
from escalade.documents.contexte_a_parfaire import contexte_a_parfaire
from escalade.documents.environnement import iban
from escalade.droit.decompte import Decompte, calculer
from escalade.droit.decompte_facture import LigneFacture
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.format_fr import pourcent_fr
from escalade.droit.interet_legal import REFERENCES as REFERENCES_INTERET_LEGAL
from escalade.droit.interet_legal import regle as interet_legal_regle
from escalade.droit.interet_legal import serie_du_creancier
from escalade.droit.modele import Contact, Dossier, Litige
from escalade.droit.parties import Partie
from escalade.droit.penalites_de_retard import REFERENCES as REFERENCES_PENALITES
from escalade.droit.prescription import Prescription
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.etat_creance import etats_factures

Donnees = dict[str, Any]
CANAUX: Final[dict[str, str]] = {
    "email": "courriel",
    "sms": "SMS",
    "telephone": "appel téléphonique",
    "courrier": "courrier simple",
    "lrar": "lettre recommandée avec accusé de réception",
    "visite": "visite",
}
OBJETS: Final[dict[str, str]] = {**TITRES, "relance_telephonique": "Relance téléphonique"}
EPC_MONTANT_MAXIMUM: Final = Decimal("999999999.99")
EPC_NOM_MAXIMUM: Final = 70
EPC_TEXTE_MAXIMUM: Final = 140


SALUTATIONS: Final[dict[str | None, str]] = {
    "Mme": "Madame",
    "M.": "Monsieur",
    None: "Madame, Monsieur",
}


def _partie(p: Partie) -> dict[str, Any]:
    adresse = p.adresse
    lignes = [*adresse.lignes, f"{adresse.code_postal} {adresse.ville}"]
    if adresse.pays.lower() != "france":
        lignes.append(adresse.pays.upper())
    return {
        "nom": p.nom,
        "civilite": p.civilite or "",
        "forme_juridique": p.forme_juridique or "",
        "siren": p.siren or "",
        "rcs": p.rcs or "",
        "capital_social": p.capital_social,
        "adresse": lignes,
        "email": p.email or "",
        "telephone": p.telephone or "",
        "representant": p.representant or "",
    }


def _facture(
    ligne: LigneFacture, litige: Litige | None = None, prescription: Prescription | None = None
) -> dict[str, Any]:
    f = ligne.facture
    accessoires = ligne.accessoires
    indemnite = ligne.indemnite_restante
    return {
        "numero": f.numero,
        "date_emission": f.date_emission,
        "date_echeance": f.date_echeance,
        "montant_ttc": f.montant_ttc,
        "restant_du": ligne.principal,
        "accessoires": accessoires,
        "indemnite": indemnite,
        "total": ligne.principal + accessoires + indemnite,
        "en_litige": litige is not None,
        "litige": (
            {"ouvert_le": litige.ouvert_le, "motif": litige.motif} if litige is not None else None
        ),
        "prescription": (
            {
                "acquise_le": prescription.acquise_le,
                "duree_ans": prescription.duree_ans,
                "references": list(prescription.references),
            }
            if prescription is not None
            else None
        ),
        "periodes": [
            {
                "debut": p.debut,
                "fin": p.fin,
                "jours": p.jours,
                "taux": p.taux,
                "base": p.base,
                "montant": p.montant,
                "libelle": p.libelle,
            }
            for p in ligne.periodes
        ],
    }


@dataclass(frozen=True)
class Partage:
    """The décompte's lines split on day `le`: claimed, in dispute and time-barred (neither
    claimed)."""

    reclamees: list[LigneFacture]
    litiges: list[tuple[LigneFacture, Litige]]
    prescrites: list[tuple[LigneFacture, Prescription]]


def partager(
    dossier: Dossier, d: Decompte, le: date, jur: Jurisprudence, litiges_reclames: bool = False
) -> Partage:
    """Which invoices a document of day `le` may claim: those neither in dispute nor
    time-barred that day.

    The states are the gate's (`conformite.etats_factures`: `litige_ouvert`, and
    `escalade.droit.prescription`, the time bar taking precedence over a dispute as in the
    gate); `routes.choisir` likewise takes them out of a court claim. `litiges_reclames`:
    the operator overrode the policy that sets disputed invoices aside (`lettre --forcer`)."""
    etats = {e.numero: e for e in etats_factures(dossier, le, jur)}
    reclamees: list[LigneFacture] = []
    litiges: list[tuple[LigneFacture, Litige]] = []
    prescrites: list[tuple[LigneFacture, Prescription]] = []
    for ligne in d.lignes:
        etat = etats[ligne.facture.numero]
        if etat.prescription.acquise:
            prescrites.append((ligne, etat.prescription))
        elif etat.litige is not None and not litiges_reclames:
            litiges.append((ligne, etat.litige))
        else:
            reclamees.append(ligne)
    return Partage(reclamees, litiges, prescrites)


def _totaux(lignes: list[LigneFacture], d: Decompte) -> dict[str, Decimal]:
    """Sums of the (rounded) lines, as the décompte's own totals."""
    principal = sum((ligne.principal for ligne in lignes), Decimal(0))
    accessoires = sum((ligne.accessoires for ligne in lignes), Decimal(0))
    indemnites = sum((ligne.indemnite_restante for ligne in lignes), Decimal(0))
    penalites = accessoires if d.regime.nature == "penalites" else Decimal(0)
    return {
        "principal": principal,
        "penalites": penalites,
        "interets": accessoires - penalites,
        "accessoires": accessoires,
        "indemnites": indemnites,
        "total": principal + accessoires + indemnites,
    }


def _accessoires(
    dossier: Dossier, d: Decompte, lignes: list[LigneFacture], le: date, jur: Jurisprudence
) -> dict[str, Any]:
    """How interest runs, in words, with its rate(s) and articles (by debtor type): the
    rates of the claimed invoices (of all when none is claimed)."""
    type_ = dossier.debiteur.type
    taux = sorted(
        {(p.taux, p.libelle) for ligne in lignes or d.lignes for p in ligne.periodes[-1:]}
    )
    libelles = [f"{pourcent_fr(t)} ({lib})" for t, lib in taux]
    if type_ == "consommateur":
        serie = serie_du_creancier(dossier.creancier.personne_physique_non_professionnelle)
        if not libelles:
            try:
                libelles = [f"{pourcent_fr(jur.decimal(serie, le))} (taux légal en vigueur)"]
            except DonneeJuridiqueManquante:  # not published yet: the rule, never a guess
                libelles = [interet_legal_regle(jur, le, serie, None)]
        return {
            "nature": "interets",
            "libelle": "intérêts au taux légal à compter de la mise en demeure",
            "base": "C. civ. art. 1231-6 et 1344-1",
            "taux": libelles,
            "references": list(REFERENCES_INTERET_LEGAL),
        }
    if type_ == "personne_publique":
        return {
            "nature": "interets",
            "libelle": "intérêts moratoires de la commande publique",
            "base": "C. commande publique art. R2192-31",
            "taux": libelles,
            "references": list(d.regime.references),
        }
    return {
        "nature": "penalites",
        "libelle": "pénalités de retard",
        "base": "C. com. art. L441-10 II",
        "taux": libelles,
        "references": list(REFERENCES_PENALITES),
    }


def _indemnite(
    dossier: Dossier, lignes: list[LigneFacture], le: date, jur: Jurisprudence
) -> dict[str, Any]:
    """The fixed 40 EUR per late invoice claimed: never for a consumer (L441-10 II, D441-5)."""
    if dossier.debiteur.type == "consommateur":
        return {"applicable": False, "unitaire": Decimal(0), "nombre": 0, "total": Decimal(0)}
    serie = (
        "indemnite_forfaitaire_commande_publique"
        if dossier.debiteur.type == "personne_publique"
        else "indemnite_forfaitaire"
    )
    nombre = sum(1 for ligne in lignes if ligne.indemnite_due > 0)
    return {
        "applicable": nombre > 0,
        "unitaire": jur.decimal(serie, le),
        "nombre": nombre,
        "total": sum((ligne.indemnite_restante for ligne in lignes), Decimal(0)),
        "base": "C. com. art. L441-10 II et D441-5",
    }


def _historique(contacts: list[Contact], le: date) -> list[dict[str, Any]]:
    """The contacts recorded up to day `le`: the only ones a letter of that day may cite.

    The reminders' wording rests on it: a letter says "malgré notre relance" or "à
    plusieurs reprises" only when the dossier records that many earlier contacts. A letter
    cites the date, the channel and the object of a contact, never its result nor the
    operator's note (« promesse de paiement », « conteste F2026-187 »): those are internal
    (`historique_interne`, for the call sheet)."""
    anterieurs = [c for c in contacts if c.le.astimezone(PARIS).date() <= le]
    return [
        {
            "date": c.le.astimezone(PARIS).date(),
            "canal": CANAUX[c.canal],
            "objet": OBJETS.get(c.objet, c.objet.replace("_", " ")),
        }
        for c in sorted(anterieurs, key=lambda c: c.le)
    ]


def historique_interne(contacts: list[Contact], le: date) -> list[dict[str, Any]]:
    """The contacts up to day `le` with their result, interlocutor and note: for the
    internal call sheet only."""
    anterieurs = sorted(
        (c for c in contacts if c.le.astimezone(PARIS).date() <= le), key=lambda c: c.le
    )
    return [
        {
            **h,
            "resultat": c.resultat or "",
            "interlocuteur": c.interlocuteur or "",
            "note": c.note or "",
        }
        for c, h in zip(anterieurs, _historique(anterieurs, le), strict=True)
    ]


def _qr_epc(dossier: Dossier, total: Decimal, reference: str, factures: list[str]) -> str | None:
    """The EPC/SEPA credit-transfer payload (EPC069-12 v002), or None when it cannot help:
    the amount demanded and, in the remittance text, the invoices it pays."""
    c = dossier.creancier
    if not c.iban or total <= 0 or total > EPC_MONTANT_MAXIMUM:
        return None
    texte = f"{reference} " + " ".join(factures)
    lignes = [
        "BCD", "002", "1", "SCT", c.bic or "", c.nom[:EPC_NOM_MAXIMUM], c.iban,
        f"EUR{total:.2f}", "", "", texte[:EPC_TEXTE_MAXIMUM],
    ]  # fmt: skip
    return "\n".join(lignes)


def _mandataire(dossier: Dossier, le: date, reference: str) -> dict[str, Any] | None:
    m = dossier.creancier.mandataire
    if m is None:
        return None
    premiere = m.premiere_lettre_reference is None
    return {
        **_partie(m),
        "activite": r124.MENTION_ACTIVITE,
        "premiere_lettre": premiere,
        "premiere_lettre_reference": reference if premiere else m.premiere_lettre_reference,
        "premiere_lettre_date": le if premiere else (m.premiere_lettre_date or le),
    }


def commun(
    modele: str, dossier: Dossier, le: date, jur: Jurisprudence, litiges_reclames: bool
) -> dict[str, Any]:
    base, _ = decouper(modele)
    d = calculer(dossier, le, jur)
    partage = partager(dossier, d, le, jur, litiges_reclames)
    reclamees = partage.reclamees
    factures = [_facture(ligne, None) for ligne in reclamees]
    totaux = _totaux(reclamees, d)
    reference = f"{dossier.reference}-{SUFFIXES[base]}"
    creancier = _partie(dossier.creancier)
    mandataire = _mandataire(dossier, le, reference)
    expediteur = mandataire or creancier
    contact = {
        "nom": expediteur["representant"] or expediteur["nom"],
        "email": expediteur["email"],
        "telephone": expediteur["telephone"],
    }
    return {
        "modele": modele,
        "titre": TITRES[base],
        "dossier": dossier.reference,
        "reference": reference,
        "le": le,
        "lieu": dossier.creancier.adresse.ville,
        "creancier": creancier,
        "mandataire": mandataire,
        "expediteur": expediteur,
        "debiteur": {**_partie(dossier.debiteur), "type": dossier.debiteur.type},
        # « Madame, » / « Monsieur, » when the civility of the person addressed is known.
        "salutation": SALUTATIONS[dossier.debiteur.civilite],
        "consommateur": dossier.debiteur.type == "consommateur",
        "contact": contact,
        # Claimed invoices and the amount demanded; disputed and time-barred invoices
        # apart, not claimed.
        "factures": factures,
        "totaux": totaux,
        "litiges": [_facture(ligne, litige) for ligne, litige in partage.litiges],
        "totaux_litiges": _totaux([ligne for ligne, _ in partage.litiges], d),
        "prescrites": [_facture(ligne, prescription=p) for ligne, p in partage.prescrites],
        "accessoires": _accessoires(dossier, d, reclamees, le, jur),
        "indemnite": _indemnite(dossier, reclamees, le, jur),
        "paiement": {
            "beneficiaire": dossier.creancier.nom,
            "iban": iban(dossier.creancier.iban) if dossier.creancier.iban else "",
            "bic": dossier.creancier.bic or "",
            "reference": dossier.reference,
        },
        # The firm's logo, set at rendering (escalade.documents.rendu) when its templates
        # folder has one.
        "logo": "",
        "qr": _qr_epc(
            dossier,
            totaux["total"],
            dossier.reference,
            [f["numero"] for f in factures if f["total"] > 0],
        ),
        # À parfaire: the amount stops at `arrete_au`, the rest runs on (None otherwise)
        "a_parfaire": contexte_a_parfaire(d, reclamees),
        "historique": _historique(dossier.contacts, le),
        "l111_8": list(r124.L111_8_ALINEAS),
        "references": list(d.references),
        "_decompte": d,
    }


def echeances_convenues(dossier: Dossier, le: date) -> list[dict[str, Any]]:
    convenus = [e for e in dossier.echeanciers if e.convenu_le <= le and e.rompu_le is None]
    if not convenus:
        return []
    return [{"date": e.date, "montant": e.montant} for e in convenus[-1].echeances]
