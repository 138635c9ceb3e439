"""Debtors stored under one SIREN but several names: shown at import, never merged silently.

The store knows a legal person by its SIREN (`escalade.stockage.cles.cle_debiteur`): every
dossier whose debtor has that SIREN shares one journal, so a call to one counts against the
contact limits of the others and a refusal or a collective proceeding holds for all. When the
names differ (a typo in a SIREN, a group's subsidiaries), the user must see it at import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from escalade.stockage import schema as s


@dataclass(frozen=True)
class SirenPartage:
    siren: str
    noms: tuple[tuple[str, tuple[str, ...]], ...]  # (name as written, dossier references)


def _cle_nom(nom: str) -> str:
    """The name without case, accents, civility, spaces or punctuation (S.A.S. = SAS)."""
    from escalade.rgpd.identite import mots_du_nom

    return "".join(mots_du_nom(nom.replace(".", "")))


def sirens_partages(conn: Connection, sirens: Iterable[str]) -> list[SirenPartage]:
    """For each SIREN of `sirens` whose dossiers name their debtor differently (case, accents,
    punctuation and civility aside), the names and the dossiers under each."""
    resultat = []
    for siren in sorted(set(sirens)):
        d, deb = s.dossiers.c, s.debiteurs.c
        lignes = conn.execute(
            select(d.reference, d.debiteur)
            .join(s.debiteurs, deb.id == d.debiteur_id)
            .where(deb.cle == f"siren:{siren}")
            .order_by(d.reference)
        ).all()
        par_nom: dict[str, tuple[str, list[str]]] = {}
        for reference, debiteur in lignes:
            nom = str(debiteur.get("nom") or "")
            par_nom.setdefault(_cle_nom(nom), (nom, []))[1].append(reference)
        if len(par_nom) > 1:
            resultat.append(SirenPartage(
                siren, tuple((nom, tuple(refs)) for nom, refs in par_nom.values())
            ))  # fmt: skip
    return resultat


def message(p: SirenPartage) -> str:
    noms = ", ".join(f"« {nom} » ({', '.join(refs)})" for nom, refs in p.noms)
    return (
        f"Attention : le SIREN {p.siren} désigne des débiteurs aux noms différents : {noms}. "
        "Le dépôt les traite comme une seule personne (un contact avec l'un compte dans les "
        "limites de contact des autres ; un refus de canal ou une procédure collective vaut "
        "pour tous) : vérifiez le SIREN de chaque dossier."
    )
