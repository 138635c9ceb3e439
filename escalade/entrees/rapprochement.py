"""Bank reconciliation: which open invoices each credit of a statement pays.

A credit is matched, in this order, by:
1. its payment reference (structured creditor reference, end-to-end id) naming invoices;
2. invoice numbers written in its label;
3. an exact amount together with the debtor's name.

A match is sure when the money and the invoices agree: the named invoices' remaining
amounts add up to the credit (one credit may pay several invoices), or a single named
invoice receives less than what remains on it (a part payment), or exactly one open
invoice of the named debtor has exactly that amount. Anything else (an amount that
agrees with no invoice of the named ones, an amount alone without the debtor's name, an
invoice number shared by two dossiers, an overpayment) is offered to a person to confirm,
never recorded on a guess. A credit already matched (by its identity) is skipped, and the
remaining amounts go down as credits are matched, so no invoice is paid twice in a run.

Pure: no I/O. The caller loads the open invoices and the identities already recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from escalade.entrees.releve_bancaire import Credit

ZERO = Decimal(0)
_FORMES = frozenset(
    {
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sci",
        "snc",
        "scop",
        "ets",
        "societe",
        "ste",
        "et",
        "cie",
    }
)
_SEPARATEURS = r"[\s\-_/.]*"


@dataclass(frozen=True)
class FactureOuverte:
    dossier: str
    numero: str
    restant: Decimal
    debiteur: str
    date_emission: date | None = None  # oldest first when a credit pays several
    reference_paiement: str | None = None


@dataclass(frozen=True)
class Affectation:
    dossier: str
    facture: str
    montant: Decimal


@dataclass(frozen=True)
class Proposition:
    credit: Credit
    affectations: tuple[Affectation, ...]
    motif: str


@dataclass(frozen=True)
class Rapprochement:
    surs: tuple[Proposition, ...]
    incertains: tuple[Proposition, ...]  # candidate allocations for a person to confirm
    deja_rapproches: tuple[Credit, ...]
    sans_correspondance: tuple[Credit, ...]


@lru_cache(maxsize=65536)
def _mots(texte: str | None) -> frozenset[str]:
    if not texte:
        return frozenset()
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()
    return frozenset(m for m in re.findall(r"[a-z0-9]+", ascii_) if m not in _FORMES)


def meme_nom(nom: str, texte: str | None) -> bool:
    """The debtor's significant words all appear in the payer's name (or in the label)."""
    mots_nom, mots_texte = _mots(nom), _mots(texte)
    if not mots_nom or not mots_texte:
        return False
    return mots_nom <= mots_texte or mots_texte <= mots_nom


def _compact(texte: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", texte.upper())


@lru_cache(maxsize=65536)
def _motif_numero(numero: str) -> re.Pattern[str] | None:
    groupes = re.findall(r"[A-Za-z0-9]+", numero)
    if not groupes or sum(map(len, groupes)) < 3:
        return None  # too short to be found in free text without false matches
    corps = _SEPARATEURS.join(re.escape(g) for g in groupes)
    # Compiled only for an invoice whose compact number is in a credit's text (lazily).
    return re.compile(rf"(?<![A-Za-z0-9]){corps}(?![A-Za-z0-9])", re.IGNORECASE | re.ASCII)


class _Index:
    """The open invoices, indexed so that each credit costs the same whatever their number:
    by compact invoice number and payment reference (looked up by the substrings of the
    credit's text of the lengths that occur), by remaining amount, by debtor's name word."""

    def __init__(self, factures: Iterable[FactureOuverte]) -> None:
        self.factures = sorted(
            factures, key=lambda f: (str(f.date_emission or ""), f.dossier, f.numero)
        )
        self.rang = {(f.dossier, f.numero): i for i, f in enumerate(self.factures)}
        self.restants = {(f.dossier, f.numero): f.restant for f in self.factures}
        self.par_numero: dict[str, list[FactureOuverte]] = {}
        self.par_reference: dict[str, list[FactureOuverte]] = {}
        self.par_montant: dict[Decimal, set[tuple[str, str]]] = {}
        self.par_mot: dict[str, list[FactureOuverte]] = {}
        self.par_cle = {(f.dossier, f.numero): f for f in self.factures}
        for f in self.factures:
            groupes = re.findall(r"[A-Za-z0-9]+", f.numero)
            if sum(map(len, groupes)) >= 3:  # else too short to be found in free text
                self.par_numero.setdefault(_compact(f.numero), []).append(f)
            if f.reference_paiement:
                self.par_reference.setdefault(f.reference_paiement, []).append(f)
            self.par_montant.setdefault(f.restant, set()).add((f.dossier, f.numero))
            for mot in _mots(f.debiteur):
                self.par_mot.setdefault(mot, []).append(f)
        self.longueurs_numero = sorted({len(n) for n in self.par_numero})
        self.longueurs_reference = sorted({len(r) for r in self.par_reference})

    def restant(self, f: FactureOuverte) -> Decimal:
        return self.restants[(f.dossier, f.numero)]

    def _trier(self, factures: Iterable[FactureOuverte]) -> list[FactureOuverte]:
        uniques = {(f.dossier, f.numero): f for f in factures}
        return sorted(uniques.values(), key=lambda f: self.rang[(f.dossier, f.numero)])

    def nommees(self, *textes: str | None) -> list[FactureOuverte]:
        texte = " ".join(t for t in textes if t)
        if not texte:
            return []
        trouvees: list[FactureOuverte] = []
        compact = _compact(texte)
        for n in self.longueurs_numero:
            for debut in range(len(compact) - n + 1):
                for f in self.par_numero.get(compact[debut : debut + n], ()):
                    motif = _motif_numero(f.numero)
                    if motif is not None and motif.search(texte):
                        trouvees.append(f)
        for n in self.longueurs_reference:
            for debut in range(len(texte) - n + 1):
                trouvees.extend(self.par_reference.get(texte[debut : debut + n], ()))
        return self._trier(trouvees)

    def exacts(self, montant: Decimal) -> list[FactureOuverte]:
        return self._trier(self.par_cle[c] for c in self.par_montant.get(montant, ()))

    def du_nom(self, payeur: str | None) -> list[FactureOuverte]:
        """Open invoices whose debtor's name agrees with the payer (meme_nom)."""
        candidats = [f for mot in _mots(payeur) for f in self.par_mot.get(mot, ())]
        return [
            f
            for f in self._trier(candidats)
            if self.restant(f) > 0 and meme_nom(f.debiteur, payeur)
        ]

    def payer(self, affectations: Iterable[Affectation]) -> None:
        for a in affectations:
            cle = (a.dossier, a.facture)
            ancien = self.restants[cle]
            self.par_montant.get(ancien, set()).discard(cle)
            self.restants[cle] = ancien - a.montant
            self.par_montant.setdefault(self.restants[cle], set()).add(cle)


def _repartir(montant: Decimal, factures: list[FactureOuverte], index: _Index) -> list[Affectation]:
    """Oldest first, each invoice up to what remains on it."""
    affectations = []
    for f in factures:
        part = min(montant, index.restant(f))
        if part > 0:
            affectations.append(Affectation(f.dossier, f.numero, part))
            montant -= part
    return affectations


def _par_numero(credit: Credit, nommees: list[FactureOuverte]) -> tuple[list[FactureOuverte], str]:
    """Keep one dossier per invoice number: the debtor's name decides, else it is ambiguous."""
    numeros: dict[str, list[FactureOuverte]] = {}
    for f in nommees:
        numeros.setdefault(f.numero, []).append(f)
    retenues, ambigu = [], ""
    for numero, memes in numeros.items():
        if len(memes) > 1:
            par_nom = [f for f in memes if meme_nom(f.debiteur, credit.debiteur or credit.libelle)]
            if len(par_nom) != 1:
                ambigu = f"le numéro {numero} existe dans plusieurs dossiers"
                retenues.extend(memes)
                continue
            memes = par_nom
        retenues.extend(memes)
    return retenues, ambigu


def _proposer(credit: Credit, index: _Index) -> tuple[Proposition | None, bool]:
    """A proposition and whether it is sure (None: nothing matches)."""
    par_reference = index.nommees(credit.reference, credit.bout_en_bout)
    nommees = par_reference or index.nommees(credit.libelle)
    source = "référence de paiement" if par_reference else "numéro de facture dans le libellé"
    if nommees:
        nommees, ambigu = _par_numero(credit, nommees)
        ouvertes = [f for f in nommees if index.restant(f) > 0]
        total = sum((index.restant(f) for f in ouvertes), ZERO)
        affectations = tuple(_repartir(credit.montant, ouvertes, index))
        numeros = ", ".join(f.numero for f in nommees)
        if ambigu:
            return Proposition(credit, affectations, f"{source} ({numeros}) : {ambigu}"), False
        if not ouvertes:
            return Proposition(credit, (), f"{source} : {numeros} déjà soldée(s)"), False
        if credit.montant == total:
            return Proposition(credit, affectations, f"{source} ({numeros}), montant exact"), True
        if len(ouvertes) == 1 and credit.montant < total:
            motif = f"{source} ({numeros}), paiement partiel"
            return Proposition(credit, affectations, motif), True
        ecart = "supérieur" if credit.montant > total else "inférieur"
        motif = (
            f"{source} ({numeros}) mais montant {credit.montant} € {ecart} au restant dû "
            f"({total} €)"
        )
        return Proposition(credit, affectations, motif), False
    exacts = index.exacts(credit.montant)
    payeur = credit.debiteur or credit.libelle
    du_payeur = [f for f in exacts if meme_nom(f.debiteur, payeur)]
    if len(du_payeur) == 1:
        f = du_payeur[0]
        affectation = (Affectation(f.dossier, f.numero, credit.montant),)
        return Proposition(credit, affectation, "montant exact et nom du débiteur"), True
    if exacts:
        candidats = du_payeur or exacts
        motif = (
            f"montant exact sans référence : {len(candidats)} facture(s) possible(s) "
            f"({', '.join(f.numero for f in candidats[:5])})"
        )
        f = candidats[0]
        return Proposition(
            credit, (Affectation(f.dossier, f.numero, credit.montant),), motif
        ), False
    par_nom = index.du_nom(payeur)
    if par_nom:
        affectations = tuple(_repartir(credit.montant, par_nom, index))
        motif = f"nom du débiteur ({par_nom[0].debiteur}) mais aucun montant ni numéro concordant"
        return Proposition(credit, affectations, motif), False
    return None, False


def rapprocher(
    credits: Iterable[Credit],
    factures: Iterable[FactureOuverte],
    deja_rapproches: frozenset[str] = frozenset(),
) -> Rapprochement:
    """Match each credit to open invoices: sure matches, unsure ones, and the rest."""
    index = _Index(factures)
    surs: list[Proposition] = []
    incertains: list[Proposition] = []
    deja: list[Credit] = []
    aucun: list[Credit] = []
    vus = set(deja_rapproches)
    for credit in sorted(credits, key=lambda c: (c.date, c.ligne or 0, c.identite)):
        if credit.identite in vus:
            deja.append(credit)
            continue
        vus.add(credit.identite)
        if credit.identite_ancienne is not None and credit.identite_ancienne in deja_rapproches:
            motif = (
                "un crédit du même jour, du même montant et au même libellé est déjà rapproché "
                f"(identité {credit.identite_ancienne}, sans le payeur) : à confirmer s'il "
                "s'agit d'un autre versement"
            )
            incertains.append(Proposition(credit, (), motif))
            continue
        proposition, sur = _proposer(credit, index)
        if proposition is not None and sur and credit.doublon:
            # An ambiguous pair: listed for confirmation, never recorded on a guess.
            motif = f"{proposition.motif} ; crédit identique à un autre du relevé : à confirmer"
            proposition, sur = Proposition(credit, proposition.affectations, motif), False
        if proposition is None:
            aucun.append(credit)
        elif sur:
            index.payer(proposition.affectations)
            surs.append(proposition)
        else:
            incertains.append(proposition)
    return Rapprochement(tuple(surs), tuple(incertains), tuple(deja), tuple(aucun))
