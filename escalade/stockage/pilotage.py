"""The store side of steering: operators, recorded costs, and the rows the KPIs read.

Operators and costs are plain rows (migration 0003). The KPI readers select only the
columns the pure `escalade.pilotage.indicateurs` needs, aggregate the contact journal in SQL (the
first date of each escalation step per dossier: one GROUP BY over the journal instead of
loading 500 000 contacts), and never build a `Dossier`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from escalade.droit.erreurs import EntreeInvalide
from escalade.pilotage.historique import Transition
from escalade.pilotage.historique_envois import TentativeCourriel
from escalade.pilotage.resultats_ab import Relance
from escalade.pilotage.suivi_factures import FactureKpi, FraisKpi, MouvementKpi, Portefeuille
from escalade.recouvrement.operateurs import Operateur
from escalade.stockage import schema as s
from escalade.stockage.annulations import non_annule

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
    from escalade.stockage.cles import normaliser as _normaliser

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


def dossier_et_transitions(conn: Connection, reference: str) -> tuple[Any, list[Transition]]:
    """A stored dossier and its history rows (the server's dossier page)."""
    from escalade.stockage.depot import charger

    stocke = charger(conn, reference)
    return stocke.dossier, transitions_du_dossier(conn, stocke.id)


def historique_du_depot(
    conn: Connection, reference: str
) -> tuple[Any, list[Transition], list[TentativeCourriel]]:
    """A stored dossier, its history rows and its email attempts (`historique`, the API)."""
    from escalade.stockage.boite_envoi import du_dossier
    from escalade.stockage.depot import charger

    stocke = charger(conn, reference)
    tentatives = [
        TentativeCourriel(e.le, e.modele, e.destinataire, e.message_id, e.etat, e.erreur)
        for e in du_dossier(conn, stocke.id)
    ]
    return stocke.dossier, transitions_du_dossier(conn, stocke.id), tentatives


# --- the rows of the KPIs -------------------------------------------------------------------

ETAPES_SUIVIES = (
    "relance_1",
    "relance_2",
    "relance_telephonique",
    "derniere_relance",
    "mise_en_demeure",
    "injonction_de_payer",
    "petites_creances",
    "assignation",
)


def _filtre(requete: Any, cle: str | None) -> Any:
    return requete if cle is None else requete.where(s.dossiers.c.creancier_cle == cle)


def _premieres_etapes(conn: Connection, cle: str | None) -> dict[str, dict[str, date]]:
    """The first date of each escalation step per dossier (journal, history, mise en demeure)."""
    d, c, h = s.dossiers.c, s.contacts.c, s.historique.c
    etapes: dict[str, dict[str, date]] = {}

    def noter(reference: str, etape: str, jour: date) -> None:
        par_etape = etapes.setdefault(reference, {})
        if etape not in par_etape or jour < par_etape[etape]:
            par_etape[etape] = jour

    journal = (
        select(d.reference, c.objet, func.min(c.le))
        .join(s.dossiers, d.id == c.dossier_id)
        .where(c.objet.in_(ETAPES_SUIVIES), non_annule())
        .group_by(d.reference, c.objet)
    )
    for reference, objet, premier in conn.execute(_filtre(journal, cle)):
        noter(reference, objet, premier.date())  # Paris day (HorodatageUTC)
    historique = (
        select(d.reference, h.etape, func.min(h.le))
        .join(s.dossiers, d.id == h.dossier_id)
        .where(h.etape.in_(ETAPES_SUIVIES))
        .group_by(d.reference, h.etape)
    )
    for reference, etape, premier in conn.execute(_filtre(historique, cle)):
        noter(
            reference, etape, premier if isinstance(premier, date) else date.fromisoformat(premier)
        )
    med = select(d.reference, d.mise_en_demeure["envoyee_le"].as_string()).where(
        d.mise_en_demeure.is_not(None)
    )
    for reference, envoyee in conn.execute(_filtre(med, cle)):
        if envoyee:
            noter(reference, "mise_en_demeure", date.fromisoformat(envoyee))
    return etapes


def portefeuille(conn: Connection, cle: str | None) -> Portefeuille:
    """Every invoice, payment, credit note, first step date and cost of the store (or of one
    creditor): plain columns, no `Dossier` built."""
    d, f, p, a = s.dossiers.c, s.factures.c, s.paiements.c, s.avoirs.c
    segment = d.debiteur["segment"].as_string()
    factures = [
        FactureKpi(r[0], r[1], r[2] or "occasionnel", r[3], r[4], r[5])
        for r in conn.execute(
            _filtre(
                select(
                    d.reference, f.numero, segment, f.date_emission, f.date_echeance, f.montant_ttc
                ).join(s.dossiers, d.id == f.dossier_id),
                cle,
            )
        )
    ]
    mouvements = {}
    for table, colonnes in ((s.paiements, p), (s.avoirs, a)):
        requete = select(d.reference, colonnes.date, colonnes.montant, colonnes.facture).join(
            s.dossiers, d.id == colonnes.dossier_id
        )
        mouvements[table.name] = [MouvementKpi(*r) for r in conn.execute(_filtre(requete, cle))]
    frais = select(s.frais.c.date, s.frais.c.montant, s.frais.c.nature)
    if cle is not None:
        frais = frais.where(s.frais.c.creancier_cle == cle)
    return Portefeuille(
        factures=factures,
        paiements=mouvements["paiements"],
        avoirs=mouvements["avoirs"],
        etapes=_premieres_etapes(conn, cle),
        frais=[FraisKpi(*r) for r in conn.execute(frais)],
    )


def premieres_relances(conn: Connection, modele: str, cle: str | None) -> list[Relance]:
    """Each dossier's first contact whose subject is `modele`, with the document recorded."""
    d, c = s.dossiers.c, s.contacts.c
    requete = (
        select(d.reference, c.le, c.document)
        .join(s.dossiers, d.id == c.dossier_id)
        .where(c.objet == modele, non_annule())
        .order_by(d.reference, c.le)
    )
    vues: dict[str, Relance] = {}
    for reference, le, document in conn.execute(_filtre(requete, cle)):
        vues.setdefault(reference, Relance(reference, le.date(), document))
    return list(vues.values())
