"""`escalade plan`: the next action of each open dossier, its operator and its A/B variant.

Read only. The plan with its assignment and variants is built by
`escalade.stockage.plan_du_jour` (shared with the server); this module prints it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from escalade.cli import commande
from escalade.cli.contacts import moment_fr
from escalade.cli.options import (
    OPTION_DB,
    OPTION_JSON,
    OPTION_OPERATEUR,
    OPTION_POLITIQUE,
    politique_du_creancier,
)
from escalade.cli.parametres import DATE, MONTANT, aujourdhui
from escalade.droit.valeurs import CANAUX

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.politique_modele import Politique

# --- plan --------------------------------------------------------------------------------


_SEUIL_JEUNES = 50_000  # the collector's first generation during a plan (Python: 700)
_EN_MEMOIRE = 16 * 1024 * 1024  # the spool of plan --json stays in memory up to this size
_MORCEAU = 1024 * 1024
TRIS_APPELS = ("montant", "echeance", "dernier_contact", "debiteur", "dossier")


@commande(name="plan")
@click.option("--date", "le", type=DATE, help="Date du plan (par défaut : aujourd'hui).")
@click.option(
    "--canal",
    type=click.Choice(CANAUX),
    help="Seulement les actions de ce canal ; « telephone » : la liste d'appels du jour.",
)
@click.option(
    "--trier",
    type=click.Choice(TRIS_APPELS),
    default="montant",
    show_default=True,
    help="Ordre de la liste d'appels (montant dû décroissant, plus ancienne échéance...).",
)
@click.option("--montant-min", type=MONTANT, help="Liste d'appels : montant dû d'au moins X €.")
@click.option("--csv", "en_csv", is_flag=True, help="Liste d'appels en CSV.")
@OPTION_OPERATEUR
@OPTION_POLITIQUE
@OPTION_DB
@OPTION_JSON
def plan(
    le: date | None,
    canal: str | None,
    trier: str,
    montant_min: Any,
    en_csv: bool,
    operateur: str | None,
    politique: Path | None,
    db: str | None,
    en_json: bool,
) -> None:
    """La prochaine action de chaque dossier ouvert : date, canal, document et pourquoi.

    Une action que le contrôle de conformité refuserait est marquée bloquée, avec ses
    motifs et le prochain créneau autorisé. Lecture seule : le plan n'écrit rien.

    --canal telephone : la liste d'appels du jour (débiteur, interlocuteur, téléphone,
    principal dû, plus ancienne échéance impayée, dernier contact et son résultat), triée
    par --trier, filtrée par --montant-min et --operateur ; en texte, --json ou --csv.
    """
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.plan_du_jour import plan_du_jour

    jour = le or aujourdhui()
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, jour)
    if (en_csv or montant_min is not None) and canal != "telephone":
        raise click.UsageError("--csv et --montant-min vont avec --canal telephone")
    if en_csv and en_json:
        raise click.UsageError("--csv et --json s'excluent")
    if en_json and canal != "telephone":
        with _collecte_du_plan():
            _plan_json(db, jour, pol, jur, canal, operateur)
        return
    with _collecte_du_plan(), transaction_lecture(moteur(db, creer=False)) as conn:
        p = plan_du_jour(conn, jour, pol, jur, operateur)
        actions = [a for a in p.actions if canal is None or a.canal == canal]
        if canal == "telephone":
            from escalade.cli.appels import afficher, liste_appels

            appels = liste_appels(conn, actions, jour, trier, montant_min)
    _signaler_inconnus(p.inconnus)
    if canal == "telephone":
        afficher(appels, jour, "json" if en_json else "csv" if en_csv else "texte")
        return
    responsables, variantes = p.responsables, p.variantes
    from escalade.droit.format_fr import date_longue

    titre = f"Plan du {date_longue(jour)}" + (f" pour {operateur}" if operateur else "")
    click.echo(f"{titre} : {len(actions)} action{'s' if len(actions) > 1 else ''}")
    for a in actions:
        canal = f" par {a.canal}" if a.canal else ""
        doc = f", document {variantes[a.dossier] or a.document}" if a.document else ""
        jur_ = f", {a.juridiction}" if a.juridiction else ""
        etat = " [BLOQUÉE]" if a.bloquee else ""
        qui = f" → {responsables[a.dossier]}" if responsables[a.dossier] and not operateur else ""
        click.echo(
            f"- {a.dossier} : {a.etape}{canal} le {a.date.isoformat()}{doc}{jur_}{etat}{qui}"
        )
        click.echo(f"    {a.motif}")
        for mo in a.motifs_blocage:
            click.echo(f"    bloquée : [{mo.code}] {mo.message} ({', '.join(mo.articles)})")
        if a.bloquee and a.prochain_creneau is not None:
            click.echo(f"    prochain créneau : {moment_fr(a.prochain_creneau)}")


@contextmanager
def _collecte_du_plan() -> Iterator[None]:
    """Python's cyclic garbage collector tuned for the plan of a whole store, then restored.

    Measured on the 100 000-dossier store (`benchmarks/bench_plan.py`): with the defaults the
    collector ran about 5 000 times for 2 to 4.5 s of the command's 15 to 17 s of CPU; each
    full collection walked every object the imports had built (SQLAlchemy, pydantic's
    schemas, the jurisprudence), which are never garbage. `gc.freeze()` sets them aside and a
    first generation of 50 000 objects makes young collections rare: about 130 collections,
    0.05 s in all. Cycles are still collected (memory stays bounded), less often.
    """
    seuils = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_SEUIL_JEUNES, *seuils[1:])
    try:
        yield
    finally:
        gc.set_threshold(*seuils)
        gc.unfreeze()


def _signaler_inconnus(inconnus: list[str]) -> None:
    if inconnus:  # rules naming someone the store does not know: reported, never followed
        click.echo(
            "Attention : la politique affecte des actions à des opérateurs non enregistrés : "
            + ", ".join(inconnus),
            err=True,
        )


def _plan_json(
    db: str | None,
    jour: date,
    pol: Politique,
    jur: Jurisprudence,
    canal: str | None,
    operateur: str | None,
) -> None:
    """`plan --json`, streamed: the store is read batch by batch and the text of each action
    is written as it comes (memory bounded whatever the number of dossiers), to a spool file
    first, so that an error midway prints nothing on stdout, as before."""
    import tempfile

    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.plan_du_jour import lignes_du_plan, operateurs_inconnus, plan_en_json
    from escalade.stockage.plan_parallele import plan_json_parallele

    with tempfile.SpooledTemporaryFile(_EN_MEMOIRE, "w+", encoding="utf-8") as tampon:
        # A large SQLite store: two processes, each one half (the same text, or None).
        inconnus = plan_json_parallele(db, jour, pol, jur, canal, operateur, tampon)
        if inconnus is None:
            with transaction_lecture(moteur(db, creer=False)) as conn:
                inconnus = operateurs_inconnus(conn, pol, operateur)
                lignes = lignes_du_plan(conn, jour, pol, jur, operateur)
                if canal is not None:
                    lignes = (ligne for ligne in lignes if ligne.action.canal == canal)
                for piece in plan_en_json(jour, operateur, lignes):
                    tampon.write(piece)  # not writelines: it spills to disk only at its end
        _signaler_inconnus(inconnus)
        tampon.seek(0)
        while morceau := tampon.read(_MORCEAU):
            click.echo(morceau, nl=False)
        click.echo()
