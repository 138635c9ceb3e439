"""FEC lettering: each customer's invoices, payments and credit notes rebuilt from its lines.

From the customer-account lines of a FEC (`escalade.entrees.fec_lignes`), only per-invoice
aggregates are kept, never the lines:

- a debit on a customer account is an invoice, numbered by its PieceRef (the debits of
  one PieceRef add up);
- lines sharing a lettering code (EcritureLet) form a group: its credits pay its invoices,
  oldest first; a group whose debits and credits do not balance (partial lettering)
  leaves the difference open on its last invoice, and an excess credit stays a payment
  that names no invoice (imputed by C. civ. art. 1342-10 in the décompte);
- a credit booked in a sales or credit-note journal is a credit note (avoir) on the
  invoice it is lettered with (or whose number its label names; else on the oldest
  invoice, and reported); any other credit is a payment;
- an unlettered credit is a payment that names no invoice.

Two entries are never merged into one invoice: an invoice is the debits of one invoice
number (`LigneClient.numero`) within one entry (journal and EcritureNum, or date when the
export numbers nothing); two entries with the same number (a monthly batch « VE 0323 »)
are told apart by their entry.

Opening balances (« à nouveau » lines, `LigneClient.ouverture`) are the previous year's
open items, not invoices of the opening date: the payments lettered with them, or lettered
with nothing of this year, or not lettered, settle them first. What remains open is taken
from the previous year's FEC when it is given (its open invoices, with their own numbers
and dates, oldest first); otherwise it is reported and not turned into an invoice: an
invoice dated the opening day would misstate the limitation period and the interest.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from escalade.entrees.fec_lignes import LigneClient, cle_colonne, reference_utile

ZERO = Decimal(0)
_MOTS_AVOIRS = ("vente", "avoir", "factur")


@dataclass
class _Piece:
    """An invoice: the debits of one PieceRef on one customer account."""

    numero: str
    date: date
    montant: Decimal = ZERO
    premiere_ligne: int = 0
    ecriture: str = ""  # journal and EcritureNum (or date): tells two entries apart
    ouverture: bool = False


@dataclass
class _Credit:
    date: date
    montant: Decimal
    piece: str
    libelle: str
    avoir: bool
    ligne: int
    ecriture: str  # journal and entry number: stable from one export to the next


@dataclass
class _Groupe:
    """The lines of one lettering code: invoice amounts and credits."""

    debits: dict[str, Decimal] = field(default_factory=dict)
    credits: list[_Credit] = field(default_factory=list)


@dataclass
class _Compte:
    client: str
    libelle: str
    pieces: dict[str, _Piece] = field(default_factory=dict)
    groupes: dict[str, _Groupe] = field(default_factory=dict)
    libres: list[_Credit] = field(default_factory=list)


@dataclass(frozen=True)
class ClientFEC:
    """A customer's invoices, payments and credit notes as the FEC's lettering shows them."""

    client: str
    libelle: str
    factures: tuple[dict[str, Any], ...]
    paiements: tuple[dict[str, Any], ...]
    avoirs: tuple[dict[str, Any], ...]
    signalements: tuple[str, ...]
    # The opening balance left open whose invoices could not be taken back (reported).
    ouverture_non_reprise: Decimal = ZERO

    def restant(self) -> Decimal:
        """What the lettering leaves open (invoices less their payments and credit notes)."""
        total = sum((Decimal(f["montant_ttc"]) for f in self.factures), ZERO)
        payes = sum((Decimal(p["montant"]) for p in self.paiements), ZERO)
        avoirs = sum((Decimal(a["montant"]) for a in self.avoirs), ZERO)
        return total - payes - avoirs


@lru_cache(maxsize=1024)
def _est_journal_avoirs(code: str, libelle: str, journaux: frozenset[str] | None) -> bool:
    if journaux is not None:
        return code in journaux
    texte = cle_colonne(libelle)
    return any(mot in texte for mot in _MOTS_AVOIRS)


def lire_fec(
    lignes: Iterable[LigneClient],
    journaux_avoirs: frozenset[str] | None = None,
    precedent: dict[str, ClientFEC] | None = None,
) -> Iterator[ClientFEC]:
    """Rebuild each customer's invoices, payments and credit notes from its lines.

    `precedent`: the customers of the previous year's FEC, whose open invoices replace
    the opening balances."""
    comptes: dict[str, _Compte] = {}
    # Millions of small acyclic objects: the cyclic garbage collector would rescan them
    # again and again for nothing; it is paused while they are built.
    actif = gc.isenabled()
    gc.disable()
    try:
        for ligne in lignes:
            compte = comptes.get(ligne.client)
            if compte is None:
                compte = comptes[ligne.client] = _Compte(ligne.client, ligne.client_lib)
            _ajouter(compte, ligne, journaux_avoirs)
    finally:
        if actif:
            gc.enable()
    for cle in sorted(comptes):
        yield _client_fec(comptes.pop(cle), (precedent or {}).get(cle), precedent is not None)


def _ajouter(compte: _Compte, ligne: LigneClient, journaux: frozenset[str] | None) -> None:
    groupe = None
    if ligne.lettre:
        groupe = compte.groupes.get(ligne.lettre)
        if groupe is None:
            groupe = compte.groupes[ligne.lettre] = _Groupe()
    if ligne.debit:
        numero = ligne.numero or ligne.piece
        ecriture = ligne.ecriture_num if reference_utile(ligne.ecriture_num) else ""
        ecriture = f"{ligne.journal} {ecriture or ligne.ecriture_date.isoformat()}"
        cle = f"{numero}\x1f{ecriture}"
        piece = compte.pieces.get(cle)
        if piece is None:
            piece = compte.pieces[cle] = _Piece(
                numero,
                ligne.piece_date,
                premiere_ligne=ligne.ligne,
                ecriture=ecriture,
                ouverture=ligne.ouverture,
            )
        piece.montant += ligne.debit
        piece.date = min(piece.date, ligne.piece_date)
        if groupe is not None:
            groupe.debits[cle] = groupe.debits.get(cle, ZERO) + ligne.debit
    if ligne.credit:
        credit = _Credit(
            date=ligne.ecriture_date,
            montant=ligne.credit,
            piece=ligne.piece,
            libelle=ligne.libelle,
            avoir=_est_journal_avoirs(ligne.journal, ligne.journal_lib, journaux),
            ligne=ligne.ligne,
            ecriture=f"{ligne.journal}{ligne.ecriture_num}",
        )
        (groupe.credits if groupe is not None else compte.libres).append(credit)


def _client_fec(
    compte: _Compte, precedent: ClientFEC | None = None, avec_precedent: bool = False
) -> ClientFEC:
    paiements: list[dict[str, Any]] = []
    exces: list[tuple[_Credit, Decimal, str]] = []
    avoirs: list[dict[str, Any]] = []
    signalements: list[str] = []
    # Credit notes first, then payments: a credit note cancels its invoice before any money.
    for lettre in sorted(compte.groupes):
        groupe = compte.groupes[lettre]
        dus = {
            numero: montant
            for numero, montant in sorted(
                groupe.debits.items(), key=lambda x: (compte.pieces[x[0]].date, x[0])
            )
        }
        for credit in sorted(groupe.credits, key=lambda c: (not c.avoir, c.date, c.ligne)):
            reste = credit.montant
            for numero, du in dus.items():
                part = min(du, reste)
                if part <= 0:
                    continue
                dus[numero] = du - part
                reste -= part
                _enregistrer(credit, part, numero, paiements, avoirs)
                if reste == 0:
                    break
            if reste > 0:
                if credit.avoir:
                    compte.libres.append(_reste(credit, reste))
                else:
                    exces.append((credit, reste, lettre))
    ouvertes = _restants(compte, avoirs, paiements)
    # Payments lettered beyond this year's invoices, or not lettered: the opening balance
    # (the oldest debt) first.
    libres = [(c, c.montant, "") for c in compte.libres if not c.avoir]
    a_nouveau = [cle for cle in ouvertes if compte.pieces[cle].ouverture]  # few, oldest first
    for credit, reste, lettre in sorted([*exces, *libres], key=lambda x: (x[0].date, x[0].ligne)):
        for cle in a_nouveau:
            du = ouvertes[cle]
            if reste > 0 and du > 0:
                part = min(du, reste)
                ouvertes[cle] -= part
                reste -= part
                _enregistrer(credit, part, cle, paiements, avoirs)
        if reste > 0:
            paiements.append(_paiement(credit, reste, None))
            if lettre:
                signalements.append(
                    f"lettrage « {lettre} » : {reste} € crédités au-delà des factures "
                    "lettrées (paiement non affecté)"
                )
    for credit in sorted(compte.libres, key=lambda c: (c.date, c.ligne)):
        if not credit.avoir:
            continue
        cible = _facture_nommee(credit, ouvertes, compte) or next(
            (n for n, du in ouvertes.items() if du > 0), None
        )
        if cible is None:
            signalements.append(
                f"avoir {credit.piece} (ligne {credit.ligne}) : aucune facture ouverte à "
                "laquelle l'imputer, ignoré"
            )
            continue
        if _facture_nommee(credit, ouvertes, compte) is None:
            signalements.append(
                f"avoir {credit.piece} (ligne {credit.ligne}) non lettré : imputé sur la "
                f"facture la plus ancienne ({compte.pieces[cible].numero})"
            )
        part = min(credit.montant, ouvertes[cible]) if ouvertes[cible] > 0 else credit.montant
        ouvertes[cible] -= part
        _enregistrer(credit, part, cible, paiements, avoirs)
        if credit.montant > part:
            paiements.append(_paiement(credit, credit.montant - part, None))
    from escalade.entrees.fec_ouverture import factures_et_reprises

    factures, non_repris = factures_et_reprises(
        compte.pieces, ouvertes, precedent, avec_precedent, paiements, avoirs, signalements
    )
    return ClientFEC(
        client=compte.client,
        libelle=compte.libelle,
        factures=factures,
        paiements=tuple(paiements),
        avoirs=tuple(avoirs),
        signalements=tuple(signalements),
        ouverture_non_reprise=non_repris,
    )


def _reste(credit: _Credit, montant: Decimal) -> _Credit:
    return _Credit(
        credit.date,
        montant,
        credit.piece,
        credit.libelle,
        credit.avoir,
        credit.ligne,
        credit.ecriture,
    )


def _restants(
    compte: _Compte, avoirs: list[dict[str, Any]], paiements: list[dict[str, Any]]
) -> dict[str, Decimal]:
    """Each invoice's amount less what lettering already put on it, oldest first."""
    ouvertes = {
        cle: p.montant
        for cle, p in sorted(compte.pieces.items(), key=lambda x: (x[1].date, x[1].numero, x[0]))
    }
    for element in (*avoirs, *paiements):
        if element.get("facture") in ouvertes:
            ouvertes[element["facture"]] -= element["montant"]
    return ouvertes


