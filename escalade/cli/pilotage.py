"""Steering commands: operators, recorded costs, a dossier's timeline.

`operateur ajouter|lister|jeton|revoquer`, `frais ajouter|lister` and `historique DOSSIER`.
The pure cores are `escalade.recouvrement.operateurs` and `escalade.pilotage.historique`; the
store is read by `escalade.stockage.pilotage` (tokens: `escalade.stockage.jetons`). The
management report is `escalade.cli.rapport`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_JSON, GroupeFr
from escalade.cli.parametres import DATE, MONTANT, imprimer_json, maintenant

# --- operateur ----------------------------------------------------------------------------


@click.group(name="operateur", cls=GroupeFr)
def operateur() -> None:
    """Les opérateurs de l'équipe : nom, adresse électronique, rôle."""


@operateur.command(name="ajouter")
@click.argument("nom")
@click.option("--email", metavar="ADRESSE", help="Adresse électronique professionnelle.")
@click.option(
    "--role",
    metavar="RÔLE",
    default="gestionnaire",
    help="gestionnaire (par défaut), responsable, juriste ou agent.",
)
@OPTION_DB
@OPTION_JSON
def operateur_ajouter(
    nom: str, email: str | None, role: str, db: str | None, en_json: bool
) -> None:
    """Enregistre un opérateur (ou met à jour son adresse et son rôle)."""
    from escalade.recouvrement.operateurs import valider_operateur
    from escalade.stockage.moteur import moteur, transaction_ecriture
    from escalade.stockage.pilotage import ajouter_operateur

    op = valider_operateur(nom, email, role)
    with transaction_ecriture(moteur(db)) as conn:
        nouveau = ajouter_operateur(conn, op, maintenant())
    if en_json:
        imprimer_json({"nom": op.nom, "email": op.email, "role": op.role, "nouveau": nouveau})
        return
    click.echo(f"Opérateur {op.nom} {'enregistré' if nouveau else 'mis à jour'} ({op.role}).")


@operateur.command(name="lister")
@OPTION_DB
@OPTION_JSON
def operateur_lister(db: str | None, en_json: bool) -> None:
    """Liste les opérateurs enregistrés."""
    from escalade.recouvrement.operateurs import ROLES_FR
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import lister_operateurs

    with transaction_lecture(moteur(db, creer=False)) as conn:
        ops = lister_operateurs(conn)
    if en_json:
        imprimer_json(
            {"operateurs": [{"nom": o.nom, "email": o.email, "role": o.role} for o in ops]}
        )
        return
    if not ops:
        click.echo("Aucun opérateur enregistré.")
    for o in ops:
        click.echo(f"- {o.nom} : {ROLES_FR[o.role]}" + (f" <{o.email}>" if o.email else ""))


@operateur.command(name="jeton")
@click.argument("nom")
@click.option(
    "--role",
    metavar="RÔLE",
    default="gestionnaire",
    help="Droits du jeton : lecture, gestionnaire (par défaut : lecture et saisie) ou "
    "administrateur (saisie, actions RGPD).",
)
@OPTION_DB
@OPTION_JSON
def operateur_jeton(nom: str, role: str, db: str | None, en_json: bool) -> None:
    """Délivre un jeton d'accès au serveur pour un opérateur enregistré.

    Le jeton n'est affiché qu'une fois : le dépôt n'en garde que l'empreinte (SHA-256).
    L'opérateur est celui inscrit au journal pour tout ce que fait le jeton.
    """
    from escalade.stockage.jetons import emettre_jeton
    from escalade.stockage.moteur import moteur, transaction_ecriture

    with transaction_ecriture(moteur(db, creer=False)) as conn:
        jeton = emettre_jeton(conn, nom.strip(), role, maintenant())
    if en_json:
        imprimer_json({"operateur": nom.strip(), "role": role, "jeton": jeton})
        return
    click.echo(f"Jeton ({role}) délivré à {nom.strip()} ; il ne sera plus affiché :")
    click.echo(jeton)


@operateur.command(name="revoquer")
@click.argument("nom")
@OPTION_DB
@OPTION_JSON
def operateur_revoquer(nom: str, db: str | None, en_json: bool) -> None:
    """Révoque tous les jetons d'accès d'un opérateur (effet immédiat)."""
    from escalade.stockage.jetons import revoquer_jetons
    from escalade.stockage.moteur import moteur, transaction_ecriture

    with transaction_ecriture(moteur(db, creer=False)) as conn:
        n = revoquer_jetons(conn, nom.strip(), maintenant())
    if en_json:
        imprimer_json({"operateur": nom.strip(), "revoques": n})
        return
    click.echo(f"{n} jeton{'s' if n > 1 else ''} révoqué{'s' if n > 1 else ''} pour {nom.strip()}.")


