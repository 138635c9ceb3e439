"""FEC: the invoices of a customer account, with its opening balance taken back to the
previous year's open invoices.

The « à nouveau » lines of an opening journal carry the previous year's open items as one
amount dated the opening day. Once this year's payments have settled what they settle
(`escalade.entrees.fec_lettrage`), what remains of the opening balance is:

- with the previous year's FEC: its open invoices for the same account, oldest first, up
  to the opening amount, each with its own number and date (what the limitation period
  and the interest run from); a part not found there is reported;
- without it: reported (amount, opening date, piece) and not turned into an invoice.

Pieces sharing one number in two entries are told apart by their entry (« VE 0323 (VE
00000009) »): two invoices are never merged.

Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

ZERO = Decimal(0)


def numeros_affiches(pieces: dict[str, Any]) -> dict[str, str]:
    """The number shown for each piece key: its invoice number, with its entry when two
    entries share it."""
    nombre = Counter(p.numero for p in pieces.values())
    return {
        cle: p.numero if nombre[p.numero] == 1 else f"{p.numero} ({p.ecriture})"
        for cle, p in pieces.items()
    }


def _ouvertes_precedentes(precedent: Any) -> list[tuple[dict[str, Any], Decimal]]:
    """The previous year's invoices still open at its end, oldest first, with what remained."""
    restes = {f["numero"]: Decimal(f["montant_ttc"]) for f in precedent.factures}
    libre = ZERO
    for element in (*precedent.paiements, *precedent.avoirs):
        if element.get("facture") in restes:
            restes[element["facture"]] -= Decimal(element["montant"])
        else:
            libre += Decimal(element["montant"])
    ouvertes = []
    for f in sorted(precedent.factures, key=lambda f: (f["date_emission"], f["numero"])):
        reste = restes[f["numero"]]
        impute = min(reste, libre) if reste > 0 else ZERO
        libre -= impute
        if reste - impute > 0:
            ouvertes.append((f, reste - impute))
    return ouvertes


def factures_et_reprises(
    pieces: dict[str, Any],
    ouvertes: dict[str, Decimal],
    precedent: Any | None,
    avec_precedent: bool,
    paiements: list[dict[str, Any]],
    avoirs: list[dict[str, Any]],
    signalements: list[str],
) -> tuple[tuple[dict[str, Any], ...], Decimal]:
    """This year's invoices and the previous year's ones behind the opening balance, and the
    part of the opening balance left open that could not be taken back (reported).

    `paiements` and `avoirs` are rewritten in place: keys become shown numbers; what
    settled an opening balance is kept (imputed to the oldest debt) when the previous
    year's invoices replace it, else dropped with it."""
    affiches = numeros_affiches(pieces)
    factures: list[dict[str, Any]] = []
    ouverture = {cle for cle, p in pieces.items() if p.ouverture}
    reprises: list[dict[str, Any]] = []
    non_repris = ZERO
    for cle in sorted(ouverture, key=lambda c: (pieces[c].date, c)):
        p, reste = pieces[cle], ouvertes.get(cle, ZERO)
        if reste <= 0:
            continue
        if precedent is None:
            suite = (
                "le client n'est pas dans le FEC de l'exercice précédent"
                if avec_precedent
                else "donnez le FEC de l'exercice précédent (--fec-precedent) pour reprendre "
                "les factures d'origine"
            )
            signalements.append(
                f"solde à nouveau de {reste} € au {p.date.isoformat()} (pièce {p.numero}) "
                f"non réglé : facture d'origine inconnue, non reprise ({suite})"
            )
            non_repris += reste
            continue
        reprises.append({"montant": p.montant, "date": p.date, "numero": p.numero})
    repris = bool(reprises)
    if repris and precedent is not None:
        a_reprendre = sum((r["montant"] for r in reprises), ZERO)
        for f, reste in _ouvertes_precedentes(precedent):
            if a_reprendre <= 0:
                break
            montant = min(reste, a_reprendre)
            a_reprendre -= montant
            factures.append({**f, "montant_ttc": montant})
            signalements.append(
                f"solde à nouveau : facture {f['numero']} du "
                f"{f['date_emission'].isoformat()} reprise du FEC précédent ({montant} €)"
            )
        if a_reprendre > 0:
            non_repris += a_reprendre
            signalements.append(
                f"solde à nouveau : {a_reprendre} € sans facture ouverte correspondante dans le "
                "FEC de l'exercice précédent, non repris"
            )
    for liste in (paiements, avoirs):
        garde = []
        for element in liste:
            facture: str | None = element.get("facture")
            if facture in ouverture:
                if not repris:
                    continue  # settled an opening balance that is not taken back
                element = {k: v for k, v in element.items() if k != "facture"}
                if liste is avoirs:
                    continue  # a credit note needs its invoice: none of this year's
            elif facture is not None:
                affiche = affiches[facture]
                element = {**element, "facture": affiche}
                numero = element.get("numero")
                if isinstance(numero, str) and "\x1f" in numero:
                    element["numero"] = numero.replace(facture, affiche)
            garde.append(element)
        liste[:] = garde
    factures.extend(
        {"numero": affiches[cle], "date_emission": p.date, "montant_ttc": p.montant}
        for cle, p in pieces.items()
        if cle not in ouverture
    )
    return tuple(sorted(factures, key=lambda f: (f["date_emission"], f["numero"]))), non_repris