def _facture_nommee(credit: _Credit, ouvertes: dict[str, Decimal], compte: _Compte) -> str | None:
    texte = f" {credit.libelle} {credit.piece} "
    for cle in ouvertes:
        numero = compte.pieces[cle].numero
        if numero != credit.piece and re.search(rf"(?<![\w-]){re.escape(numero)}(?![\w-])", texte):
            return cle
    return None


def _paiement(credit: _Credit, montant: Decimal, facture: str | None) -> dict[str, Any]:
    paiement: dict[str, Any] = {
        "date": credit.date,
        "montant": montant,
        "reference": f"FEC:{credit.ecriture}:{credit.piece}",
    }
    if facture is not None:
        paiement["facture"] = facture
    return paiement


def _enregistrer(
    credit: _Credit,
    montant: Decimal,
    facture: str,
    paiements: list[dict[str, Any]],
    avoirs: list[dict[str, Any]],
) -> None:
    if credit.avoir:
        avoirs.append(
            {
                "numero": credit.piece if montant == credit.montant else None,
                "date": credit.date,
                "montant": montant,
                "facture": facture,
            }
        )
        if avoirs[-1]["numero"] is None:
            avoirs[-1]["numero"] = f"{credit.piece} ({facture})"
    else:
        paiements.append(_paiement(credit, montant, facture))
