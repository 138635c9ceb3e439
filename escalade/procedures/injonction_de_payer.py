"""L'injonction de payer (CPC 1405-1407): the requête and its evidence.

The requête (CPC 1407) carries, on pain of nullity: the mentions of article 57 (for the
applicant and the debtor: a company's form, name, seat and legal representative; a
person's names and address), the exact amount claimed with the breakdown of each element,
the legal basis of the claim, and the numbered list of the evidence attached (bordereau
des pièces). It is filed with the judge of CPC 1406 (escalade.droit.juridiction) on the Cerfa
form that court uses (numbers and versions are data: `cerfa_injonction_*`); the context
lays its headings out in the form's order so that it can be copied onto the form or the
commercial courts' online service.

After filing, its deadlines and where it stands: escalade.procedures.suivi_injonction.

Pure: the evidence files' existence is a parameter (`existe`), the date too.

References: CPC art. 57, 1405, 1406, 1407.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from escalade.droit.a_parfaire import mention
from escalade.droit.decompte import Decompte, calculer
from escalade.droit.decompte_facture import LigneFacture
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.juridiction import Juridiction, cerfa
from escalade.droit.modele import Dossier
from escalade.droit.parties import Partie
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.choix_route import ChoixRoute
from escalade.recouvrement.routes import choisir

REFERENCES_REQUETE = ("CPC art. 57", "CPC art. 1405", "CPC art. 1406", "CPC art. 1407")
A_COMPLETER = "à compléter"
ZERO = Decimal(0)

# The headings of Cerfa 12948 (tribunal judiciaire) and 12946 (tribunal de commerce), in
# the forms' order: the parties, the claim and its breakdown, its basis, the evidence.
RUBRIQUES_CERFA: tuple[str, ...] = (
    "Juridiction saisie",
    "Le demandeur (créancier)",
    "Le débiteur",
    "Montant de la créance et décompte",
    "Fondement et cause de la créance",
    "Pièces justificatives (bordereau)",
    "Date et signature",
)

_GENRES: tuple[tuple[str, str], ...] = (
    (r"devis", "Devis"),
    (r"(bon[_ -]?de[_ -]?commande|commande|^bc[_ -])", "Bon de commande"),
    (r"(livraison|^bl[_ -])", "Bon de livraison"),
    (r"contrat", "Contrat"),
    (r"(cgv|conditions)", "Conditions générales de vente"),
    (r"(facture|^fa[_ -]|^f[_ -]?\d)", "Facture"),
)


@dataclass(frozen=True)
class Piece:
    """One numbered piece of the bordereau; a missing one keeps its number."""

    numero: int
    libelle: str
    chemin: str | None  # as written in the dossier (relative to the dossier file)
    presente: bool


def _genre(chemin: str, numero_facture: str) -> str:
    nom = PurePath(chemin).stem.lower()
    if numero_facture.lower() in nom and not re.search(r"devis|commande|livraison|bl|bc", nom):
        return "Facture"
    for motif, genre in _GENRES:
        if re.search(motif, nom):
            return genre
    return "Pièce"


def bordereau(
    dossier: Dossier, factures: tuple[str, ...], existe: Callable[[str], bool]
) -> list[Piece]:
    """The numbered evidence: each claimed invoice's pieces, then the letters sent, then the
    mise en demeure and its acknowledgment. Expected evidence that is absent is listed as
    missing (never skipped); `existe` says whether a path (as written) can be read."""
    entrees: list[tuple[str, str | None]] = []
    for f in dossier.factures:
        if f.numero not in factures:
            continue
        if not f.pieces:
            entrees.append((f"Facture n° {f.numero} (copie de la facture)", None))
        for chemin in f.pieces:
            genre = _genre(chemin, f.numero)
            nom = PurePath(chemin).name
            libelle = (
                f"Facture n° {f.numero} ({nom})"
                if genre == "Facture"
                else f"{genre} relatif à la facture n° {f.numero} ({nom})"
            )
            entrees.append((libelle, chemin))
    for c in sorted(dossier.contacts, key=lambda c: c.le):
        if c.document:
            jour = c.le.astimezone(PARIS).date()
            objet = c.objet.replace("_", " ")
            entrees.append((f"Lettre « {objet} » du {jour:%d/%m/%Y} ({c.canal})", c.document))
    med = dossier.mise_en_demeure
    if med is not None:
        entrees.append(
            (f"Mise en demeure du {med.envoyee_le:%d/%m/%Y} (lettre recommandée)", med.document)
        )
        if med.recue_le is not None:
            entrees.append(
                (f"Avis de réception de la mise en demeure, signé le {med.recue_le:%d/%m/%Y}",
                 med.accuse_reception)
            )  # fmt: skip
        elif med.premiere_presentation_le is not None:
            entrees.append(
                (f"Preuve de première présentation de la mise en demeure le "
                 f"{med.premiere_presentation_le:%d/%m/%Y} (pli non réclamé)",
                 med.accuse_reception)
            )  # fmt: skip
    return [
        Piece(i, libelle, chemin, chemin is not None and existe(chemin))
        for i, (libelle, chemin) in enumerate(entrees, start=1)
    ]


def _partie(p: Partie, personne_morale: bool) -> dict[str, Any]:
    a = p.adresse
    adresse = [*a.lignes, f"{a.code_postal} {a.ville}"]
    if a.pays.lower() != "france":
        adresse.append(a.pays.upper())
    return {
        "nom": p.nom,
        "personne_morale": personne_morale,
        "forme_juridique": p.forme_juridique or (A_COMPLETER if personne_morale else ""),
        "siren": p.siren or "",
        "rcs": p.rcs or "",  # C. com. R123-237: on every correspondence of a company
        "capital_social": p.capital_social,
        "adresse": adresse,
        "representant": p.representant or (A_COMPLETER if personne_morale else ""),
        "email": p.email or "",
        "telephone": p.telephone or "",
    }


def _a_completer(demandeur: dict[str, Any], debiteur: dict[str, Any]) -> list[str]:
    """Art. 57 mentions the dossier lacks (a requête lacking one is void, CPC 1407)."""
    manque = []
    for qui, p in (("demandeur", demandeur), ("débiteur", debiteur)):
        if p["personne_morale"] and p["forme_juridique"] == A_COMPLETER:
            manque.append(f"{qui} : forme juridique")
        if p["personne_morale"] and p["representant"] == A_COMPLETER:
            manque.append(f"{qui} : organe qui le représente légalement")
    return manque


def _ligne(ligne: LigneFacture) -> dict[str, Any]:
    f = ligne.facture
    accessoires = ligne.accessoires
    indemnite = ligne.indemnite_restante
    return {
        "numero": f.numero,
        "date_emission": f.date_emission,
        "date_echeance": f.date_echeance,
        "montant_ttc": f.montant_ttc,
        "avoirs": ligne.avoirs,
        "paye": ligne.principal_paye,
        "restant_du": ligne.principal,
        "accessoires": accessoires,
        "indemnite": indemnite,
        "total": ligne.principal + accessoires + indemnite,
        "periodes": [
            {"debut": p.debut, "fin": p.fin, "jours": p.jours, "taux": p.taux, "base": p.base,
             "montant": p.montant, "libelle": p.libelle}
            for p in ligne.periodes
        ],
    }  # fmt: skip


def _fondement(dossier: Dossier, d: Decompte, lignes: list[LigneFacture]) -> list[str]:
    """The legal basis, sentence by sentence, by debtor type."""
    numeros = ", ".join(li.facture.numero for li in lignes)
    phrases = [
        f"Créance de nature contractuelle (CPC art. 1405, 1°) : prix des fournitures ou "
        f"prestations facturées et non payées à leur échéance (factures n° {numeros}), "
        "dont le débiteur n'a pas contesté le principe (C. civ. art. 1103 et 1231-6)."
    ]
    type_ = dossier.debiteur.type
    if d.penalites or d.interets:
        if type_ == "professionnel":
            phrases.append(
                "Pénalités de retard exigibles de plein droit du jour suivant l'échéance, sans "
                "rappel (C. com. art. L441-10 II), aux taux indiqués au décompte."
            )
        elif type_ == "personne_publique":
            phrases.append(
                "Intérêts moratoires de la commande publique (C. commande publique art. "
                "L2192-13 et R2192-31)."
            )
        else:
            phrases.append(
                "Intérêts au taux légal à compter de la mise en demeure (C. civ. art. 1231-6 "
                "et 1344-1)."
            )
    if d.indemnites and type_ != "consommateur":
        phrases.append(
            "Indemnité forfaitaire pour frais de recouvrement due pour chaque facture payée en "
            "retard (C. com. art. L441-10 II et D441-5)."
        )
    if dossier.mise_en_demeure is not None:
        phrases.append(
            f"Mise en demeure adressée le {dossier.mise_en_demeure.envoyee_le:%d/%m/%Y} "
            "par lettre recommandée avec avis de réception, restée sans effet (C. civ. art. 1344)."
        )
    return phrases


@dataclass(frozen=True)
class Requete:
    """The content of the requête: a flat mapping for the templates, plus what it rests on."""

    donnees: dict[str, Any]
    decompte: Decompte
    choix: ChoixRoute
    pieces: tuple[Piece, ...]

    @property
    def manquantes(self) -> tuple[Piece, ...]:
        return tuple(p for p in self.pieces if not p.presente)


def requete(
    dossier: Dossier,
    le: date,
    jur: Jurisprudence,
    existe: Callable[[str], bool],
    juridiction_nom: str | None = None,
    juridiction_adresse: tuple[str, ...] | None = None,
) -> Requete:
    """The requête of `dossier` on day `le`. Call `routes.choisir` first: this function
    builds the content whatever the route (the CLI refuses when the route forbids it)."""
    d = calculer(dossier, le, jur)
    choix = choisir(dossier, le, jur, d, juridiction_nom, juridiction_adresse)
    j = choix.juridiction
    assert j is not None
    lignes = [li for li in d.lignes if li.facture.numero in choix.factures]
    pieces = tuple(bordereau(dossier, choix.factures, existe))
    creancier = _partie(
        dossier.creancier, not dossier.creancier.personne_physique_non_professionnelle
    )
    debiteur = _partie(dossier.debiteur, dossier.debiteur.type != "consommateur")
    numero_cerfa = cerfa(j, le, jur)
    nature = d.regime.nature
    accessoires = choix.interets
    donnees: dict[str, Any] = {
        "modele": "requete_injonction",
        "titre": "Requête en injonction de payer",
        "dossier": dossier.reference,
        "reference": f"{dossier.reference}-IP",
        "le": le,
        "lieu": dossier.creancier.adresse.ville,
        "cerfa": numero_cerfa or "",
        "rubriques": list(RUBRIQUES_CERFA),
        "juridiction": _juridiction(j),
        "demandeur": creancier,
        "debiteur": {**debiteur, "type": dossier.debiteur.type},
        "factures": [_ligne(li) for li in lignes],
        "montant": {
            "principal": choix.principal,
            "accessoires": accessoires,
            "nature": nature,
            "libelle_accessoires": "pénalités de retard" if nature == "penalites"
            else "intérêts",
            "indemnites": choix.indemnites,
            "total": choix.total,
        },
        "paiements": [
            {"date": p.date, "montant": p.montant, "regle": p.regle} for p in d.paiements
        ],
        "fondement": _fondement(dossier, d, lignes),
        "pieces": [
            {"numero": p.numero, "libelle": p.libelle, "presente": p.presente} for p in pieces
        ],
        "manquantes": [p.numero for p in pieces if not p.presente],
        "a_completer": _a_completer(creancier, debiteur),
        "factures_prescrites": list(choix.factures_prescrites),
        "avertissements": list(d.avertissements),
        "references": list(dict.fromkeys(REFERENCES_REQUETE + j.references + d.references)),
        "qr": None,
        "a_parfaire": mention(d.arrete_au, d.regime.nature, d.a_parfaire, set(choix.factures)),
    }  # fmt: skip
    return Requete(donnees, d, choix, pieces)


def _juridiction(j: Juridiction) -> dict[str, Any]:
    return {
        "categorie": j.categorie,
        "libelle": j.libelle,
        "juge": j.juge,
        "designation": j.designation,
        "nom": j.nom or "",
        "adresse": list(j.adresse),
        "regle_territoriale": j.regle_territoriale,
        "motif": j.motif,
        "a_verifier": list(j.a_verifier),
    }
