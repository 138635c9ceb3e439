"""La procédure simplifiée de recouvrement des petites créances (CPCE L125-1, R125-1 s.).

For a claim with a contractual or statutory cause, certain, liquid and due, not above the
threshold in force (principal and interest, R125-1), the creditor asks a commissaire de
justice of the cour d'appel district where the debtor lives. The commissaire invites the
debtor by registered letter or electronic message; the procedure runs for one month from
that sending, and silence is a refusal. An agreement on amount and terms, recorded by the
commissaire, becomes an enforceable title without further formality; the debtor's
agreement suspends limitation (C. civ. 2238), which runs again, for at least six months,
from the refusal the commissaire records. Every cost of the procedure stays with the
creditor (L125-1). Its failure dispenses the creditor from the prior amicable attempt of
CPC 750-1 before the tribunal judiciaire.

Pure: dates and the legal data are parameters.

References: CPCE art. L125-1, R125-1; C. civ. art. 2238; CPC art. 750-1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from escalade.droit.a_parfaire import mention
from escalade.droit.decompte import calculer
from escalade.droit.delais import ajouter_mois
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier
from escalade.droit.parties import Partie
from escalade.procedures.injonction_de_payer import Piece, bordereau
from escalade.recouvrement.choix_route import ChoixRoute, Motif
from escalade.recouvrement.routes import choisir

REFERENCES = ("CPCE art. L125-1", "CPCE art. R125-1")
REFERENCES_PRESCRIPTION = ("C. civ. art. 2238",)
FRAIS = (
    "Les frais de toute nature qu'occasionne la procédure sont à la charge exclusive du "
    "créancier (CPCE art. L125-1) : aucun frais ne peut être réclamé au débiteur à ce titre."
)


@dataclass(frozen=True)
class Eligibilite:
    eligible: bool
    montant_r125_1: Decimal
    plafond: Decimal | None
    motifs: tuple[Motif, ...]
    choix: ChoixRoute
    references: tuple[str, ...]


def eligibilite(dossier: Dossier, le: date, jur: Jurisprudence) -> Eligibilite:
    """Whether the small-claims procedure is open on `le` (route selection, R125-1)."""
    choix = choisir(dossier, le, jur)
    eligible = "petites_creances" in choix.routes
    motifs = choix.refus
    if not eligible and not motifs:
        motifs = (Motif("hors_petites_creances", choix.motif, choix.references),)
    refs = tuple(dict.fromkeys(REFERENCES + choix.references))
    return Eligibilite(
        eligible, choix.montant_r125_1, choix.plafond_petites_creances, motifs, choix, refs
    )


@dataclass(frozen=True)
class Etat:
    etat: str  # a_demander, demandee, invitation_envoyee, accord, refus, silence
    message: str
    fin_procedure: date | None  # last day of the month opened by the invitation
    references: tuple[str, ...]


def fin_procedure(invitation_envoyee_le: date, jur: Jurisprudence) -> date:
    """Last day of the one-month procedure from the invitation's sending (L125-1)."""
    return ajouter_mois(
        invitation_envoyee_le, jur.entier("petites_creances_duree", invitation_envoyee_le)
    )


def etat(dossier: Dossier, le: date, jur: Jurisprudence) -> Etat:
    """Where the procedure stands on `le`, from the dates the user recorded."""
    pc = dossier.petites_creances
    if pc is None or (pc.demande_le is None and pc.invitation_envoyee_le is None):
        return Etat("a_demander", "procédure non demandée", None, REFERENCES)
    if pc.accord_le is not None and pc.accord_le <= le:
        montant = f" de {pc.montant_accord:.2f} €".replace(".", ",") if pc.montant_accord else ""
        echeances = f" en {len(pc.echeances)} échéances" if pc.echeances else ""
        return Etat(
            "accord",
            f"accord{montant}{echeances} constaté le {pc.accord_le:%d/%m/%Y} : le commissaire "
            "de justice délivre un titre exécutoire ; l'accord a suspendu la prescription",
            None,
            REFERENCES + REFERENCES_PRESCRIPTION,
        )
    if pc.refus_le is not None and pc.refus_le <= le:
        reprise = ajouter_mois(pc.refus_le, 6)  # C. civ. 2238 al. 2: at least six months
        return Etat(
            "refus",
            f"refus constaté le {pc.refus_le:%d/%m/%Y} : la voie judiciaire est ouverte "
            "(injonction de payer), sans tentative amiable préalable (CPC art. 750-1) ; si un "
            "accord avait suspendu la prescription, elle recourt pour au moins six mois, "
            f"jusqu'au {reprise:%d/%m/%Y} au moins",
            None,
            REFERENCES + REFERENCES_PRESCRIPTION + ("CPC art. 750-1",),
        )
    if pc.invitation_envoyee_le is None:
        return Etat(
            "demandee",
            f"demande adressée au commissaire de justice le {pc.demande_le:%d/%m/%Y} ; "
            "invitation du débiteur non encore envoyée",
            None,
            REFERENCES,
        )
    fin = fin_procedure(pc.invitation_envoyee_le, jur)
    if le > fin:
        return Etat(
            "silence",
            f"aucune réponse du débiteur au {fin:%d/%m/%Y} : le silence vaut refus ; la voie "
            "judiciaire est ouverte (injonction de payer)",
            fin,
            REFERENCES + ("CPC art. 750-1",),
        )
    return Etat(
        "invitation_envoyee",
        f"invitation envoyée le {pc.invitation_envoyee_le:%d/%m/%Y} : le débiteur a "
        f"jusqu'au {fin:%d/%m/%Y} pour accepter ou refuser",
        fin,
        REFERENCES,
    )


