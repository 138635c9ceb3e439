"""Dossiers in the store: idempotent import (upsert on natural keys) and loading.

Re-importing a file updates what it says and adds what is new; it never duplicates and
never deletes (a payment recorded with `escalade paiement` stays when an older file is
imported again). Contacts and history entries of a file go to the append-only journal
and history, once each. The court records (injonction de payer, petites créances: one per
dossier, the dossier is their key) are merged field by field: a file sets the fields it
writes, and the dates recorded in the store by `injonction-suivi` or
`petites-creances-suivi` that the file does not mention stay. The parts of a dossier are
written by `escalade.stockage.parties`, on the keys of `escalade.stockage.cles`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, select, update

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier
from escalade.droit.parties import Debiteur
from escalade.stockage import schema as s
from escalade.stockage.annulations import non_annule
from escalade.stockage.assemblage import PARTIES, assembler
from escalade.stockage.cles import cle_creancier, cle_debiteur, id_insere
from escalade.stockage.parties import enregistrer_parties

ETAPES_CLOSES = frozenset({"solde", "prescrit", "irrecouvrable"})
LOT = 500


@dataclass
class Bilan:
    """What an import did (for the user's summary and the idempotency tests)."""

    dossiers_crees: int = 0
    dossiers_mis_a_jour: int = 0
    lignes_ajoutees: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # What changed meaning (a debtor's SIREN corrected by the file), in French for the user.
    avertissements: list[str] = field(default_factory=list)

    def ajouter(self, table: str, n: int = 1) -> None:
        self.lignes_ajoutees[table] += n


# --- writing -------------------------------------------------------------------------


def _debiteur_id(conn: Connection, d: Debiteur) -> int:
    cle = cle_debiteur(d)
    existant = conn.execute(select(s.debiteurs.c.id).where(s.debiteurs.c.cle == cle)).scalar()
    if existant is not None:
        return int(existant)
    return id_insere(conn.execute(s.debiteurs.insert().values(cle=cle, nom=d.nom)))


def _json(modele: Any) -> Any:
    return None if modele is None else modele.model_dump(mode="json")


RECORDS_FUSIONNES = ("injonction", "petites_creances")


def _fusion(stocke: Any, modele: Any) -> Any:
    """The stored record updated with the fields `modele` sets (those its file writes)."""
    if modele is None:
        return stocke
    complet = modele.model_dump(mode="json")
    if stocke is None:
        return complet
    return {**stocke, **{k: complet[k] for k in modele.model_fields_set}}


def _changement_de_debiteur(avant: Any, dossier: Dossier) -> str:
    """The warning of a re-import that moves a dossier to another debtor (its SIREN, or its
    name and postal code, changed). The contacts made before stay with the dossier and keep
    counting for its debtor (`escalade.stockage.journal.contacts_du_debiteur`)."""
    d = dossier.debiteur
    apres = d.siren or (d.siret[:9] if d.siret else None)
    avant = avant or {}
    siren = avant.get("siren") or (avant.get("siret") or "")[:9] or None
    if siren or apres:
        return (
            f"SIREN du débiteur modifié : {siren or 'aucun'} → {apres or 'aucun'} "
            f"(dossier {dossier.reference}) ; les contacts passés du dossier comptent "
            "toujours pour son débiteur"
        )
    return (
        f"débiteur du dossier {dossier.reference} modifié : « {avant.get('nom', '')} » → "
        f"« {d.nom} » ; les contacts passés du dossier comptent toujours pour son débiteur"
    )


def enregistrer_dossier(
    conn: Connection,
    dossier: Dossier,
    maintenant: datetime,
    bilan: Bilan | None = None,
    operateur: str | None = None,
) -> int:
    """Create or update one dossier and its parts (inside the caller's transaction).

    `operateur`: who recorded the new history steps (a transition's); None for a file's
    import, whose steps were taken by someone the file does not name."""
    bilan = bilan if bilan is not None else Bilan()
    debiteur_id = _debiteur_id(conn, dossier.debiteur)
    ligne = conn.execute(
        select(
            s.dossiers.c.id,
            s.dossiers.c.etape,
            s.dossiers.c.debiteur_id,
            s.dossiers.c.debiteur,
            *(s.dossiers.c[r] for r in RECORDS_FUSIONNES),
        ).where(s.dossiers.c.reference == dossier.reference)
    ).first()
    valeurs: dict[str, Any] = {
        "creancier_cle": cle_creancier(dossier),
        "creancier": _json(dossier.creancier),
        "debiteur_id": debiteur_id,
        "debiteur": _json(dossier.debiteur),
        "modifie_le": maintenant,
    }
    # A file without an étape leaves the store's étape (set by transitions) alone.
    etape = dossier.etape if dossier.etape is not None else (ligne.etape if ligne else None)
    valeurs["etape"] = etape
    valeurs["ouvert"] = etape not in ETAPES_CLOSES
    if dossier.mise_en_demeure is not None or ligne is None:
        valeurs["mise_en_demeure"] = _json(dossier.mise_en_demeure)
    if dossier.jugement is not None or ligne is None:
        valeurs["jugement"] = _json(dossier.jugement)
    for record in RECORDS_FUSIONNES:
        stocke = None if ligne is None else ligne._mapping[record]
        fusion = _fusion(stocke, getattr(dossier, record))
        if ligne is None or fusion != stocke:
            valeurs[record] = fusion
    if ligne is None:
        dossier_id = id_insere(
            conn.execute(
                s.dossiers.insert().values(
                    reference=dossier.reference, importe_le=maintenant, **valeurs
                )
            )
        )
        bilan.dossiers_crees += 1
    else:
        dossier_id = int(ligne.id)
        if ligne.debiteur_id != debiteur_id:
            bilan.avertissements.append(_changement_de_debiteur(ligne.debiteur, dossier))
            valeurs["debiteur_change"] = True
        conn.execute(update(s.dossiers).where(s.dossiers.c.id == dossier_id).values(**valeurs))
        bilan.dossiers_mis_a_jour += 1
    enregistrer_parties(
        conn, dossier_id, debiteur_id, dossier, maintenant, bilan.ajouter, operateur
    )
    return dossier_id


def importer(conn: Connection, dossiers: Iterable[Dossier], maintenant: datetime) -> Bilan:
    """Import dossiers in the caller's (single) transaction: all or nothing."""
    from escalade.stockage.moteur import point_de_test

    bilan = Bilan()
    for i, dossier in enumerate(dossiers):
        enregistrer_dossier(conn, dossier, maintenant, bilan)
        if i == 0:
            point_de_test("import")
    return bilan


# --- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierStocke:
    id: int
    debiteur_id: int
    dossier: Dossier


def _par_dossier(
    conn: Connection, table: Any, ids: Sequence[int], colonnes: Sequence[str]
) -> dict[int, list[Mapping[str, Any]]]:
    resultat: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    requete = (
        select(table.c.dossier_id, *(table.c[c] for c in colonnes))
        .where(table.c.dossier_id.in_(ids))
        .order_by(table.c.id)
    )
    if table is s.contacts:  # an annulled contact is no longer part of the dossier
        requete = requete.where(non_annule())
    for r in conn.execute(requete):
        resultat[r[0]].append(dict(zip(colonnes, r[1:], strict=True)))
    return resultat


def charger_lot(conn: Connection, ids: Sequence[int]) -> list[DossierStocke]:
    """Dossiers by id (in the given order), a few queries per batch rather than per dossier."""
    if not ids:
        return []
    lignes = {r.id: r for r in conn.execute(select(s.dossiers).where(s.dossiers.c.id.in_(ids)))}
    parties = {
        table: _par_dossier(conn, s.metadata.tables[table], ids, colonnes)
        for table, (_, colonnes) in PARTIES.items()
    }
    return [
        DossierStocke(
            id=i,
            debiteur_id=lignes[i].debiteur_id,
            # cast: RowMapping is typed Mapping[str | column, Any], read here by name only.
            dossier=assembler(
                cast(Mapping[str, Any], lignes[i]._mapping), {t: p[i] for t, p in parties.items()}
            ),
        )
        for i in ids
    ]


Chargeur = Callable[[Sequence[int]], list[DossierStocke]]


def identifiants(conn: Connection, reference: str) -> tuple[int, int]:
    """(dossier id, debtor id) of a stored dossier, or a French input error."""
    r = conn.execute(
        select(s.dossiers.c.id, s.dossiers.c.debiteur_id).where(s.dossiers.c.reference == reference)
    ).first()
    if r is None:
        raise EntreeInvalide(
            f"aucun dossier « {reference} » dans le dépôt (ni fichier de ce nom)",
            champ="DOSSIER",
        )
    return int(r.id), int(r.debiteur_id)


def charger(conn: Connection, reference: str) -> DossierStocke:
    dossier_id, _ = identifiants(conn, reference)
    return charger_lot(conn, [dossier_id])[0]


def iterer_ouverts(
    conn: Connection,
    lot: int = LOT,
    charger: Chargeur | None = None,
    jusqu_a: str | None = None,
    apres: str = "",
) -> Iterator[DossierStocke]:
    """Open dossiers in reference order, loaded batch by batch (bounded memory); `charger`
    (default `charger_lot` on `conn`) loads a batch of ids. Only the references after
    `apres` and up to `jusqu_a` (included; None: to the end): one part of a plan run on
    several processes (`escalade.stockage.plan_parallele`).

    Each step reads the next `lot` dossiers in reference order, open or not, along the unique
    index on the reference, and loads the open ones: filtering on `ouvert` in SQL made SQLite
    walk the index on `ouvert` and sort every remaining open dossier at each step (quadratic:
    most of the time of `escalade plan` on 100 000 dossiers)."""
    for lignes in pas_par_reference(conn, lot, jusqu_a, apres):
        ids = [r.id for r in lignes if r.ouvert]
        if ids:
            yield from charger(ids) if charger is not None else charger_lot(conn, ids)


def pas_par_reference(
    conn: Connection, lot: int, jusqu_a: str | None, apres: str
) -> Iterator[Sequence[Row[Any, Any, Any]]]:
    """The dossiers after `apres` and up to `jusqu_a` (None: to the end), `lot` at a time
    along the unique index on the reference (id, reference, ouvert), in reference order."""
    d = s.dossiers.c
    dernier = apres
    fin = () if jusqu_a is None else (d.reference <= jusqu_a,)
    while True:
        lignes = conn.execute(
            select(d.id, d.reference, d.ouvert)
            .where(d.reference > dernier, *fin)
            .order_by(d.reference)
            .limit(lot)
        ).all()
        if not lignes:
            return
        dernier = lignes[-1].reference
        yield lignes


def dossier_par_reference(reference: str, db: str | None = None) -> Dossier:
    """The stored dossier with this reference (`--db`, `ESCALADE_DB` or the default file)."""
    from escalade.stockage.moteur import moteur, transaction_lecture

    with transaction_lecture(moteur(db, creer=False)) as conn:
        return charger(conn, reference).dossier


def ouverts_du_debiteur(
    conn: Connection, cles: Sequence[str], tva: str | None = None
) -> list[Dossier]:
    """The open dossiers of the debtor known under one of `cles` (escalade.stockage.cles),
    by reference; else, when none and a VAT number is given, those whose debtor has that
    VAT number (a foreign buyer has no SIREN: its key is its name, which invoices spell
    differently). Both compared in the compact form python-stdnum gives at input."""
    d = s.dossiers.c
    requete = select(d.id).where(d.ouvert.is_(True)).order_by(d.reference)
    ids: list[int] = []
    if cles:
        par_cle = requete.join(s.debiteurs, s.debiteurs.c.id == d.debiteur_id)
        ids = list(conn.execute(par_cle.where(s.debiteurs.c.cle.in_(cles))).scalars())
    if not ids and tva:
        ids = list(conn.execute(requete.where(d.debiteur["tva"].as_string() == tva)).scalars())
    return [x.dossier for x in charger_lot(conn, ids)] if ids else []
