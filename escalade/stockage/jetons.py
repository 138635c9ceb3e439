"""Bearer tokens of the server: issue, revoke, and find the operator behind a token.

A token is `secrets.token_urlsafe(32)` (256 random bits) shown once to the administrator;
the store keeps only its SHA-256 (a fast hash is enough for a random secret of this size:
there is nothing to brute-force). Each token belongs to a registered operator, whose name
is what the server writes to the journal and the audit log, and carries an access role:

- lecture: reads only (plan, dossiers, décomptes, documents, the gate's answer);
- gestionnaire: also records contacts, payments and disputes;
- administrateur: also the GDPR actions and the management of tokens.

Issuing and revoking are written to the append-only audit log, under the name of who did it
(`par`, else the system account running the command: `escalade.stockage.audit`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Connection, select

from escalade.droit.erreurs import EntreeInvalide
from escalade.stockage import schema as s

ROLES_ACCES: Final = ("lecture", "gestionnaire", "administrateur")
_RANG: Final = {r: i for i, r in enumerate(ROLES_ACCES)}


def role_suffit(role: str, exige: str) -> bool:
    """True when `role` grants at least the rights of `exige` (they are nested)."""
    return _RANG[role] >= _RANG[exige]


@dataclass(frozen=True)
class Porteur:
    """Who holds a valid token: the operator's name and the token's access role."""

    operateur: str
    role: str


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode("utf-8")).hexdigest()


def _operateur_id(conn: Connection, nom: str) -> int:
    from escalade.stockage.pilotage import exiger_operateur

    exiger_operateur(conn, nom)
    return int(
        conn.execute(select(s.operateurs.c.id).where(s.operateurs.c.nom == nom)).scalar_one()
    )


def _auditer(
    conn: Connection, action: str, nom: str, role: str, le: datetime, par: str | None
) -> None:
    from escalade.stockage.audit import journaliser

    quoi = "délivré à" if action == "jeton_emis" else "révoqué pour"
    journaliser(conn, action, f"jeton d'accès ({role}) {quoi} {nom}", le, operateur=par)


def emettre_jeton(
    conn: Connection, nom: str, role: str, maintenant: datetime, par: str | None = None
) -> str:
    """A new token for the registered operator `nom`; the clear token is returned once."""
    if role not in ROLES_ACCES:
        raise EntreeInvalide(
            f"rôle d'accès « {role} » inconnu (attendu : {', '.join(ROLES_ACCES)})",
            champ="--role",
        )
    operateur_id = _operateur_id(conn, nom)
    jeton = secrets.token_urlsafe(32)
    conn.execute(
        s.jetons.insert().values(
            operateur_id=operateur_id, empreinte=empreinte(jeton), role=role, cree_le=maintenant
        )
    )
    _auditer(conn, "jeton_emis", nom, role, maintenant, par)
    return jeton


def revoquer_jetons(
    conn: Connection, nom: str, maintenant: datetime, par: str | None = None
) -> int:
    """Revoke every valid token of the operator `nom`; the number revoked."""
    operateur_id = _operateur_id(conn, nom)
    t = s.jetons.c
    actifs = conn.execute(
        select(t.id, t.role).where(t.operateur_id == operateur_id, t.revoque_le.is_(None))
    ).all()
    for ligne in actifs:
        conn.execute(s.jetons.update().where(t.id == ligne.id).values(revoque_le=maintenant))
        _auditer(conn, "jeton_revoque", nom, ligne.role, maintenant, par)
    return len(actifs)


def porteur_du_jeton(conn: Connection, jeton: str) -> Porteur | None:
    """The operator and role of a valid (issued, not revoked) token, else None."""
    t = s.jetons.c
    ligne = conn.execute(
        select(s.operateurs.c.nom, t.role)
        .join(s.operateurs, s.operateurs.c.id == t.operateur_id)
        .where(t.empreinte == empreinte(jeton), t.revoque_le.is_(None))
    ).first()
    return None if ligne is None else Porteur(ligne.nom, ligne.role)
