"""The store side of steering: operators, recorded costs, and the rows the KPIs read.

Operators and costs are plain rows (migration 0003). The KPI readers select only the
columns the pure `escalade.indicateurs` needs, aggregate the contact journal in SQL (the
first date of each escalation step per dossier: one GROUP BY over the journal instead of
loading 500 000 contacts), and never build a `Dossier`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from escalade.erreurs import EntreeInvalide
from escalade.historique import Transition
from escalade.modele import Creancier
from escalade.operateurs import Operateur
from escalade.stockage import schema as s

# --- operators -----------------------------------------------------------------------


def ajouter_operateur(conn: Connection, op: Operateur, maintenant: datetime) -> bool:
    """Add an operator, or update its email and role; True when the operator is new."""
    existant = conn.execute(select(s.operateurs.c.id).where(s.operateurs.c.nom == op.nom)).scalar()
    if existant is None:
        conn.execute(
            s.operateurs.insert().values(
                nom=op.nom, email=op.email, role=op.role, cree_le=maintenant
            )
        )
        return True
    conn.execute(
        s.operateurs.update()
        .where(s.operateurs.c.id == existant)
        .values(email=op.email, role=op.role)
    )
    return False


def lister_operateurs(conn: Connection) -> list[Operateur]:
    return [
        Operateur(r.nom, r.email, r.role)
        for r in conn.execute(select(s.operateurs).order_by(s.operateurs.c.nom))
    ]


def exiger_operateur(conn: Connection, nom: str) -> None:
    """A name that is not a registered operator is an input error (exit 2)."""
    connus = [o.nom for o in lister_operateurs(conn)]
    if nom not in connus:
        liste = ", ".join(connus) if connus else "aucun n'est enregistré"
        raise EntreeInvalide(
            f"opérateur « {nom} » inconnu ({liste}) : enregistrez-le d'abord avec "
            f"« escalade operateur ajouter {nom} »",
            champ="--operateur",
        )


def creanciers_des_dossiers(conn: Connection, references: Sequence[str]) -> dict[str, Creancier]:
    """The creditor of each dossier (the assignment rules by creditor need it)."""
    resultat: dict[str, Creancier] = {}
    refs = sorted(set(references))
    for i in range(0, len(refs), 500):
        requete = select(s.dossiers.c.reference, s.dossiers.c.creancier).where(
            s.dossiers.c.reference.in_(refs[i : i + 500])
        )
        for r in conn.execute(requete):
            resultat[r.reference] = Creancier.model_construct(**_partie(r.creancier))
    return resultat


def _partie(brut: dict[str, Any]) -> dict[str, Any]:
    return {k: brut.get(k) for k in ("nom", "siren", "siret")}


# --- creditors and costs ---------------------------------------------------------------


def cle_du_creancier(conn: Connection, creancier: str) -> str:
    """A creditor given by SIREN, store key or name, as its store key (`creancier_cle`)."""
    brut = creancier.strip()
    candidats = {brut, f"siren:{brut.replace(' ', '')}"}
    trouve = conn.execute(
        select(s.dossiers.c.creancier_cle).where(s.dossiers.c.creancier_cle.in_(candidats)).limit(1)
    ).scalar()
    if trouve is not None:
        return str(trouve)
    from escalade.stockage.depot import _normaliser

    cible = _normaliser(brut)
    un_par_creancier = select(func.min(s.dossiers.c.id)).group_by(s.dossiers.c.creancier_cle)
    requete = select(s.dossiers.c.creancier_cle, s.dossiers.c.creancier).where(
        s.dossiers.c.id.in_(un_par_creancier)
    )
    for cle, donnees in conn.execute(requete):
        if _normaliser(str(donnees.get("nom", ""))) == cible:
            return str(cle)
    raise EntreeInvalide(
        f"aucun créancier « {creancier} » dans le dépôt (SIREN ou nom attendu)",
        champ="--creancier",
    )


def ajouter_frais(
    conn: Connection,
    *,
    date_: date,
    montant: Decimal,
    nature: str,
    libelle: str | None,
    maintenant: datetime,
    dossier: str | None = None,
    creancier: str | None = None,
) -> str:
    """Record one collection cost; returns the creditor's store key it was charged to."""
    dossier_id = None
    if dossier is not None:
        r = conn.execute(
            select(s.dossiers.c.id, s.dossiers.c.creancier_cle).where(
                s.dossiers.c.reference == dossier
            )
        ).first()
        if r is None:
            raise EntreeInvalide(f"aucun dossier « {dossier} » dans le dépôt", champ="--dossier")
        dossier_id, cle = int(r.id), str(r.creancier_cle)
        if creancier is not None and cle_du_creancier(conn, creancier) != cle:
            raise EntreeInvalide(
                f"le dossier « {dossier} » n'appartient pas au créancier « {creancier} »",
                champ="--creancier",
            )
    elif creancier is not None:
        cle = cle_du_creancier(conn, creancier)
    else:
        raise EntreeInvalide("indiquez --dossier ou --creancier", champ="--creancier")
    conn.execute(
        s.frais.insert().values(
            creancier_cle=cle,
            dossier_id=dossier_id,
            date=date_,
            montant=montant,
            nature=nature,
            libelle=libelle,
            enregistre_le=maintenant,
        )
    )
    return cle


def total_frais(conn: Connection, du: date, au: date, cle: str | None) -> Decimal:
    """The costs dated within [du, au] (exact sum in Python: amounts are decimal text)."""
    requete = select(s.frais.c.montant).where(s.frais.c.date >= du, s.frais.c.date <= au)
    if cle is not None:
        requete = requete.where(s.frais.c.creancier_cle == cle)
    return sum((m for m in conn.execute(requete).scalars()), Decimal(0))


def frais_par_nature(conn: Connection, du: date, au: date, cle: str | None) -> dict[str, Decimal]:
    requete = select(s.frais.c.nature, s.frais.c.montant).where(
        s.frais.c.date >= du, s.frais.c.date <= au
    )
    if cle is not None:
        requete = requete.where(s.frais.c.creancier_cle == cle)
    resultat: dict[str, Decimal] = {}
    for nature, montant in conn.execute(requete):
        resultat[nature] = resultat.get(nature, Decimal(0)) + montant
    return dict(sorted(resultat.items()))


def compter(conn: Connection, table: str) -> int:
    t = s.metadata.tables[table]
    return int(conn.execute(select(func.count()).select_from(t)).scalar_one())


# --- a dossier's history ------------------------------------------------------------------


def transitions_du_dossier(conn: Connection, dossier_id: int) -> list[Transition]:
    """The store's history rows of one dossier, in recording order."""
    h = s.historique.c
    requete = (
        select(h.etape, h.le, h.evenement, h.motif, h.operateur)
        .where(h.dossier_id == dossier_id)
        .order_by(h.id)
    )
    return [
        Transition(r.etape, r.le, r.evenement, r.motif, r.operateur) for r in conn.execute(requete)
    ]
