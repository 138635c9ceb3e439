"""Credits of a bank statement and their identity (shared by the CAMT.053, CSV and zip readers).

Each credit has a stable identity so that it is never matched twice: the bank's reference
(AcctSvcrRef, plus the transaction's rank in a batch), else a hash of what tells two
payments apart: date, amount, label, end-to-end id, payer's name and account, and the rank
of that same combination in the statement (its position among identical credits), which
stays the same when the statement is exported again with other lines around it. Two
transfers of the same amount on the same day from two payers thus get two identities.

Two credits of one statement without a bank reference that agree on all of these (an
ambiguous pair: two cheques of the same amount, the same day, same label) keep two
identities (their ranks differ) and are marked `doublon`: neither is dropped, and the
matching lists them for a person to confirm rather than recording them on its own.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal


@dataclass(frozen=True)
class Credit:
    """Money received on the creditor's account."""

    identite: str
    # datetime.date: in this class body a bare `date` names the field, not the type.
    date: datetime.date
    montant: Decimal
    libelle: str
    reference: str | None = None  # structured creditor reference (CdtrRefInf/Ref)
    debiteur: str | None = None  # payer's name
    date_valeur: datetime.date | None = None
    reference_bancaire: str | None = None  # AcctSvcrRef
    bout_en_bout: str | None = None  # EndToEndId
    ligne: int | None = None  # where it is in the file
    compte_payeur: str | None = None  # DbtrAcct (IBAN or other id)
    doublon: bool = False  # identical to another credit of its statement, bar the rank
    # The identity earlier versions gave (date, amount, label, rank only), when it differs:
    # a credit recorded under it may be this one, or another payer's (the old collision).
    identite_ancienne: str | None = None
    fichier: str | None = None  # the statement (or archive member) it comes from


@dataclass(frozen=True)
class Releve:
    credits: tuple[Credit, ...]
    ignores: tuple[tuple[int | None, str], ...]  # (line, reason) of entries not read as credits
    remarques: tuple[tuple[int | None, str], ...] = ()  # (line, what was assumed) of read ones


def _texte_cle(texte: str | None) -> str:
    return " ".join((texte or "").split()).lower()


def _cle(c: Credit) -> tuple[str, ...]:
    return (
        c.date.isoformat(),
        format(c.montant, "f"),
        _texte_cle(c.libelle),
        c.bout_en_bout or "",
        _texte_cle(c.debiteur),
        (c.compte_payeur or "").replace(" ", "").upper(),
    )


def _empreinte(cle: tuple[str, ...], rang: int) -> str:
    # The historical form (date|amount|label|rank) is kept when nothing else is known, so
    # that credits already recorded keep their identity.
    date_, montant, libelle, e2e, payeur, compte = cle
    texte = f"{date_}|{montant}|{libelle}|{rang}"
    if e2e or payeur or compte:
        texte += f"|e2e={e2e}|payeur={payeur}|compte={compte}"
    return "h:" + hashlib.sha256(texte.encode()).hexdigest()[:24]


def identites_par_hachage(credits: list[Credit]) -> None:
    """Fill the identity of the credits without a bank reference (in place), linear."""
    cles = [_cle(c) for c in credits]
    nombre = Counter(cle for cle, c in zip(cles, credits, strict=True) if not c.identite)
    vus: Counter[tuple[str, ...]] = Counter()
    anciens: Counter[tuple[str, ...]] = Counter()
    for i, (c, cle) in enumerate(zip(credits, cles, strict=True)):
        rang = vus[cle]
        vus[cle] += 1
        ancienne_cle = (*cle[:3], "", "", "")
        rang_ancien = anciens[ancienne_cle]
        anciens[ancienne_cle] += 1
        if not c.identite:
            identite = _empreinte(cle, rang)
            ancienne = _empreinte(ancienne_cle, rang_ancien)
            credits[i] = replace(
                c,
                identite=identite,
                doublon=nombre[cle] > 1,
                identite_ancienne=ancienne if ancienne != identite else None,
            )
