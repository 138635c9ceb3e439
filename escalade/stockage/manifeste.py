"""`escalade contact --manifeste`: a whole batch of posted letters recorded in one command.

The manifest is the one `escalade lot` writes (`escalade.documents.lot.COLONNES`): one row
per letter with its file and SHA-256, and the registered-letter number the operator filled
in (`numero_lrar`). Each row becomes a contact — channel « lrar » when a number is given,
else « courrier » — whose `document` names the file and its SHA-256 and whose result and
note carry the LRAR number (shown by `historique`), each through the gate at its own
moment (`journal.enregistrer_contact`).
A mise en demeure posted by LRAR is also recorded as sent, with its number
(`MiseEnDemeureEnvoyee`), so that `mise-en-demeure recue --lrar NUMERO` finds it later.

Read and checked whole before anything is written (a bad row: exit 2, nothing recorded): a
letter file still next to the manifest must have the SHA-256 the manifest says. Running it
twice records nothing twice: a row whose document (file and SHA-256) is already in the
dossier's journal is reported « déjà enregistré ».
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Connection, Engine, select

from escalade.documents.catalogue import INTERNES, canonique, decouper
from escalade.documents.sortie import sha256_fichier
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Contact
from escalade.stockage import schema as s
from escalade.stockage.depot import identifiants
from escalade.stockage.journal import enregistrer_contact
from escalade.stockage.moteur import transaction_lecture

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.politique_modele import Politique

OBLIGATOIRES: Final = ("dossier", "document", "fichier", "sha256")
TAILLE_MAX: Final = 50 * 1024 * 1024
NOTE_LRAR: Final = "LRAR n° "
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LRAR = re.compile(r"[0-9A-Za-z ]{6,30}")


@dataclass(frozen=True)
class LettrePostee:
    ligne: int
    dossier: str
    document: str
    fichier: str
    sha256: str
    numero_lrar: str | None

    @property
    def piece(self) -> str:
        """The contact's `document`: the file and its fingerprint."""
        return f"{self.fichier} (SHA-256 {self.sha256})"


@dataclass(frozen=True)
class Issue:
    lettre: LettrePostee
    etat: str  # enregistre, deja_enregistre, refuse, ecarte
    motif: str | None = None


def lire(chemin: Path) -> list[LettrePostee]:
    """Every row of the manifest, checked; a French error naming the file, line and field."""
    if not chemin.is_file():
        raise EntreeInvalide("manifeste introuvable", fichier=str(chemin))
    if chemin.stat().st_size > TAILLE_MAX:
        raise EntreeInvalide("manifeste trop volumineux (50 Mo au plus)", fichier=str(chemin))
    with chemin.open(encoding="utf-8-sig", newline="") as f:
        lecteur = csv.DictReader(f)
        absentes = [c for c in OBLIGATOIRES if c not in (lecteur.fieldnames or [])]
        if absentes:
            raise EntreeInvalide(
                f"colonnes obligatoires absentes : {', '.join(absentes)} (manifeste écrit par "
                "« escalade lot »)",
                fichier=str(chemin),
            )
        lettres = [_lettre(chemin, n, row) for n, row in enumerate(lecteur, start=2)]
    if not lettres:
        raise EntreeInvalide("manifeste vide : aucune lettre à enregistrer", fichier=str(chemin))
    return lettres


def _lettre(chemin: Path, n: int, row: dict[str, str | None]) -> LettrePostee:
    def champ(nom: str) -> str:
        return (row.get(nom) or "").strip()

    ou = f"{chemin}, ligne {n}"
    for nom in OBLIGATOIRES:
        if not champ(nom):
            raise EntreeInvalide("valeur manquante", fichier=ou, champ=nom)
    empreinte = champ("sha256").lower()
    if not _SHA256.fullmatch(empreinte):
        raise EntreeInvalide(
            "empreinte SHA-256 invalide (64 chiffres hexadécimaux)", fichier=ou, champ="sha256"
        )
    numero = champ("numero_lrar") or None
    if numero is not None and not _LRAR.fullmatch(numero):
        raise EntreeInvalide(
            "numéro de recommandé invalide (6 à 30 lettres ou chiffres)",
            fichier=ou,
            champ="numero_lrar",
        )
    fichier = champ("fichier")
    piece = chemin.parent / fichier
    if piece.is_file() and sha256_fichier(piece) != empreinte:
        raise EntreeInvalide(
            f"la lettre {fichier} a changé depuis le lot (SHA-256 différente) : ce n'est pas "
            "le document du manifeste",
            fichier=ou,
            champ="sha256",
        )
    return LettrePostee(n, champ("dossier"), champ("document"), fichier, empreinte, numero)


