"""`escalade plan`: the next action of each open dossier, its operator and its A/B variant.

Read only. The plan itself comes from the store (`escalade.stockage.planification`); each
action is given to an operator by the policy's rules (`escalade.recouvrement.operateurs`) and,
under an A/B test of wording, to a variant (`escalade.recouvrement.ab_test`).
"""

from __future__ import annotations

from collections.abc import Sequence
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
from escalade.cli.parametres import DATE, MONTANT, aujourdhui, imprimer_json
from escalade.droit.valeurs import CANAUX

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from escalade.recouvrement.action import Action
    from escalade.recouvrement.politique_modele import Politique


# --- assignment ------------------------------------------------------------------------


def responsables_du_plan(
    conn: Connection, actions: Sequence[Action], politique: Politique, operateur: str | None
) -> dict[str, str | None]:
    """Each planned dossier's operator under the policy's rules (reference -> name or None).

    `operateur` (plan --operateur) must be a registered operator. Rules naming someone the
    store does not know are reported on stderr, never silently followed.
    """
    from escalade.recouvrement.operateurs import operateurs_cites, responsable
    from escalade.stockage.pilotage import (
        creanciers_des_dossiers,
        exiger_operateur,
        lister_operateurs,
    )

    if operateur:
        exiger_operateur(conn, operateur)
    connus = {o.nom for o in lister_operateurs(conn)}
    inconnus = [n for n in operateurs_cites(politique) if n not in connus]
    if inconnus:
        click.echo(
            "Attention : la politique affecte des actions à des opérateurs non enregistrés : "
            + ", ".join(inconnus),
            err=True,
        )
    creanciers = creanciers_des_dossiers(conn, [a.dossier for a in actions])
    return {
        a.dossier: responsable(a.dossier, a.etape, creanciers[a.dossier], politique)
        for a in actions
    }


def variantes_du_plan(actions: Sequence[Action], politique: Politique) -> dict[str, str | None]:
    """The template (relance_1 or relance_1@B) of actions under an A/B test, else None."""
    from escalade.recouvrement.ab_test import experience_active, nom_modele, variante

    resultat: dict[str, str | None] = {}
    for a in actions:
        e = experience_active(politique, a.document, a.date)
        resultat[a.dossier] = (
            None if e is None else nom_modele(e.modele, variante(a.dossier, e.nom))
        )
    return resultat


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
    from escalade.recouvrement.action import action_en_dict
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.planification import planifier_depot

    jour = le or aujourdhui()
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, jour)
    if (en_csv or montant_min is not None) and canal != "telephone":
        raise click.UsageError("--csv et --montant-min vont avec --canal telephone")
    if en_csv and en_json:
        raise click.UsageError("--csv et --json s'excluent")
    with transaction_lecture(moteur(db, creer=False)) as conn:
        actions = [
            a for a in planifier_depot(conn, jour, pol, jur) if canal is None or a.canal == canal
        ]
        responsables = responsables_du_plan(conn, actions, pol, operateur)
        if operateur:  # one person's day: the actions the policy's rules give to them
            actions = [a for a in actions if responsables[a.dossier] == operateur]
        if canal == "telephone":
            from escalade.cli.appels import afficher, liste_appels

            appels = liste_appels(conn, actions, jour, trier, montant_min)
    if canal == "telephone":
        afficher(appels, jour, "json" if en_json else "csv" if en_csv else "texte")
        return
    variantes = variantes_du_plan(
        actions, pol
    )  # A/B tests of wording (escalade.recouvrement.ab_test)
    if en_json:
        sortie: dict[str, Any] = {
            "date": jour.isoformat(),
            "actions": [
                {
                    **action_en_dict(a),
                    "operateur": responsables[a.dossier],
                    "variante": variantes[a.dossier],
                }
                for a in actions
            ],
        }
        if operateur:
            sortie["operateur"] = operateur
        imprimer_json(sortie)
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
