"""A planned action, the plan's answer for one dossier, and what has been done already.

`Action` is what `escalade.recouvrement.plan.planifier` returns (the step, its date, channel,
document, court, reasons, and, when the gate refuses it, the refusal and the next allowed
moment); `etapes_faites` reads the steps already done from the dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from escalade.droit.modele import Dossier
from escalade.recouvrement.conformite import Decision, decision_en_dict
from escalade.recouvrement.objets_contact import ALIAS_ETAPES
from escalade.recouvrement.regles_conformite import Motif


@dataclass(frozen=True)
class Action:
    dossier: str
    etape: str
    date: date
    canal: str | None
    document: str | None
    juridiction: str | None
    motif: str
    bloquee: bool
    motifs_blocage: tuple[Motif, ...]
    prochain_creneau: datetime | None
    references: tuple[str, ...] = ()


def action_en_dict(a: Action) -> dict[str, Any]:
    blocage = decision_en_dict(Decision(not a.bloquee, a.motifs_blocage, a.prochain_creneau))
    return {
        "dossier": a.dossier,
        "etape": a.etape,
        "date": a.date.isoformat(),
        "canal": a.canal,
        "document": a.document,
        "juridiction": a.juridiction,
        "motif": a.motif,
        "bloquee": a.bloquee,
        "motifs": blocage["motifs"],
        "prochain_creneau": blocage["prochain_creneau"],
        "references": list(a.references),
    }


def etapes_faites(dossier: Dossier) -> dict[str, date]:
    """Each step already done, with the day it was first done (contacts, history, letters)."""
    faites: dict[str, date] = {}
    for c in sorted(dossier.contacts, key=lambda c: c.le):
        etape = ALIAS_ETAPES.get(c.objet, c.objet) if c.canal == "telephone" else c.objet
        faites.setdefault(etape, c.le.date())
    for h in dossier.historique:
        faites.setdefault(h.etape, h.le)
    if dossier.mise_en_demeure is not None:
        faites["mise_en_demeure"] = dossier.mise_en_demeure.envoyee_le
    return faites
