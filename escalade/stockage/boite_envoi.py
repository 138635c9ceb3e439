"""The outbox of `escalade envoyer`: each email attempt and its state (table `envois`).

States: « en_cours » (written before the SMTP transaction), « envoye » (the server accepted
the message; set in the transaction that records the contact), « echec » (the server said
no, temporarily or for good: nothing was sent, no contact kept; the plan offers it again),
« destinataire_refuse » (the server refused the address: recorded on the dossier, nothing
sent), « refuse » (the compliance gate refused it at the sending moment), « abandonne »
(an operator decided that an « en_cours » message did not leave).

An « en_cours » row found later means the process stopped between the two writes (killed,
connection lost during DATA): the message may or may not have left. It is listed for a
decision (`envoyer --confirmer` / `--abandonner`) and its dossier gets no other email
until then: never sent twice automatically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, select, update

from escalade.droit.erreurs import EntreeInvalide
from escalade.stockage import schema as s
from escalade.stockage.cles import id_insere

EN_COURS: Final = "en_cours"
ENVOYE: Final = "envoye"
ECHEC: Final = "echec"
DESTINATAIRE_REFUSE: Final = "destinataire_refuse"
REFUSE: Final = "refuse"
ABANDONNE: Final = "abandonne"
ETATS_FR: Final = {
    EN_COURS: "en cours (non confirmé)",
    ENVOYE: "envoyé",
    ECHEC: "échec (non envoyé)",
    DESTINATAIRE_REFUSE: "adresse refusée par le serveur",
    REFUSE: "refusé par le contrôle de conformité",
    ABANDONNE: "abandonné (non envoyé)",
}


@dataclass(frozen=True)
class Envoi:
    id: int
    dossier: str
    modele: str
    destinataire: str
    message_id: str
    le: datetime
    etat: str
    contact_id: int | None
    erreur: str | None


def _requete():  # type: ignore[no-untyped-def]
    e, d = s.envois.c, s.dossiers.c
    return select(
        e.id,
        d.reference,
        e.modele,
        e.destinataire,
        e.message_id,
        e.le,
        e.etat,
        e.contact_id,
        e.erreur,
    ).join(s.dossiers, d.id == e.dossier_id)


def _envoi(r: Any) -> Envoi:
    return Envoi(*tuple(r))


def ouvrir(
    conn: Connection,
    dossier_id: int,
    modele: str,
    destinataire: str,
    message_id: str,
    le: datetime,
    maintenant: datetime,
) -> int:
    """Write the « en_cours » row (its own committed transaction, before any SMTP)."""
    return id_insere(
        conn.execute(
            s.envois.insert().values(
                dossier_id=dossier_id,
                modele=modele,
                destinataire=destinataire,
                message_id=message_id,
                le=le,
                etat=EN_COURS,
                cree_le=maintenant,
            )
        )
    )


def clore(
    conn: Connection,
    envoi_id: int,
    etat: str,
    maintenant: datetime,
    *,
    contact_id: int | None = None,
    erreur: str | None = None,
) -> None:
    """Move an attempt out of « en_cours » (only from it: a closed row never changes)."""
    conn.execute(
        update(s.envois)
        .where(s.envois.c.id == envoi_id, s.envois.c.etat == EN_COURS)
        .values(etat=etat, confirme_le=maintenant, contact_id=contact_id, erreur=erreur)
    )


def non_confirmes(conn: Connection) -> list[Envoi]:
    """The « en_cours » attempts: to decide, never resent."""
    return [
        _envoi(r)
        for r in conn.execute(_requete().where(s.envois.c.etat == EN_COURS).order_by(s.envois.c.id))
    ]


def dossiers_en_suspens(conn: Connection, dossier_ids: Sequence[int]) -> set[int]:
    """Dossiers with an unconfirmed email: no other email until it is decided."""
    if not dossier_ids:
        return set()
    e = s.envois.c
    return set(
        conn.execute(
            select(e.dossier_id).where(e.etat == EN_COURS, e.dossier_id.in_(dossier_ids))
        ).scalars()
    )


def par_message_id(conn: Connection, message_id: str) -> Envoi:
    r = conn.execute(_requete().where(s.envois.c.message_id == message_id)).first()
    if r is None:
        raise EntreeInvalide(
            f"aucun courriel de Message-ID {message_id} dans la boîte d'envoi",
            champ="MESSAGE_ID",
        )
    return _envoi(r)


def du_dossier(conn: Connection, dossier_id: int) -> list[Envoi]:
    """Every attempt on a dossier, oldest first (its history of emails)."""
    return [
        _envoi(r)
        for r in conn.execute(
            _requete().where(s.envois.c.dossier_id == dossier_id).order_by(s.envois.c.id)
        )
    ]
