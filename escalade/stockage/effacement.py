"""What the purge writes for each retention category: erase or pseudonymise, set-based.

One function per category of `escalade.rgpd.regles_conservation.CATEGORIES`, each one statement per
table for a whole batch of dossiers (`APPLIQUER`), run by `escalade.stockage.purge` inside the
purge's own door of the append-only triggers. The pseudonym of a debtor is
"Pseudonyme D000042" (its internal row number): stable across its dossiers, so statistics
per debtor survive, and meaningless once the debtor row itself is pseudonymised (when its
last dossier is).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, String, bindparam, cast, select, update

from escalade.stockage import schema as s

EFFACE = "[effacé]"  # NOT NULL free-text columns (litiges.motif, audit.motif)


def pseudonyme(debiteur_id: int) -> str:
    return f"Pseudonyme D{debiteur_id:06d}"


def _pseudonymiser_identite(conn: Connection, ids: Sequence[int]) -> None:
    lignes = conn.execute(
        select(s.dossiers.c.id, s.dossiers.c.debiteur, s.dossiers.c.debiteur_id).where(
            s.dossiers.c.id.in_(ids)
        )
    ).all()
    gardes = ("type", "segment", "canaux_refuses", "procedure_collective", "commercant",
              "forme_juridique")  # fmt: skip
    nouveaux = []
    for ligne in lignes:
        avant = ligne.debiteur
        adresse = avant.get("adresse") or {}
        apres = {k: avant[k] for k in gardes if k in avant}
        apres["nom"] = pseudonyme(ligne.debiteur_id)
        apres["adresse"] = {
            "lignes": [],
            "code_postal": adresse.get("code_postal", "00000"),
            "ville": adresse.get("ville", ""),
            "pays": adresse.get("pays", "France"),
        }
        nouveaux.append({"cible": ligne.id, "valeur": apres})
    conn.execute(
        update(s.dossiers)
        .where(s.dossiers.c.id == bindparam("cible"))
        .values(debiteur=bindparam("valeur")),
        nouveaux,
    )
    c = s.contacts.c
    conn.execute(
        update(s.contacts)
        .where(c.dossier_id.in_(ids), c.interlocuteur.is_not(None))
        .values(interlocuteur=None)
    )


def pseudonymiser_debiteurs(conn: Connection, debiteur_ids: set[int]) -> None:
    """A debtor row loses its name and key once every one of its dossiers is pseudonymised."""
    if not debiteur_ids:
        return
    d = s.dossiers.c
    faites = select(s.purges.c.dossier_id).where(s.purges.c.categorie == "identite_coordonnees")
    restants = set(
        conn.execute(
            select(d.debiteur_id).where(d.debiteur_id.in_(debiteur_ids), d.id.not_in(faites))
        ).scalars()
    )
    a_faire = [
        {"cible": i, "nom": pseudonyme(i), "cle": f"pseudonyme:{i}"}
        for i in sorted(debiteur_ids - restants)
    ]
    if a_faire:
        conn.execute(
            update(s.debiteurs)
            .where(s.debiteurs.c.id == bindparam("cible"))
            .values(nom=bindparam("nom"), cle=bindparam("cle")),
            a_faire,
        )


def _effacer_notes(conn: Connection, ids: Sequence[int]) -> None:
    c = s.contacts.c
    conn.execute(
        update(s.contacts)
        .where(c.dossier_id.in_(ids), (c.note.is_not(None)) | (c.resultat.is_not(None)))
        .values(note=None, resultat=None)
    )
    li = s.litiges.c
    conn.execute(
        update(s.litiges).where(li.dossier_id.in_(ids), li.motif != EFFACE).values(motif=EFFACE)
    )
    # The history key embeds the reason (étape|date|motif): rebuilt without it.
    h = s.historique.c
    conn.execute(
        update(s.historique)
        .where(h.dossier_id.in_(ids), h.motif.is_not(None))
        .values(motif=None, cle=h.etape + "|" + cast(h.le, String) + "|#" + cast(h.id, String))
    )


def _effacer_documents(conn: Connection, ids: Sequence[int]) -> None:
    c = s.contacts.c
    conn.execute(
        update(s.contacts)
        .where(c.dossier_id.in_(ids), c.document.is_not(None))
        .values(document=None)
    )
    d = s.dossiers.c
    avec_numero = select(d.id, d.mise_en_demeure).where(
        d.id.in_(ids), d.mise_en_demeure["numero_lrar"].as_string().is_not(None)
    )
    nouveaux = [
        {"cible": i, "valeur": {k: v for k, v in mise.items() if k != "numero_lrar"}}
        for i, mise in conn.execute(avec_numero)
        if mise and mise.get("numero_lrar")
    ]
    if nouveaux:
        conn.execute(
            update(s.dossiers)
            .where(d.id == bindparam("cible"))
            .values(mise_en_demeure=bindparam("valeur")),
            nouveaux,
        )


def _effacer_pieces(conn: Connection, ids: Sequence[int]) -> None:
    conn.execute(update(s.factures).where(s.factures.c.dossier_id.in_(ids)).values(pieces=[]))
    # The payment key embeds its reference (date|montant|facture|reference): rebuilt.
    p = s.paiements.c
    conn.execute(
        update(s.paiements)
        .where(p.dossier_id.in_(ids), p.reference.is_not(None))
        .values(reference=None, cle="#" + cast(p.id, String))
    )


def _effacer_audit(conn: Connection, ids: Sequence[int]) -> None:
    a = s.audit.c
    conn.execute(
        update(s.audit)
        .where(a.dossier_id.in_(ids), a.action != "purge", a.motif != EFFACE)
        .values(motif=EFFACE)
    )


APPLIQUER: dict[str, Callable[[Connection, Sequence[int]], None]] = {
    "identite_coordonnees": _pseudonymiser_identite,
    "journal_contacts_notes": _effacer_notes,
    "documents_produits": _effacer_documents,
    "montants_factures": _effacer_pieces,
    "journal_audit": _effacer_audit,
}