def _deja(conn: Connection, dossier_id: int, piece: str) -> bool:
    c = s.contacts.c
    return (
        conn.execute(select(c.id).where(c.dossier_id == dossier_id, c.document == piece)).first()
        is not None
    )


def enregistrer(
    m: Engine,
    lettres: list[LettrePostee],
    politique: Politique,
    jur: Jurisprudence,
    moment: Callable[[], datetime],
    maintenant: Callable[[], datetime],
    operateur: str | None = None,
) -> list[Issue]:
    """Record each posted letter through the gate at its own moment (`moment()`)."""
    issues: list[Issue] = []
    for lettre in lettres:
        base = decouper(canonique(lettre.document))[0]
        if base in INTERNES:
            issues.append(Issue(lettre, "ecarte", "document interne : jamais posté"))
            continue
        with transaction_lecture(m) as conn:
            dossier_id, _ = identifiants(conn, lettre.dossier)
            if _deja(conn, dossier_id, lettre.piece):
                issues.append(Issue(lettre, "deja_enregistre"))
                continue
        le = moment()
        contact = Contact.model_validate(
            {
                "le": le,
                "canal": "lrar" if lettre.numero_lrar else "courrier",
                "objet": base,
                "document": lettre.piece,
                "resultat": f"posté, {NOTE_LRAR}{lettre.numero_lrar}"
                if lettre.numero_lrar
                else "posté",
                "operateur": operateur,
                "note": f"{NOTE_LRAR}{lettre.numero_lrar}" if lettre.numero_lrar else None,
            }
        )
        # The gate is asked at the letter's own moment (its posting), not at the recording.
        r = enregistrer_contact(m, lettre.dossier, contact, politique, jur, contact.le)
        if r.deja_enregistre:
            issues.append(Issue(lettre, "deja_enregistre"))
        elif not r.enregistre:
            assert r.decision is not None
            motif = " ; ".join(f"[{mo.code}] {mo.message}" for mo in r.decision.motifs)
            issues.append(Issue(lettre, "refuse", motif))
        else:
            if base == "mise_en_demeure" and lettre.numero_lrar:
                _mise_en_demeure_envoyee(m, lettre, le, jur, maintenant(), operateur)
            issues.append(Issue(lettre, "enregistre"))
    return issues


def _mise_en_demeure_envoyee(
    m: Engine,
    lettre: LettrePostee,
    le: datetime,
    jur: Jurisprudence,
    maintenant: datetime,
    operateur: str | None,
) -> None:
    from escalade.procedures.evenements import MiseEnDemeureEnvoyee
    from escalade.recouvrement.mise_en_demeure import delai_usuel
    from escalade.stockage.transitions import enregistrer_transition

    jour = le.date()
    evenement = MiseEnDemeureEnvoyee(
        envoyee_le=jour, delai_jours=delai_usuel(jur, jour), numero_lrar=lettre.numero_lrar
    )
    enregistrer_transition(m, lettre.dossier, evenement, jour, jur, maintenant, operateur)


def dossier_par_lrar(conn: Connection, numero: str) -> str:
    """The dossier whose posted letter bears this registered-letter number."""
    c, d = s.contacts.c, s.dossiers.c
    references = sorted(
        set(
            conn.execute(
                select(d.reference)
                .join(s.contacts, c.dossier_id == d.id)
                .where(c.note == f"{NOTE_LRAR}{numero.strip()}")
            ).scalars()
        )
    )
    if not references:
        raise EntreeInvalide(
            f"aucune lettre recommandée n° {numero} au journal (enregistrez d'abord son envoi : "
            "escalade contact --manifeste)",
            champ="--lrar",
        )
    if len(references) > 1:
        raise EntreeInvalide(
            f"le n° {numero} figure sur plusieurs dossiers ({', '.join(references)}) : "
            "précisez le dossier",
            champ="--lrar",
        )
    return references[0]