def _partie(p: Partie) -> dict[str, Any]:
    a = p.adresse
    return {
        "nom": p.nom,
        "forme_juridique": p.forme_juridique or "",
        "siren": p.siren or "",
        "rcs": p.rcs or "",  # C. com. R123-237: on every correspondence of a company
        "capital_social": p.capital_social,
        "adresse": [*a.lignes, f"{a.code_postal} {a.ville}"],
        "representant": p.representant or "",
        "email": p.email or "",
        "telephone": p.telephone or "",
    }


@dataclass(frozen=True)
class Demande:
    donnees: dict[str, Any]
    eligibilite: Eligibilite
    pieces: tuple[Piece, ...]


def demande(
    dossier: Dossier, le: date, jur: Jurisprudence, existe: Callable[[str], bool]
) -> Demande:
    """The request to the commissaire de justice, with the décompte and the evidence."""
    e = eligibilite(dossier, le, jur)
    choix = e.choix
    d = calculer(dossier, le, jur)
    pieces = tuple(bordereau(dossier, choix.factures, existe))
    pc = dossier.petites_creances
    deb = dossier.debiteur
    lieu = f"{deb.adresse.ville} ({deb.adresse.code_postal})"
    donnees: dict[str, Any] = {
        "modele": "demande_petites_creances",
        "titre": "Demande de recouvrement d'une petite créance",
        "dossier": dossier.reference,
        "reference": f"{dossier.reference}-PC",
        "le": le,
        "lieu": dossier.creancier.adresse.ville,
        "creancier": _partie(dossier.creancier),
        "debiteur": {**_partie(deb), "type": deb.type},
        "commissaire": {
            "nom": (pc.commissaire_nom if pc else None) or "",
            "adresse": list(pc.commissaire_adresse) if pc else [],
            "ressort": "commissaire de justice établi dans le ressort de la cour d'appel où "
            f"demeure le débiteur : {lieu}",
        },
        "factures": [
            {"numero": li.facture.numero, "date_emission": li.facture.date_emission,
             "date_echeance": li.facture.date_echeance, "montant_ttc": li.facture.montant_ttc,
             "restant_du": li.principal, "accessoires": li.accessoires,
             "indemnite": li.indemnite_restante}
            for li in d.lignes if li.facture.numero in choix.factures
        ],
        "montant": {
            "principal": choix.principal,
            "interets": choix.interets,
            "libelle_interets": "pénalités de retard" if d.regime.nature == "penalites"
            else "intérêts",
            "indemnites": choix.indemnites,
            "r125_1": choix.montant_r125_1,
            "plafond": choix.plafond_petites_creances,
            "total": choix.total,
        },
        "eligible": e.eligible,
        "motifs": [m.message for m in e.motifs],
        "duree_mois": jur.entier("petites_creances_duree", le),
        "frais": FRAIS,
        "pieces": [
            {"numero": p.numero, "libelle": p.libelle, "presente": p.presente} for p in pieces
        ],
        "manquantes": [p.numero for p in pieces if not p.presente],
        "references": list(dict.fromkeys(e.references + REFERENCES_PRESCRIPTION)),
        "qr": None,
        "a_parfaire": mention(d.arrete_au, d.regime.nature, d.a_parfaire, set(choix.factures)),
    }  # fmt: skip
    return Demande(donnees, e, pieces)
