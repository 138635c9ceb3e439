"""The dossier as it stood on a date: nothing recorded as happening after that day.

A command run with `--date D` (plan, décompte, verifier, lettre, requêtes) must not use a
payment, a contact, a mise en demeure, a dispute or a judgment dated after D: a plan of
30 June cannot rely on a letter sent on 2 July. `dossier_au` is applied once, where a
command loads its dossiers, and drops or blanks every dated fact after D:

- payments, credit notes, interruptions, history steps and contacts (in Paris time) after D;
- disputes and payment plans opened after D, and a closing or a breach after D (still open);
- the mise en demeure sent after D; its reception or first presentation after D (unknown);
- the judgment, the injonction's and the small-claims procedure's dates after D;
- a collective proceeding opened after D, and its BODACC publication after D;
- invoices issued after D, with what refers to them (unless none would be left).

Pure: the date is a parameter; the dossier is copied, never changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

from escalade.droit.modele import Dossier
from escalade.droit.valeurs import PARIS

M = TypeVar("M", bound=BaseModel)


def _sans_dates_apres(objet: M, le: date, champs: tuple[str, ...]) -> M:
    """A copy of `objet` with each date field of `champs` after `le` set to None."""
    modifs: dict[str, Any] = {
        c: None for c in champs if (v := getattr(objet, c)) is not None and v > le
    }
    return objet.model_copy(update=modifs) if modifs else objet


def _mise_en_demeure(d: Dossier, le: date) -> dict[str, Any]:
    med = d.mise_en_demeure
    if med is None:
        return {}
    if med.envoyee_le > le:
        return {"mise_en_demeure": None}
    med = _sans_dates_apres(med, le, ("recue_le", "premiere_presentation_le"))
    if med.premiere_presentation_le is None and med.non_reclamee:
        med = med.model_copy(update={"non_reclamee": False})
    return {"mise_en_demeure": med}


def _procedures(d: Dossier, le: date) -> dict[str, Any]:
    modifs: dict[str, Any] = {}
    if d.jugement is not None:
        j = d.jugement
        modifs["jugement"] = (
            None if j.rendu_le > le else _sans_dates_apres(j, le, ("executoire_le",))
        )
    inj = d.injonction
    if inj is not None:
        if inj.requete_deposee_le is not None and inj.requete_deposee_le > le:
            modifs["injonction"] = None
        else:
            inj = _sans_dates_apres(
                inj, le, ("ordonnance_le", "signifiee_le", "opposition_le", "executoire_le")
            )
            if inj.ordonnance_le is None and inj.rejetee:
                inj = inj.model_copy(update={"rejetee": False})
            modifs["injonction"] = inj
    pc = d.petites_creances
    if pc is not None:
        if pc.demande_le is not None and pc.demande_le > le:
            modifs["petites_creances"] = None
        else:
            pc = _sans_dates_apres(pc, le, ("invitation_envoyee_le", "accord_le", "refus_le"))
            if pc.accord_le is None and (pc.montant_accord is not None or pc.echeances):
                pc = pc.model_copy(update={"montant_accord": None, "echeances": []})
            modifs["petites_creances"] = pc
    proc = d.debiteur.procedure_collective
    if proc is not None:
        proc2 = None if proc.jugement_le > le else _sans_dates_apres(
            proc, le, ("publication_bodacc_le",)
        )  # fmt: skip
        if proc2 is not proc:
            modifs["debiteur"] = d.debiteur.model_copy(update={"procedure_collective": proc2})
    return modifs


def _dates(d: Dossier) -> Iterator[date | None]:
    """Every date of the dossier's facts (fast check before any copy)."""
    yield from (f.date_emission for f in d.factures)
    yield from (p.date for p in d.paiements)
    yield from (a.date for a in d.avoirs)
    for x in d.litiges:
        yield x.ouvert_le
        yield x.clos_le
    for e in d.echeanciers:
        yield e.convenu_le
        yield e.rompu_le
    yield from (i.date for i in d.interruptions)
    yield from (h.le for h in d.historique)
    for objet in (d.mise_en_demeure, d.jugement, d.injonction, d.petites_creances,
                  d.debiteur.procedure_collective):  # fmt: skip
        if objet is not None:
            yield from (v for v in objet.__dict__.values() if isinstance(v, date))


def _rien_apres(d: Dossier, le: date) -> bool:
    if any(x is not None and x > le for x in _dates(d)):
        return False
    fin = datetime.combine(le + timedelta(days=1), time(0), PARIS)
    return all(c.le < fin for c in d.contacts)


def dossier_au(dossier: Dossier, le: date) -> Dossier:
    """`dossier` as known on `le`: every fact dated after `le` left out (see module doc).
    The dossier itself when nothing in it is dated after `le` (the usual case: no copy)."""
    d = dossier
    if _rien_apres(d, le):
        return d
    factures = [f for f in d.factures if f.date_emission <= le] or list(d.factures)
    numeros = {f.numero for f in factures}

    def garde(facture: str | None) -> bool:
        return facture is None or facture in numeros

    historique = [h for h in d.historique if h.le <= le]
    modifs: dict[str, Any] = {
        "factures": factures,
        "paiements": [p for p in d.paiements if p.date <= le and garde(p.facture)],
        "avoirs": [a for a in d.avoirs if a.date <= le and garde(a.facture)],
        "litiges": [
            _sans_dates_apres(x, le, ("clos_le",))
            for x in d.litiges
            if x.ouvert_le <= le and garde(x.facture)
        ],
        "echeanciers": [
            _sans_dates_apres(e, le, ("rompu_le",)) for e in d.echeanciers if e.convenu_le <= le
        ],
        "contacts": [c for c in d.contacts if c.le.astimezone(PARIS).date() <= le],
        "interruptions": [i for i in d.interruptions if i.date <= le and garde(i.facture)],
        "historique": historique,
        **_mise_en_demeure(d, le),
        **_procedures(d, le),
    }
    if len(historique) < len(d.historique):
        modifs["etape"] = historique[-1].etape if historique else None
    return d.model_copy(update=modifs)
