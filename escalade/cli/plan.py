"""`escalade plan`: the next action of each open dossier, its operator and its A/B variant.

Read only. The plan with its assignment and variants is built by
`escalade.stockage.plan_du_jour` (shared with the server); this module prints it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

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
from escalade.cli.parametres import DATE, MONTANT, aujourdhui, imprimer_json
from escalade.droit.valeurs import CANAUX

# --- plan --------------------------------------------------------------------------------


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
    from escalade.stockage.plan_du_jour import plan_du_jour, plan_en_dict

    jour = le or aujourdhui()
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, jour)
    if (en_csv or montant_min is not None) and canal != "telephone":
        raise click.UsageError("--csv et --montant-min vont avec --canal telephone")
    if en_csv and en_json:
        raise click.UsageError("--csv et --json s'excluent")
    with transaction_lecture(moteur(db, creer=False)) as conn:
        p = plan_du_jour(conn, jour, pol, jur, operateur)
        actions = [a for a in p.actions if canal is None or a.canal == canal]
        if canal == "telephone":
            from escalade.cli.appels import afficher, liste_appels

            appels = liste_appels(conn, actions, jour, trier, montant_min)
    if p.inconnus:  # rules naming someone the store does not know: reported, never followed
        click.echo(
            "Attention : la politique affecte des actions à des opérateurs non enregistrés : "
            + ", ".join(p.inconnus),
            err=True,
        )
    if canal == "telephone":
        afficher(appels, jour, "json" if en_json else "csv" if en_csv else "texte")
        return
    responsables, variantes = p.responsables, p.variantes
    if en_json:
        imprimer_json(plan_en_dict(replace(p, actions=actions)))
        return
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