# --- frais --------------------------------------------------------------------------------


@click.group(name="frais", cls=GroupeFr)
def frais() -> None:
    """Frais de recouvrement supportés par le créancier (coût par euro recouvré)."""


@frais.command(name="ajouter")
@click.option("--date", "date_", type=DATE, required=True, help="Date de la dépense.")
@click.option("--montant", type=MONTANT, required=True, help="Montant (euros).")
@click.option(
    "--nature",
    metavar="NATURE",
    required=True,
    help="Nature : affranchissement, lrar, agence, commissaire_de_justice, "
    "greffe, avocat, temps_interne...",
)
@click.option(
    "--dossier", metavar="RÉFÉRENCE", help="Dossier concerné (sinon : frais généraux du créancier)."
)
@click.option(
    "--creancier",
    metavar="SIREN|NOM",
    help="Créancier (SIREN ou nom) quand aucun dossier n'est visé.",
)
@click.option("--libelle", metavar="TEXTE", help="Libellé libre.")
@OPTION_DB
@OPTION_JSON
def frais_ajouter(
    date_: date,
    montant: Decimal,
    nature: str,
    dossier: str | None,
    creancier: str | None,
    libelle: str | None,
    db: str | None,
    en_json: bool,
) -> None:
    """Enregistre un frais de recouvrement (date, montant, nature)."""
    from escalade.stockage.moteur import moteur, transaction_ecriture
    from escalade.stockage.pilotage import ajouter_frais

    nature = nature.strip()
    if not nature:
        from escalade.droit.erreurs import EntreeInvalide

        raise EntreeInvalide("la nature du frais est vide", champ="--nature")
    with transaction_ecriture(moteur(db, creer=False)) as conn:
        cle = ajouter_frais(
            conn,
            date_=date_,
            montant=montant,
            nature=nature,
            libelle=libelle,
            maintenant=maintenant(),
            dossier=dossier,
            creancier=creancier,
        )
    if en_json:
        imprimer_json(
            {
                "date": date_.isoformat(),
                "montant": format(montant, "f"),
                "nature": nature,
                "dossier": dossier,
                "creancier": cle,
            }
        )
        return
    from escalade.droit.format_fr import montant_fr

    click.echo(f"Frais de {montant_fr(montant)} ({nature}) enregistré pour {dossier or cle}.")


# --- historique ---------------------------------------------------------------------------


@commande(name="historique")
@click.argument("dossier")
@OPTION_DB
@OPTION_JSON
def historique(dossier: str, db: str | None, en_json: bool) -> None:
    """L'historique consolidé d'un dossier, dans l'ordre : factures, paiements, avoirs,
    contacts (canal, résultat, opérateur), documents produits, étapes, promesses, litiges.

    DOSSIER : référence d'un dossier du dépôt (historique complet, transitions comprises)
    ou fichier de dossier.
    """
    from escalade.pilotage.historique_envois import historique_complet, historique_en_dict

    lu = _historique_lu(dossier, db)
    if en_json:
        imprimer_json(historique_en_dict(*lu))
        return
    _afficher_historique(lu[0].reference, historique_complet(*lu))


def _historique_lu(source: str, db: str | None) -> tuple[Any, list[Any], list[Any]]:
    chemin = Path(source)
    if chemin.exists() or chemin.suffix.lower() in {".yaml", ".yml", ".json"}:
        from escalade.droit.erreurs import EntreeInvalide
        from escalade.entrees.chargement import charger_fichier

        dossiers = charger_fichier(chemin)
        if len(dossiers) != 1:
            raise EntreeInvalide("un seul dossier attendu", fichier=source)
        return dossiers[0], [], []
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import historique_du_depot

    with transaction_lecture(moteur(db, creer=False)) as conn:
        return historique_du_depot(conn, source)


def _afficher_historique(reference: str, evenements: Sequence[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Historique du dossier {reference}", title_justify="left")
    for titre, justifier in (
        ("Date", "left"),
        ("Heure", "left"),
        ("Événement", "left"),
        ("Montant", "right"),
        ("Opérateur", "left"),
    ):
        table.add_column(titre, justify=justifier)  # type: ignore[arg-type]
    from escalade.droit.format_fr import date_courte, montant_fr

    for e in evenements:
        table.add_row(
            date_courte(e.jour),
            e.heure.strftime("%H:%M") if e.heure else "",
            e.libelle,
            montant_fr(e.montant) if e.montant is not None else "",
            e.operateur or "",
        )
    Console(soft_wrap=False).print(table)
