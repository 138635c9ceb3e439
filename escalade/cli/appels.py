"""`escalade plan --canal telephone`: the day's call list, as text, JSON or CSV.

The list is `escalade.recouvrement.liste_appels`; the dossiers come from the store in the
same read transaction as the plan.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import click

from escalade.cli.parametres import imprimer_json

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from escalade.recouvrement.action import Action
    from escalade.recouvrement.liste_appels import Appel

COLONNES_CSV = (
    "dossier",
    "debiteur",
    "interlocuteur",
    "telephone",
    "montant_du",
    "echeance_plus_ancienne",
    "dernier_contact",
    "dernier_canal",
    "dernier_resultat",
    "etape",
    "date",
    "bloquee",
)


def liste_appels(
    conn: Connection, actions: Sequence[Action], le: date, tri: str, montant_min: Decimal | None
) -> list[Appel]:
    from escalade.recouvrement.liste_appels import appel, trier
    from escalade.stockage.depot import charger

    appels = [appel(charger(conn, a.dossier).dossier, a, le) for a in actions]
    if montant_min is not None:
        appels = [a for a in appels if a.montant_du >= montant_min]
    return trier(appels, tri)


def afficher(appels: Sequence[Appel], le: date, forme: str) -> None:
    from escalade.recouvrement.liste_appels import appel_en_dict

    if forme == "json":
        imprimer_json({"date": le.isoformat(), "appels": [appel_en_dict(a) for a in appels]})
        return
    if forme == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(COLONNES_CSV)
        for a in appels:
            d = appel_en_dict(a)
            w.writerow(["" if d[c] is None else d[c] for c in COLONNES_CSV])
        return
    from escalade.droit.format_fr import date_longue, montant_fr
    from escalade.droit.valeurs import PARIS

    click.echo(f"Appels du {date_longue(le)} : {len(appels)}")
    for a in appels:
        qui = f" ({a.interlocuteur})" if a.interlocuteur else ""
        etat = " [BLOQUÉ]" if a.bloquee else ""
        click.echo(f"- {a.dossier} : {a.debiteur}{qui}, {a.telephone or 'sans numéro'}{etat}")
        echeance = (
            f", échu depuis le {a.echeance_plus_ancienne:%d/%m/%Y}"
            if a.echeance_plus_ancienne
            else ""
        )
        click.echo(f"    dû : {montant_fr(a.montant_du)} en principal{echeance}")
        if a.dernier_contact is not None:
            resultat = f" : {a.dernier_resultat}" if a.dernier_resultat else ""
            click.echo(
                f"    dernier contact : {a.dernier_contact.astimezone(PARIS):%d/%m/%Y %H:%M} par "
                f"{a.dernier_canal}{resultat}"
            )
        else:
            click.echo("    aucun contact encore")
