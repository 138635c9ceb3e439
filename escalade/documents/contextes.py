"""One context builder per document: a dossier, a date and the law become a flat mapping.

A letter claims only the invoices that are neither in dispute nor time-barred on its date
(SPEC sections 3 and 5: an invoice in dispute is not collectable, a prescribed one can no
longer be sued for, C. com. L110-4, C. conso. L218-2; the debtor's other invoices stay
collectable). The rule is the gate's own (`escalade.recouvrement.conformite.etats_factures`, as for
the
routes): `factures` and `totaux` hold the claimed invoices and the amount demanded,
`litiges` and `totaux_litiges` the disputed ones, `prescrites` the time-barred ones, which
a letter lists apart as not claimed. A reminder or a mise en demeure with nothing left to
claim but disputed or time-barred invoices is refused. Whether a payment demand may be
sent at all (collective proceeding, settled dossier, respected payment plan...) is the
gate's answer, asked by `escalade lettre` before building (`DEMANDES_DE_PAIEMENT`) and by
the plan for a batch.

The HTML and the DOCX template of a document share its context. Values stay typed
(`Decimal`, `date`) and the templates format them with the French filters. Each context
also lists the mentions the rendered letter must carry (checked after rendering: a
template that lacks one is refused) and, for a consumer, the mentions it must not carry
(no L441-10 penalties, no 40 EUR indemnity: C. com. L441-10 II applies between
professionals only).

Pure: no I/O, no clock; the date and the legal data are parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Final

from escalade.documents import recouvrement_amiable as r124
from escalade.documents.environnement import (
    date_courte,
    date_longue,
    dossier_modeles,
    en_lettres,
    iban,
    montant,
)
from escalade.droit.decompte import Decompte, LigneFacture, calculer
from escalade.droit.erreurs import ContactRefuse, EntreeInvalide
from escalade.droit.format_fr import pourcent_fr
from escalade.droit.interet_legal import REFERENCES as REFERENCES_INTERET_LEGAL
from escalade.droit.interet_legal import serie_du_creancier
from escalade.droit.jurisprudence import Jurisprudence
from escalade.droit.modele import PARIS, Contact, Dossier, Litige, MiseEnDemeure, Partie
from escalade.droit.montant_en_lettres import nombre_en_lettres
from escalade.droit.penalites_de_retard import REFERENCES as REFERENCES_PENALITES
from escalade.droit.prescription import Prescription
from escalade.recouvrement import mise_en_demeure as med
from escalade.recouvrement import routes
from escalade.recouvrement.conformite import REFERENCES_LITIGE, etats_factures

MODELES: Final[tuple[str, ...]] = (
    "relance_1",
    "relance_2",
    "fiche_appel",
    "confirmation_appel",
    "derniere_relance",
    "mise_en_demeure",
    "decompte",
    "echeancier",
)
TITRES: Final[dict[str, str]] = {
    "relance_1": "Relance amiable",
    "relance_2": "Seconde relance",
    "fiche_appel": "Fiche d'appel",
    "confirmation_appel": "Confirmation de notre entretien téléphonique",
    "derniere_relance": "Dernière relance avant mise en demeure",
    "mise_en_demeure": "Mise en demeure de payer",
    "decompte": "Décompte de créance",
    "echeancier": "Échéancier de paiement",
}
SUFFIXES: Final[dict[str, str]] = {
    "relance_1": "R1",
    "relance_2": "R2",
    "fiche_appel": "FA",
    "confirmation_appel": "CA",
    "derniere_relance": "DR",
    "mise_en_demeure": "MED",
    "decompte": "DC",
    "echeancier": "ECH",
}
# Documents sent to the debtor (the call sheet is internal), and the reminders among them.
ENVOYES: Final = frozenset(MODELES) - {"fiche_appel"}
RAPPELS: Final = frozenset(
    {"relance_1", "relance_2", "confirmation_appel", "derniere_relance", "mise_en_demeure"}
)
# Contacts demanding payment: the reminders, and the call sheet that prepares a call (a
# call is a contact too). The gate's claim-side answer decides whether they may be made;
# the décompte and the échéancier stay producible (a claim declaration, accessories).
DEMANDES_DE_PAIEMENT: Final = RAPPELS | {"fiche_appel"}
CANAUX: Final[dict[str, str]] = {
    "email": "courriel",
    "sms": "SMS",
    "telephone": "appel téléphonique",
    "courrier": "courrier simple",
    "lrar": "lettre recommandée avec accusé de réception",
    "visite": "visite",
}
OBJETS: Final[dict[str, str]] = {**TITRES, "relance_telephonique": "Relance téléphonique"}
REFERENCES_MISE_EN_DEMEURE: Final = ("C. civ. art. 1344", "C. civ. art. 1344-1")
EPC_MONTANT_MAXIMUM: Final = Decimal("999999999.99")
EPC_NOM_MAXIMUM: Final = 70
EPC_TEXTE_MAXIMUM: Final = 140


@dataclass(frozen=True)
class Mention:
    """A text the rendered document must (or must not) contain, and why."""

    libelle: str
    texte: str
    article: str | None = None


@dataclass(frozen=True)
class Contexte:
    modele: str
    donnees: dict[str, Any]
    decompte: Decompte
    mentions: tuple[Mention, ...] = ()
    interdites: tuple[Mention, ...] = field(default_factory=tuple)

    @property
    def nom_fichier(self) -> str:
        return nom_fichier(self.donnees["dossier"], self.modele, self.donnees["le"])


def _sur(texte: str) -> str:
    """A file-name-safe form of a reference."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in texte)


