"""`escalade plan`: the next action of each open dossier, its operator and its A/B variant.

Read only. The plan with its assignment and variants is built by
`escalade.stockage.plan_du_jour` (shared with the server); this module prints it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
from escalade.cli.parametres import DATE, aujourdhui, imprimer_json

# --- plan --------------------------------------------------------------------------------


@commande(name="plan")
@click.option("--date", "le", type=DATE, help="Date du plan (par défaut : aujourd'hui).")
@OPTION_OPERATEUR
@OPTION_POLITIQUE
@OPTION_DB
@OPTION_JSON
def plan(
    le: date | None, operateur: str | None, politique: Path | None, db: str | None, en_json: bool
) -> None:
    """La prochaine action de chaque dossier ouvert : date, canal, document et pourquoi.

    Une action que le contrôle de conformité refuserait est marquée bloquée, avec ses
    motifs et le prochain créneau autorisé. Lecture seule : le plan n'écrit rien.
    """
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.plan_du_jour import plan_du_jour, plan_en_dict

    jour = le or aujourdhui()
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, jour)
    with transaction_lecture(moteur(db, creer=False)) as conn:
        p = plan_du_jour(conn, jour, pol, jur, operateur)
    if p.inconnus:  # rules naming someone the store does not know: reported, never followed
        click.echo(
            "Attention : la politique affecte des actions à des opérateurs non enregistrés : "
            + ", ".join(p.inconnus),
            err=True,
        )
    actions, responsables, variantes = p.actions, p.responsables, p.variantes
    if en_json:
        imprimer_json(plan_en_dict(p))
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
