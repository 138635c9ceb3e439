"""The email attempts of a dossier that the contact journal does not show: refused address,
server failure, refusal by the gate at the sending moment, or unconfirmed (`escalade
envoyer`'s outbox). A sent email is already a contact, with its Message-ID.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from escalade.droit.modele import Dossier
from escalade.droit.valeurs import PARIS
from escalade.pilotage.historique import (
    Evenement,
    Transition,
    chronologie,
    evenement_en_dict,
)

ETATS: dict[str, str] = {
    "en_cours": "non confirmé (peut-être parti : à décider avec envoyer --confirmer/--abandonner)",
    "echec": "non envoyé : refusé par le serveur",
    "destinataire_refuse": "non envoyé : adresse refusée par le serveur",
    "refuse": "non envoyé : refusé par le contrôle de conformité",
    "abandonne": "non parti (décision d'un opérateur)",
}


@dataclass(frozen=True)
class TentativeCourriel:
    le: datetime
    modele: str
    destinataire: str
    message_id: str
    etat: str
    erreur: str | None


def evenements_envois(tentatives: Iterable[TentativeCourriel]) -> list[Evenement]:
    resultat = []
    for t in tentatives:
        if t.etat not in ETATS:
            continue  # « envoye »: the contact already tells it
        m = t.le.astimezone(PARIS)
        erreur = f" ({t.erreur})" if t.erreur else ""
        resultat.append(
            Evenement(
                m.date(),
                m.time().replace(second=0, microsecond=0),
                "courriel",
                f"Courriel {t.modele} à {t.destinataire} : {ETATS[t.etat]}{erreur}",
                canal="email",
                objet=t.modele,
                resultat=t.etat,
                document=t.message_id,
            )
        )
    return resultat


def fusionner(evenements: Sequence[Evenement], ajouts: Sequence[Evenement]) -> list[Evenement]:
    """The chronology with each attempt at the end of its day (its order is left as is)."""
    resultat = list(evenements)
    for a in sorted(ajouts, key=lambda e: (e.jour, e.heure or time.min)):
        i = next((k for k, e in enumerate(resultat) if e.jour > a.jour), len(resultat))
        resultat.insert(i, a)
    return resultat


def historique_complet(
    dossier: Dossier,
    transitions: Sequence[Transition] = (),
    tentatives: Iterable[TentativeCourriel] = (),
) -> list[Evenement]:
    """The dossier's chronology with the email attempts the contact journal does not show."""
    return fusionner(chronologie(dossier, transitions), evenements_envois(tentatives))


def historique_en_dict(
    dossier: Dossier,
    transitions: Sequence[Transition] = (),
    tentatives: Iterable[TentativeCourriel] = (),
) -> dict[str, Any]:
    """The JSON of `escalade historique --json` and of the server's `GET /api/dossiers/REF`."""
    return {
        "dossier": dossier.reference,
        "evenements": [
            evenement_en_dict(e) for e in historique_complet(dossier, transitions, tentatives)
        ],
    }
