"""The record of processing activities (RGPD art. 30) of the collection activity.

Built from the configuration (the controller's identity, extra recipients and security
measures given by the user) and from the retention policy actually applied by the purge,
so the record and the tool never disagree on a period.

Legal bases (art. 6.1): the performance of the contract whose price is claimed (b), the
legal obligation to keep accounting documents (c, C. com. L123-22), the creditor's
legitimate interest in recovering its claim and keeping evidence of it until limitation (f).
Which basis the CNIL expects for pre-litigation and litigation under its référentiel
2021-131 is UNCONFIRMED (LEGAL.md §12): the record says so.

References: RGPD art. 30, 6.1, 5.1.e, 32, 44; CNIL délibération n° 2021-131.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from escalade.rgpd.regles_conservation import (
    CATEGORIES,
    LIBELLES,
    PRESCRIPTION,
    PolitiqueConservation,
)

A_COMPLETER: Final = "à compléter"

FINALITES: Final = (
    "Suivi des factures impayées et relances amiables (courriel, SMS, téléphone, courrier)",
    "Mise en demeure et décompte des sommes dues (pénalités, intérêts, indemnités)",
    "Procédures judiciaires de recouvrement (injonction de payer, petites créances) et "
    "déclaration des créances en procédure collective",
    "Contrôle de conformité des contacts (horaires, fréquence, canaux refusés) et journal d'audit",
    "Réponse aux demandes d'exercice des droits des personnes (accès, portabilité, effacement)",
)

BASES_LEGALES: Final = (
    {
        "article": "RGPD art. 6.1.b",
        "base": "exécution du contrat dont le prix est réclamé",
        "finalites": "relances et recouvrement de la créance contractuelle",
    },
    {
        "article": "RGPD art. 6.1.c",
        "base": "obligation légale",
        "finalites": "conservation des pièces comptables (C. com. art. L123-22)",
    },
    {
        "article": "RGPD art. 6.1.f",
        "base": "intérêt légitime du créancier",
        "finalites": "précontentieux, contentieux et preuve de la créance jusqu'à sa "
        "prescription ; journal d'audit",
        "reserve": "base attendue par la CNIL pour le précontentieux et le contentieux dans le "
        "référentiel 2021-131 : NON CONFIRMÉE",
    },
)

PERSONNES: Final = (
    "Débiteurs personnes physiques (consommateurs, entrepreneurs individuels)",
    "Représentants et interlocuteurs des débiteurs personnes morales",
    "Opérateurs du créancier ou de son mandataire (journal des contacts et d'audit)",
)

DONNEES: Final[Mapping[str, str]] = {
    "identite_coordonnees": "nom, adresse, courriel, téléphone, SIREN/SIRET, représentant, "
    "interlocuteurs",
    "journal_contacts_notes": "date, canal, objet et résultat des contacts ; notes libres "
    "(sans donnée sensible : contrôle à la saisie) ; motifs de litige",
    "documents_produits": "relances, mise en demeure (numéro LRAR), requêtes",
    "montants_factures": "factures, paiements, avoirs, échéanciers, décomptes",
    "journal_audit": "qui a fait quoi et quand : import, contact, transition, document, "
    "dérogation, purge, export",
}

DESTINATAIRES: Final = (
    "Personnel habilité du créancier (recouvrement, comptabilité)",
    "Mandataire de recouvrement amiable, le cas échéant (CPCE art. L124-1)",
    "Commissaire de justice (petites créances, signification, exécution)",
    "Greffe et juridiction saisie (injonction de payer, assignation)",
    "Mandataire judiciaire en cas de procédure collective (C. com. art. L622-24)",
)

MESURES_OUTIL: Final = (
    "Journal des contacts, historique des étapes et journal d'audit en ajout seul "
    "(déclencheurs refusant modification et suppression hors purge)",
    "Purge effective : effacement sécurisé et compactage du fichier SQLite "
    "(secure_delete, VACUUM), suppression des lignes sous PostgreSQL",
    "Contrôle de conformité avant chaque contact ; dérogations motivées et journalisées",
    "Alerte à la saisie des notes sensibles ou excessives",
    "Export des données d'une personne (articles 15 et 20)",
)


@dataclass(frozen=True)
class ConfigurationRegistre:
    """What only the user knows: the controller, its DPO, extra recipients and measures."""

    responsable: str = A_COMPLETER
    adresse: str = A_COMPLETER
    contact: str = A_COMPLETER
    dpo: str | None = None
    destinataires: Sequence[str] = ()
    mesures: Sequence[str] = ()
    stockage: str = "SQLite (fichier local)"
    transferts_hors_ue: str = "aucun"


@dataclass(frozen=True)
class Registre:
    fiche: Mapping[str, Any]
    references: tuple[str, ...] = field(
        default=("RGPD art. 30", "RGPD art. 6.1", "RGPD art. 5.1.e", "RGPD art. 32")
    )


def _durees(p: PolitiqueConservation) -> list[dict[str, str]]:
    archive = ", ".join(
        f"{t.replace('_', ' ')} : {ans} ans ({PRESCRIPTION[t]})"
        for t, ans in p.prescription_ans.items()
    )
    actif = f"{p.base_active_ans} ans après la fin de la relation (CNIL, délibération n° 2021-131)"
    archivage = f"puis archive intermédiaire pour la prescription ({archive})"
    notes = f"{actif}, {archivage}" if p.notes_en_archive else f"{actif}, puis effacement"
    textes = {
        "identite_coordonnees": f"{actif}, {archivage}, puis pseudonymisation",
        "journal_contacts_notes": notes,
        "documents_produits": f"{actif}, {archivage}, puis effacement",
        "montants_factures": f"{p.pieces_comptables_ans} ans (C. com. art. L123-22), puis "
        "effacement des pièces ; montants et dates conservés sans lien avec une personne",
        "journal_audit": "aligné sur l'archive du dossier, puis effacement des motifs libres "
        "(aucun texte ne fixe cette durée : NON CONFIRMÉE)",
    }
    return [{"categorie": c, "libelle": LIBELLES[c], "duree": textes[c]} for c in CATEGORIES]


def registre(config: ConfigurationRegistre, politique: PolitiqueConservation) -> Registre:
    """The art. 30 record of the collection activity."""
    return Registre(
        fiche={
            "traitement": "Recouvrement de créances impayées (escalade)",
            "responsable": {
                "nom": config.responsable,
                "adresse": config.adresse,
                "contact": config.contact,
                "delegue_protection_donnees": config.dpo or A_COMPLETER,
            },
            "finalites": list(FINALITES),
            "bases_legales": [dict(b) for b in BASES_LEGALES],
            "categories_personnes": list(PERSONNES),
            "categories_donnees": [
                {"categorie": c, "libelle": LIBELLES[c], "donnees": DONNEES[c]} for c in CATEGORIES
            ],
            "donnees_sensibles": "aucune (RGPD art. 9 et 10) : les notes libres sont "
            "contrôlées à la saisie",
            "destinataires": [*DESTINATAIRES, *config.destinataires],
            "transferts_hors_ue": config.transferts_hors_ue,
            "durees_conservation": _durees(politique),
            "mesures_securite": [
                f"Stockage : {config.stockage}",
                *MESURES_OUTIL,
                *config.mesures,
            ],
        }
    )