def nom_fichier(reference: str, modele: str, le: date, extension: str | None = None) -> str:
    """'D-2026-001_relance_1_2026-06-30' (+ '.pdf'): one file per dossier, document and day."""
    nom = f"{_sur(reference)}_{modele}_{le.isoformat()}"
    return f"{nom}.{extension}" if extension else nom


# --- common blocks -----------------------------------------------------------------


def _partie(p: Partie) -> dict[str, Any]:
    adresse = p.adresse
    lignes = [*adresse.lignes, f"{adresse.code_postal} {adresse.ville}"]
    if adresse.pays.lower() != "france":
        lignes.append(adresse.pays.upper())
    return {
        "nom": p.nom,
        "forme_juridique": p.forme_juridique or "",
        "siren": p.siren or "",
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
        taux_legal = jur.decimal(serie, le)
        return {
            "nature": "interets",
            "libelle": "intérêts au taux légal à compter de la mise en demeure",
            "base": "C. civ. art. 1231-6 et 1344-1",
            "taux": libelles or [f"{pourcent_fr(taux_legal)} (taux légal en vigueur)"],
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
    plusieurs reprises" only when the dossier records that many earlier contacts."""
    anterieurs = [c for c in contacts if c.le.astimezone(PARIS).date() <= le]
    return [
        {
            "date": c.le.astimezone(PARIS).date(),
            "canal": CANAUX[c.canal],
            "objet": OBJETS.get(c.objet, c.objet.replace("_", " ")),
            "resultat": c.resultat or "",
            "interlocuteur": c.interlocuteur or "",
            "note": c.note or "",
        }
        for c in sorted(anterieurs, key=lambda c: c.le)
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


def _commun(
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
        "qr": _qr_epc(
            dossier,
            totaux["total"],
            dossier.reference,
            [f["numero"] for f in factures if f["total"] > 0],
        ),
        "historique": _historique(dossier.contacts, le),
        "l111_8": list(r124.L111_8_ALINEAS),
        "references": list(d.references),
        "_decompte": d,
    }


# --- mandatory mentions -------------------------------------------------------------


def _mentions_rappel(c: dict[str, Any]) -> list[Mention]:
    """What every reminder states: invoices, total, how to pay, whom to contact; and the
    disputed and time-barred invoices it does not claim."""
    mentions = [Mention("facture", f["numero"]) for f in c["factures"]]
    mentions.append(Mention("total dû", montant(c["totaux"]["total"])))
    mentions += _mentions_litiges(c)
    mentions += _mentions_prescrites(c)
    if c["paiement"]["iban"]:
        mentions.append(Mention("IBAN", c["paiement"]["iban"]))
    mentions.append(Mention("référence de paiement", c["paiement"]["reference"]))
    if c["contact"]["email"] or c["contact"]["telephone"]:
        mentions.append(Mention("contact", c["contact"]["email"] or c["contact"]["telephone"]))
    return mentions


def _mentions_litiges(c: dict[str, Any], non_reclame: str = "non réclamée") -> list[Mention]:
    """A disputed invoice is named, as not claimed (SPEC section 5)."""
    if not c["litiges"]:
        return []
    return [
        Mention("factures en litige, non réclamées", non_reclame),
        *(Mention("facture en litige", f["numero"]) for f in c["litiges"]),
    ]


def _mentions_prescrites(c: dict[str, Any]) -> list[Mention]:
    """A time-barred invoice is named, as not claimed, with the day the bar was acquired."""
    return [
        Mention("facture prescrite, non réclamée", f"{f['numero']} (prescription acquise le "
                f"{date_courte(f['prescription']['acquise_le'])})")
        for f in c["prescrites"]
    ]  # fmt: skip


def _mentions_r124_4(c: dict[str, Any]) -> list[Mention]:
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


def _interdites(c: dict[str, Any]) -> list[Mention]:
    if not c["consommateur"]:
        return []
    article = "C. com. art. L441-10 II"
    return [
        Mention("pénalités de l'article L441-10 contre un consommateur", "L441-10", article),
        Mention("pénalités de retard contre un consommateur", "pénalités de retard", article),
        Mention("indemnité forfaitaire contre un consommateur", "indemnité forfaitaire", article),
    ]


def _mentions_accessoires(c: dict[str, Any]) -> list[Mention]:
    mentions = [Mention("fondement des intérêts ou pénalités", c["accessoires"]["base"])]
    mentions += [Mention("taux", t) for t in c["accessoires"]["taux"]]
    if c["indemnite"]["applicable"]:
        mentions.append(
            Mention("indemnité forfaitaire", montant(c["indemnite"]["unitaire"]), "C. com. D441-5")
        )
    return mentions


# --- the builders ------------------------------------------------------------------


Donnees = dict[str, Any]


def _relance_1(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    return [Mention("formule de courtoisie", "sauf erreur ou omission de notre part")]


def _relance_2(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    # "Seconde relance" only after one recorded contact: a punctual debtor's plan goes from
    # the call straight to this letter, and a skipped call leaves no earlier reminder.
    n = len(c["historique"])
    c["titre"] = "Relance" if n == 0 else "Seconde relance" if n == 1 else "Nouvelle relance"
    c["pieces_jointes"] = [f"Copie de la facture n° {f['numero']}" for f in c["factures"]]
    mentions = [Mention("copie de facture jointe", p) for p in c["pieces_jointes"]]
    if not c["consommateur"]:
        mentions += _mentions_accessoires(c)
    return mentions


def _derniere_relance(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
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


def _fiche_appel(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    deb = dossier.debiteur
    c["interlocuteurs"] = [
        {
            "nom": i.nom,
            "role": i.role or "",
            "telephone": i.telephone or "",
            "email": i.email or "",
        }
        for i in deb.interlocuteurs
    ]
    c["canaux_refuses"] = [CANAUX[x] for x in deb.canaux_refuses]
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
        *_mentions_litiges(c, "à ne pas réclamer"),
        *_mentions_prescrites(c),
    ]


def _confirmation_appel(
    dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees
) -> list[Mention]:
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
    c["echeances"] = _echeances(dossier, le)
    return [Mention("date de l'appel", date_longue(c["appel"]["date"]))]


def _echeances(dossier: Dossier, le: date) -> list[dict[str, Any]]:
    convenus = [e for e in dossier.echeanciers if e.convenu_le <= le and e.rompu_le is None]
    if not convenus:
        return []
    return [{"date": e.date, "montant": e.montant} for e in convenus[-1].echeances]


def _echeancier(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    echeances = _echeances(dossier, le)
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
    }
    # C. civ. 1376: a promise to pay bears the sum in words and in figures.
    return [
        Mention("total de l'échéancier en chiffres", montant(total), "C. civ. art. 1376"),
        Mention("total de l'échéancier en lettres", en_lettres(total), "C. civ. art. 1376"),
        *(Mention("échéance", date_courte(e["date"])) for e in echeances),
    ]


def _delai(dossier: Dossier, le: date, jur: Jurisprudence) -> dict[str, Any]:
    """The deadline of the mise en demeure: from reception (CPC 641-642), never guessed."""
    if dossier.mise_en_demeure is None:
        jours = med.delai_usuel(jur, le)
        return {
            "jours": jours,
            "jours_lettres": nombre_en_lettres(jours),
            "echeance": None,
            "motif": "lettre non encore reçue : le délai court à compter de sa réception",
            "references": list(med.REFERENCES),
        }
    resultat = med.delai(dossier, jur)
    jours = resultat.delai_jours or med.delai_usuel(jur, le)
    return {
        "jours": jours,
        "jours_lettres": nombre_en_lettres(jours),
        "echeance": resultat.echeance.echeance if resultat.echeance else None,
        "motif": resultat.motif,
        "references": list(resultat.references),
    }


def _suite(dossier: Dossier, le: date, jur: Jurisprudence) -> dict[str, Any]:
    """What follows an unanswered mise en demeure, and before which court.

    The one implementation decides, so the letter and the court file agree: the route
    (`escalade.recouvrement.routes.choisir`: petites créances first under the threshold, a
    contradictory
    claim for disputed invoices, the administrative judge for a public person) and the
    court (`escalade.droit.juridiction`, CPC 1406: tribunal de commerce or, where the experiment
    runs, des activités économiques; the tribunal judiciaire's commercial chamber in
    Alsace-Moselle). They are asked about the first day a route would open if this letter
    were received on its date (a letter already sent: its own reception or presentation).
    When no route would open (a collective proceeding, a settled or time-barred debt...),
    the letter names the injonction de payer before that same court."""
    recue = _recue(dossier, le, jur)
    ouverture = routes.choisir(recue, le, jur).possible_le or le
    choix = routes.choisir(recue, max(ouverture, le), jur)
    j = choix.juridiction
    assert j is not None
    if "petites_creances" in choix.routes:
        voie = "petites_creances"
    elif choix.routes == ("assignation",):
        voie = "refere_administratif" if j.categorie == "tribunal_administratif" else "assignation"
    else:
        voie = "injonction_de_payer"
    # Alsace-Moselle: commercial matters go to the tribunal judiciaire's commercial chamber.
    chambre = (
        " (chambre commerciale)" if j.commercial and j.categorie == "tribunal_judiciaire" else ""
    )
    return {
        "voie": voie,
        "petites_creances": voie == "petites_creances",
        "tribunal": j.libelle + chambre,
        "juge": j.juge,
        "plafond": choix.plafond_petites_creances,
        "references": list(dict.fromkeys(SUITES[voie][1:] + j.references)),
    }


def _recue(dossier: Dossier, le: date, jur: Jurisprudence) -> Dossier:
    """The dossier as if its mise en demeure had reached the debtor (this letter, received
    on its date, when none was sent yet)."""
    m = dossier.mise_en_demeure
    if m is None:
        m = MiseEnDemeure(envoyee_le=le, recue_le=le, delai_jours=med.delai_usuel(jur, le))
    elif m.recue_le is None:
        m = m.model_copy(update={"recue_le": m.premiere_presentation_le or m.envoyee_le})
    return dossier.model_copy(update={"mise_en_demeure": m})


# Per route: the words the letter must carry, and the article they rest on.
SUITES: Final[dict[str, tuple[str, ...]]] = {
    "petites_creances": ("injonction de payer", "CPC art. 1405", "CPCE art. L125-1"),
    "injonction_de_payer": ("injonction de payer", "CPC art. 1405"),
    "assignation": ("référé-provision", "CPC art. 835", "CPC art. 873"),
    "refere_administratif": ("référé", "CJA art. R541-1"),
}


def _mise_en_demeure(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    c["delai"] = _delai(dossier, le, jur)
    c["suite"] = _suite(dossier, le, jur)
    c["numero_lrar"] = (
        (dossier.mise_en_demeure.numero_lrar or "") if dossier.mise_en_demeure else ""
    )
    total = c["totaux"]["total"]
    mentions = [
        Mention("les mots « mise en demeure »", "mise en demeure", "C. civ. art. 1344"),
        Mention("fondement", "1344", "C. civ. art. 1344"),
        Mention("total en chiffres", montant(total)),
        Mention("total en lettres", en_lettres(total), "C. civ. art. 1376"),
        Mention("principal en lettres", en_lettres(c["totaux"]["principal"])),
        Mention("point de départ du délai", "à compter de la réception"),
        Mention("suite", SUITES[c["suite"]["voie"]][0], SUITES[c["suite"]["voie"]][1]),
        Mention("juridiction", c["suite"]["tribunal"], "CPC art. 1406"),
        *_mentions_accessoires(c),
        *(Mention("relance antérieure", date_courte(h["date"])) for h in c["historique"]),
    ]
    if c["delai"]["echeance"] is not None:
        mentions.append(Mention("date limite", date_longue(c["delai"]["echeance"]), "CPC art. 642"))
    return mentions


def _decompte(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
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
        *_mentions_prescrites(c),
    ]
    if c["litiges"]:
        mentions += [
            Mention("montant en litige", montant(c["totaux_litiges"]["total"])),
            Mention("créance totale, litiges compris", montant(creance)),
        ]
    return mentions


Constructeur = Callable[[Dossier, date, Jurisprudence, Donnees], list[Mention]]
CONSTRUCTEURS: Final[dict[str, Constructeur]] = {
    "relance_1": _relance_1,
    "relance_2": _relance_2,
    "fiche_appel": _fiche_appel,
    "confirmation_appel": _confirmation_appel,
    "derniere_relance": _derniere_relance,
    "mise_en_demeure": _mise_en_demeure,
    "decompte": _decompte,
    "echeancier": _echeancier,
}


# --- A/B variants ------------------------------------------------------------------------
# An A/B test (escalade.recouvrement.ab_test) names the wording a dossier gets: relance_1 (variant
# A)
# or relance_1@B, whose templates are modeles_lettres/relance_1@B.html and .docx. A
# variant shares its document's context and mandatory mentions; only the wording differs.

SEPARATEUR_VARIANTE: Final = "@"  # as escalade.recouvrement.ab_test.SEPARATEUR
_VARIANTE: Final = re.compile(r"[A-Z]")


def decouper(modele: str) -> tuple[str, str | None]:
    """'relance_1@B' -> ('relance_1', 'B'); 'relance_1' -> ('relance_1', None)."""
    base, separateur, variante = modele.partition(SEPARATEUR_VARIANTE)
    return base, (variante if separateur else None)


def canonique(modele: str) -> str:
    """Variant A is the document's own template: 'relance_1@A' -> 'relance_1'."""
    base, variante = decouper(modele)
    return base if variante == "A" else modele


def variantes(base: str) -> list[str]:
    """The variants shipped for a document (a template file in either format)."""
    noms = {
        p.stem
        for p in dossier_modeles().glob(f"{base}{SEPARATEUR_VARIANTE}*")
        if p.suffix in (".html", ".docx")
    }
    return sorted(noms)


def verifier_modele(modele: str) -> None:
    base, variante = decouper(modele)
    if base not in CONSTRUCTEURS:
        raise EntreeInvalide(
            f"modèle inconnu « {modele} » (modèles disponibles : {', '.join(MODELES)})",
            champ="modele",
        )
    if variante is None or variante == "A":
        return
    existantes = variantes(base)
    if not _VARIANTE.fullmatch(variante) or modele not in existantes:
        autres = (
            f"variantes disponibles : {', '.join(existantes)}"
            if existantes
            else (f"aucune variante de {base} n'existe")
        )
        raise EntreeInvalide(
            f"variante inconnue « {modele} » : pas de modèle {modele}.html ni {modele}.docx "
            f"dans modeles_lettres/ ({autres} ; la variante A est le modèle {base} lui-même)",
            champ="modele",
        )


def _refuser_si_rien_a_reclamer(modele: str, dossier: Dossier, c: Donnees) -> None:
    """A letter asking for payment needs something to claim: not only disputed or
    time-barred invoices.

    The gate refuses contacts about a disputed invoice (`conformite`, code
    « facture_en_litige ») or a prescribed one (« dette_prescrite »), and the routes send
    the first to a contradictory claim and drop the second (`routes.choisir`); a reminder or
    mise en demeure for them alone is refused likewise (`escalade lettre` asks the gate
    first; this guards the other callers)."""
    if any(f["total"] > 0 for f in c["factures"]) or not (c["litiges"] or c["prescrites"]):
        return
    raisons: list[str] = []
    suites: list[str] = []
    articles: list[str] = []
    if c["litiges"]:
        detail = " ; ".join(
            f"{f['numero']} (litige ouvert le {date_courte(f['litige']['ouvert_le'])}, "
            f"« {f['litige']['motif']} »)"
            for f in c["litiges"]
        )
        raisons.append(f"en litige : {detail}")
        suites.append(
            "Une facture contestée ne se relance pas et ne fait pas l'objet d'une mise en "
            "demeure tant que le litige est ouvert : elle se poursuit par une action "
            "contradictoire (référé-provision ou assignation au fond), ou se réclame de "
            "nouveau une fois le litige clos."
        )
        articles += REFERENCES_LITIGE
    if c["prescrites"]:
        detail = " ; ".join(
            f"{f['numero']} (prescription acquise le "
            f"{date_courte(f['prescription']['acquise_le'])})"
            for f in c["prescrites"]
        )
        raisons.append(f"prescrites : {detail}")
        suites.append(
            "Une facture prescrite ne se réclame plus : l'action en paiement est éteinte."
        )
        articles += [a for f in c["prescrites"] for a in f["prescription"]["references"]]
    raise ContactRefuse(
        f"{TITRES[modele]} refusée : rien à réclamer, toutes les factures impayées du "
        f"dossier sont {' ou '.join(raisons)}. {' '.join(suites)}",
        fichier=dossier.reference,
        articles=tuple(dict.fromkeys(articles)),
    )


def construire(
    modele: str,
    dossier: Dossier,
    le: date,
    jur: Jurisprudence,
    *,
    litiges_reclames: bool = False,
) -> Contexte:
    """The context of document `modele` (or of one of its variants, 'relance_1@B') for
    `dossier` on day `le`.

    `litiges_reclames`: the operator overrode the policy refusal of a letter about
    disputed invoices (`escalade lettre --forcer --motif`): they are claimed like the
    others. Time-barred invoices are never claimed (the law, not a policy)."""
    verifier_modele(modele)
    modele = canonique(modele)
    base, _ = decouper(modele)
    c = _commun(modele, dossier, le, jur, litiges_reclames)
    if base in RAPPELS:
        _refuser_si_rien_a_reclamer(base, dossier, c)
    mentions = CONSTRUCTEURS[base](dossier, le, jur, c)
    if base in RAPPELS:
        mentions = _mentions_rappel(c) + mentions
    if base in ENVOYES:
        mentions += _mentions_r124_4(c)
    decompte = c.pop("_decompte")
    return Contexte(modele, c, decompte, tuple(mentions), tuple(_interdites(c)))
