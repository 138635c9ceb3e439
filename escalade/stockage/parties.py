"""A dossier's parts written to the store, inside the caller's transaction.

Invoices, payments, credit notes, disputes, payment schedules and interruptions are upserted
on their natural keys (a re-import updates what changed and adds what is new, never deletes;
a payment with a reference is keyed by that reference and its invoice, so that a corrected
file updates its amount or date instead of adding a second payment);
contacts and history entries go to the append-only journal and history, once each. Every
row added is counted through `compter(table, n)` (the import's `Bilan`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from escalade.droit.modele import Dossier
from escalade.stockage import schema as s
from escalade.stockage.cles import cle_contact, cle_etape, cle_paiement

Compteur = Callable[[str, int], None]  # table name, rows added


def _cle(*parties: Any) -> str:
    return "|".join("" if p is None else str(p) for p in parties)


def _upsert_par_cle(
    conn: Connection,
    table: Any,
    dossier_id: int,
    lignes: Sequence[dict[str, Any]],
    cle: str,
    modifiables: Sequence[str],
    compter: Compteur,
) -> None:
    """Insert the rows whose key is new; update the mutable columns of the others."""
    if not lignes:
        return
    colonne = table.c[cle]
    existants = {
        r[0]: r
        for r in conn.execute(
            select(colonne, table.c.id, *(table.c[m] for m in modifiables)).where(
                table.c.dossier_id == dossier_id
            )
        )
    }
    nouvelles = []
    vues: set[Any] = set()
    for ligne in lignes:
        if ligne[cle] in vues:  # the same key twice in one file: keep the first
            continue
        vues.add(ligne[cle])
        actuel = existants.get(ligne[cle])
        if actuel is None:
            nouvelles.append({"dossier_id": dossier_id, **ligne})
            continue
        changements = {m: ligne[m] for i, m in enumerate(modifiables) if ligne[m] != actuel[2 + i]}
        if changements:
            conn.execute(update(table).where(table.c.id == actuel[1]).values(**changements))
    if nouvelles:
        conn.execute(table.insert(), nouvelles)
        compter(table.name, len(nouvelles))


def _lignes_contacts(dossier: Dossier, maintenant: datetime) -> list[dict[str, Any]]:
    return [
        {
            "cle": cle_contact(c),
            "le": c.le,
            "canal": c.canal,
            "interlocuteur": c.interlocuteur,
            "objet": c.objet,
            "resultat": c.resultat,
            "note": c.note,
            "document": c.document,
            "operateur": c.operateur,
            "promesse_le": c.promesse_le,
            "promesse_montant": c.promesse_montant,
            "force": False,
            "nature": "passe",  # a file's contacts are history: recorded, never gated
            "enregistre_le": maintenant,
        }
        for c in dossier.contacts
    ]


def _ajouter_seulement(
    conn: Connection,
    table: Any,
    dossier_id: int,
    lignes: list[dict[str, Any]],
    compter: Compteur,
    **communs: Any,
) -> None:
    """Append-only tables: insert the rows whose key is new, never touch the others."""
    if not lignes:
        return
    connues = set(
        conn.execute(select(table.c.cle).where(table.c.dossier_id == dossier_id)).scalars()
    )
    nouvelles = []
    for ligne in lignes:
        if ligne["cle"] not in connues:
            connues.add(ligne["cle"])
            nouvelles.append({"dossier_id": dossier_id, **communs, **ligne})
    if nouvelles:
        conn.execute(table.insert(), nouvelles)
        compter(table.name, len(nouvelles))


def enregistrer_parties(
    conn: Connection,
    dossier_id: int,
    debiteur_id: int,
    d: Dossier,
    maintenant: datetime,
    compter: Compteur,
    operateur: str | None = None,
) -> None:
    """Every part of the dossier: upserts first, then the journal and the history (new steps
    recorded by `operateur`, None for a file's import)."""
    _upsert_par_cle(
        conn,
        s.factures,
        dossier_id,
        [
            {
                "numero": f.numero,
                "date_emission": f.date_emission,
                "date_echeance": f.date_echeance,
                "montant_ttc": f.montant_ttc,
                "taux_penalites": f.taux_penalites,
                "date_execution": f.date_execution,
                "pieces": list(f.pieces),
            }
            for f in d.factures
        ],
        "numero",
        (
            "date_emission",
            "date_echeance",
            "montant_ttc",
            "taux_penalites",
            "date_execution",
            "pieces",
        ),
        compter,
    )
    _upsert_par_cle(
        conn,
        s.paiements,
        dossier_id,
        [
            {
                "cle": cle_paiement(p),
                "date": p.date,
                "montant": p.montant,
                "facture": p.facture,
                "reference": p.reference,
            }
            for p in d.paiements
        ],
        "cle",
        ("date", "montant"),
        compter,
    )
    _upsert_par_cle(
        conn,
        s.avoirs,
        dossier_id,
        [
            {
                "cle": _cle("n", a.numero)
                if a.numero
                else _cle(a.date.isoformat(), format(a.montant, "f"), a.facture),
                "numero": a.numero,
                "date": a.date,
                "montant": a.montant,
                "facture": a.facture,
            }
            for a in d.avoirs
        ],
        "cle",
        ("date", "montant", "facture"),
        compter,
    )
    _upsert_par_cle(
        conn,
        s.litiges,
        dossier_id,
        [
            {
                "cle": _cle(li.facture, li.ouvert_le.isoformat()),
                "facture": li.facture,
                "ouvert_le": li.ouvert_le,
                "motif": li.motif,
                "clos_le": li.clos_le,
            }
            for li in d.litiges
        ],
        "cle",
        ("motif", "clos_le"),
        compter,
    )
    _upsert_par_cle(
        conn,
        s.echeanciers,
        dossier_id,
        [
            {
                "convenu_le": e.convenu_le,
                "echeances": [x.model_dump(mode="json") for x in e.echeances],
                "rompu_le": e.rompu_le,
            }
            for e in d.echeanciers
        ],
        "convenu_le",
        ("echeances", "rompu_le"),
        compter,
    )
    _upsert_par_cle(
        conn,
        s.interruptions,
        dossier_id,
        [
            {
                "cle": _cle(i.date.isoformat(), i.type, i.facture),
                "date": i.date,
                "type": i.type,
                "facture": i.facture,
            }
            for i in d.interruptions
        ],
        "cle",
        (),
        compter,
    )
    _ajouter_seulement(
        conn,
        s.contacts,
        dossier_id,
        _lignes_contacts(d, maintenant),
        compter,
        debiteur_id=debiteur_id,
    )
    _ajouter_seulement(
        conn,
        s.historique,
        dossier_id,
        [
            {
                "cle": cle_etape(e),
                "etape": e.etape,
                "le": e.le,
                "motif": e.motif,
                "enregistre_le": maintenant,
                "operateur": operateur,
            }
            for e in d.historique
        ],
        compter,
    )
