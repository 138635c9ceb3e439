"""Personal data looked up in the store: a person's export (GDPR art. 15 and 20), and the
stored free texts that look sensitive or excessive (CNIL, zones bloc-notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from escalade.droit.erreurs import EntreeInvalide
from escalade.stockage import schema as s


@dataclass(frozen=True)
class NoteSensible:
    dossier: str
    source: str  # contacts.note | contacts.resultat | litiges.motif | historique.motif
    le: str  # when (ISO)
    texte: str
    categories: tuple[str, ...]


def notes_sensibles(conn: Connection) -> list[NoteSensible]:
    """Every stored free text that looks sensitive or excessive (escalade.rgpd.notes_sensibles)."""
    from escalade.rgpd.notes_sensibles import categories

    d = s.dossiers.c
    sources: list[tuple[str, Any, Any, Any]] = [
        ("contacts.note", s.contacts, s.contacts.c.note, s.contacts.c.le),
        ("contacts.resultat", s.contacts, s.contacts.c.resultat, s.contacts.c.le),
        ("litiges.motif", s.litiges, s.litiges.c.motif, s.litiges.c.ouvert_le),
        ("historique.motif", s.historique, s.historique.c.motif, s.historique.c.le),
    ]
    resultat = []
    for nom, table, colonne, quand in sources:
        requete = (
            select(d.reference, colonne, quand)
            .join(s.dossiers, s.dossiers.c.id == table.c.dossier_id)
            .where(colonne.is_not(None))
            .order_by(d.reference, table.c.id)
        )
        for reference, texte_, le in conn.execute(requete):
            trouve = categories(texte_)
            if trouve:
                resultat.append(NoteSensible(reference, nom, le.isoformat(), texte_, trouve))
    return resultat


# --- access export (RGPD art. 15 and 20) -----------------------------------------------------


CHAMPS_DEBITEUR = ("nom", "representant", "email", "telephone", "siren", "siret")
CHAMPS_INTERLOCUTEUR = ("nom", "email", "telephone")


def _meilleure(
    personne: str, objet: dict[str, Any], champs: tuple[str, ...]
) -> tuple[str, str] | None:
    """(`exacte` or `proche`, the field) for the best match of `personne` in `objet`."""
    from escalade.rgpd.identite import comparer

    proche = None
    for champ in champs:
        c = comparer(personne, objet.get(champ))
        if c == "exacte":
            return c, champ
        if c == "proche" and proche is None:
            proche = (c, champ)
    return proche


def _candidat(reference: str, role: str, objet: dict[str, Any], champ: str) -> dict[str, Any]:
    return {"dossier": reference, "role": role, "nom": objet.get("nom"), "champ": champ,
            "valeur": objet.get(champ)}  # fmt: skip


def _json(valeur: Any) -> Any:
    from decimal import Decimal

    if isinstance(valeur, Decimal):
        return format(valeur, "f")
    if isinstance(valeur, date | datetime):
        return valeur.isoformat()
    return valeur


def _lignes(conn: Connection, table: Any, dossier_id: int) -> list[dict[str, Any]]:
    requete = select(table).where(table.c.dossier_id == dossier_id).order_by(table.c.id)
    return [
        {k: _json(v) for k, v in r._mapping.items() if k not in {"id", "dossier_id", "debiteur_id"}}
        for r in conn.execute(requete)
    ]


def exporter(conn: Connection, personne: str) -> dict[str, Any]:
    """Everything the store holds about one person: as the debtor (the whole dossier: every
    part of it is about them), or as a contact person of a debtor (only the lines naming
    them). Matched (`escalade.rgpd.identite.comparer`) on the name, civility, case, accents
    and word order ignored, on the email, the phone or the SIREN/SIRET. Close but not equal
    values (same surname, a typo) are not exported: they are listed in `candidats` for the
    user to confirm."""
    from escalade.rgpd.identite import comparer

    if not personne.strip():
        raise EntreeInvalide("personne à rechercher vide", champ="PERSONNE")
    d = s.dossiers.c
    comme_debiteur: list[dict[str, Any]] = []
    comme_interlocuteur: list[dict[str, Any]] = []
    candidats: list[dict[str, Any]] = []
    for ligne in conn.execute(select(s.dossiers).order_by(d.reference)):
        debiteur = ligne.debiteur
        trouve = _meilleure(personne, debiteur, CHAMPS_DEBITEUR)
        if trouve is not None and trouve[0] == "exacte":
            comme_debiteur.append(_dossier_complet(conn, ligne))
            continue
        if trouve is not None:
            candidats.append(_candidat(ligne.reference, "debiteur", debiteur, trouve[1]))
        exacts = []
        for i in debiteur.get("interlocuteurs") or []:
            t = _meilleure(personne, i, CHAMPS_INTERLOCUTEUR)
            if t is not None and t[0] == "exacte":
                exacts.append(i)
            elif t is not None:
                candidats.append(_candidat(ligne.reference, "interlocuteur", i, t[1]))
        contacts = []
        for c in _lignes(conn, s.contacts, ligne.id):
            t_ = comparer(personne, c.get("interlocuteur"))
            if t_ == "exacte":
                contacts.append(c)
            elif t_ == "proche":
                candidats.append({"dossier": ligne.reference, "role": "interlocuteur",
                                  "nom": c.get("interlocuteur"), "champ": "contacts.interlocuteur",
                                  "valeur": c.get("interlocuteur")})  # fmt: skip
        if exacts or contacts:
            comme_interlocuteur.append(
                {
                    "dossier": ligne.reference,
                    "debiteur": debiteur.get("nom"),
                    "interlocuteur": exacts,
                    "contacts": contacts,
                }
            )
    uniques = list({(c["dossier"], c["role"], c["nom"]): c for c in candidats}.values())
    return {
        "personne": personne,
        "references": ["RGPD art. 15", "RGPD art. 20"],
        "comme_debiteur": comme_debiteur,
        "comme_interlocuteur": comme_interlocuteur,
        "candidats": uniques,
    }


def _dossier_complet(conn: Connection, ligne: Any) -> dict[str, Any]:
    a = s.audit.c
    audit = [
        {k: _json(v) for k, v in r._mapping.items()}
        for r in conn.execute(
            select(a.le, a.action, a.operateur, a.motif).where(a.dossier_id == ligne.id)
            .order_by(a.id)
        )
    ]  # fmt: skip
    purges = [
        {k: _json(v) for k, v in r._mapping.items()}
        for r in conn.execute(
            select(s.purges.c.categorie, s.purges.c.action, s.purges.c.au)
            .where(s.purges.c.dossier_id == ligne.id).order_by(s.purges.c.id)
        )
    ]  # fmt: skip
    return {
        "reference": ligne.reference,
        "debiteur": ligne.debiteur,
        "creancier": ligne.creancier.get("nom"),
        "etape": ligne.etape,
        "mise_en_demeure": ligne.mise_en_demeure,
        "jugement": ligne.jugement,
        "injonction": ligne.injonction,
        "petites_creances": ligne.petites_creances,
        "importe_le": _json(ligne.importe_le),
        **{t: _lignes(conn, getattr(s, t), ligne.id) for t in (
            "factures", "paiements", "avoirs", "litiges", "echeanciers", "interruptions",
            "contacts", "historique")},
        "audit": audit,
        "purges": purges,
    }  # fmt: skip
