"""The documents escalade produces: their names, titles, reference suffixes and families,
their A/B variants, the file name of a rendered document and the context type they share.

An A/B test (escalade.recouvrement.ab_test) names the wording a dossier gets: relance_1
(variant A) or relance_1@B, whose templates are modeles_lettres/relance_1@B.html and
.docx. A variant shares its document's context and mandatory mentions; only the wording
differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from escalade.documents.emplacement_modeles import dossiers_modeles
from escalade.documents.mentions import Mention
from escalade.droit.decompte import Decompte
from escalade.droit.erreurs import EntreeInvalide

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
INTERNES: Final = frozenset({"fiche_appel"})  # never posted: kept out of the print pile
ENVOYES: Final = frozenset(MODELES) - INTERNES
RAPPELS: Final = frozenset(
    {"relance_1", "relance_2", "confirmation_appel", "derniere_relance", "mise_en_demeure"}
)
# Contacts demanding payment: the reminders, and the call sheet that prepares a call (a
# call is a contact too). The gate's claim-side answer decides whether they may be made;
# the décompte and the échéancier stay producible (a claim declaration, accessories).
DEMANDES_DE_PAIEMENT: Final = RAPPELS | {"fiche_appel"}


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


_SURS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")


def nom_sur(texte: str) -> str:
    """A file-name-safe form of a reference, injective: two references never share a file.

    ASCII letters, digits, '-' and '.' stay; every other character (the '_' that separates
    the parts of a file name included) becomes %XX per UTF-8 byte: 'X/0' -> 'X%2F0',
    'X_0' -> 'X%5F0'. A leading '.' is escaped too (no hidden file, no '..')."""
    sur = "".join(
        c if c in _SURS else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in texte
    )
    return "%2E" + sur[1:] if sur.startswith(".") else sur


def nom_fichier(reference: str, modele: str, le: date, extension: str | None = None) -> str:
    """'D-2026-001_relance_1_2026-06-30' (+ '.pdf'): one file per dossier, document and day."""
    nom = f"{nom_sur(reference)}_{modele}_{le.isoformat()}"
    return f"{nom}.{extension}" if extension else nom


# --- A/B variants ------------------------------------------------------------------------

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
    """The variants of a document, shipped or in the firm's folder (a template file in
    either format)."""
    noms = {
        p.stem
        for dossier in dossiers_modeles()
        for p in dossier.glob(f"{base}{SEPARATEUR_VARIANTE}*")
        if p.suffix in (".html", ".docx")
    }
    return sorted(noms)


def verifier_modele(modele: str) -> None:
    base, variante = decouper(modele)
    if base not in MODELES:
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
