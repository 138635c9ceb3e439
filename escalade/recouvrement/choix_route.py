"""The answer of the court-route choice: the routes offered, the amounts, and every reason.

`ChoixRoute` is what `escalade.recouvrement.routes.choisir` returns: the routes open, in
order (none: refused, with its `Motif`s), the competent court, the principal, interest and
indemnities of the invoices kept, and the notes; with the helpers that build it step by step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from escalade.droit.juridiction import Juridiction

Route = Literal["injonction_de_payer", "petites_creances", "assignation"]


@dataclass(frozen=True)
class Motif:
    code: str
    message: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class ChoixRoute:
    dossier: str
    le: date
    routes: tuple[Route, ...]  # the routes offered, in order (empty: refused)
    possible_le: date | None  # first day a route is open (the day after the deadline)
    juridiction: Juridiction | None
    principal: Decimal  # of the invoices kept (not prescribed)
    interets: Decimal  # penalties or interest of the invoices kept
    indemnites: Decimal
    plafond_petites_creances: Decimal | None
    factures: tuple[str, ...]  # invoices claimed
    factures_prescrites: tuple[str, ...]
    factures_en_litige: tuple[str, ...]
    motif: str
    refus: tuple[Motif, ...] = ()
    notes: tuple[Motif, ...] = ()
    references: tuple[str, ...] = field(default_factory=tuple)

    @property
    def route(self) -> Route | None:
        return self.routes[0] if self.routes else None

    @property
    def montant_r125_1(self) -> Decimal:
        """Principal and interest, as CPCE R125-1 counts the small-claims threshold."""
        return self.principal + self.interets

    @property
    def total(self) -> Decimal:
        return self.principal + self.interets + self.indemnites


def refuser(base: ChoixRoute, code: str, message: str, articles: tuple[str, ...]) -> ChoixRoute:
    refs = tuple(dict.fromkeys(base.references + articles))
    return replace(
        base, routes=(), refus=(*base.refus, Motif(code, message, articles)),
        motif=message, references=refs,
    )  # fmt: skip


def avec(base: ChoixRoute, **champs: object) -> ChoixRoute:
    return replace(base, **champs)  # type: ignore[arg-type]


def avec_note(base: ChoixRoute, note: Motif) -> ChoixRoute:
    return avec(base, notes=(*base.notes, note))
