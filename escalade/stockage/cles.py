"""The natural keys of the store (debtor, creditor, contact, history entry) and the key of a
row just inserted: what makes a re-import find the row it already wrote.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from sqlalchemy import CursorResult

from escalade.droit.modele import Contact, Dossier, EtapeDatee, Paiement
from escalade.droit.parties import Debiteur
from escalade.droit.valeurs import PARIS

# The key columns' lengths (escalade.stockage.schema): debtor and creditor keys 200,
# contact and history keys 300.
LONGUEUR_CLE_PARTIE = 200
LONGUEUR_CLE_EVENEMENT = 300


def borner(cle: str, longueur: int) -> str:
    """A key within its column: unchanged when it fits, else its head and the SHA-256 of the
    whole key (the same long text gives the same key; two long texts differ by their digest).
    """
    if len(cle) <= longueur:
        return cle
    empreinte = hashlib.sha256(cle.encode()).hexdigest()
    return f"{cle[: longueur - len(empreinte) - 1]}#{empreinte}"


def normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", sans_accents.lower()).strip()


def cle_debiteur(d: Debiteur) -> str:
    """The debtor as a person: its SIREN (a legal person), else its name and postal code."""
    siren = d.siren or (d.siret[:9] if d.siret else None)
    if siren:
        return f"siren:{siren}"
    return borner(f"nom:{normaliser(d.nom)}|{d.adresse.code_postal}", LONGUEUR_CLE_PARTIE)


def cle_creancier(dossier: Dossier) -> str:
    c = dossier.creancier
    siren = c.siren or (c.siret[:9] if c.siret else None)
    if siren:
        return f"siren:{siren}"
    return borner(f"nom:{normaliser(c.nom)}|{c.adresse.code_postal}", LONGUEUR_CLE_PARTIE)


def cle_contact(c: Contact) -> str:
    return borner(
        f"{c.le.astimezone(PARIS).isoformat()}|{c.canal}|{c.objet}", LONGUEUR_CLE_EVENEMENT
    )


def cle_paiement(p: Paiement) -> str:
    """A payment with a reference is that reference and its invoice (a corrected file updates
    its date and amount; one bank credit split over several invoices of a dossier by
    `rapprochement` stays several payments); without one, its date, amount and invoice.
    Migration 0008 re-keys the payments stored before."""
    if p.reference:
        return f"ref|{p.reference}|{p.facture or ''}"
    return (
        "|".join(
            "" if x is None else x for x in (p.date.isoformat(), format(p.montant, "f"), p.facture)
        )
        + "|"
    )


def cle_etape(e: EtapeDatee) -> str:
    return borner(f"{e.etape}|{e.le.isoformat()}|{e.motif or ''}", LONGUEUR_CLE_EVENEMENT)


def id_insere(resultat: CursorResult[Any]) -> int:
    """The primary key of the row a single-row INSERT has just written."""
    cle = resultat.inserted_primary_key
    if cle is None:  # typed Optional by SQLAlchemy; a single-row INSERT always has one
        raise RuntimeError("l'insertion n'a pas rendu la clé primaire de la ligne écrite")
    return int(cle[0])
