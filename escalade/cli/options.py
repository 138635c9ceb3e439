"""Options and the subcommand group shared by the command families that use the store.

`--db`, `--json`, `--politique`, `--operateur` (the same names, help texts and environment
variables on every command), `GroupeFr` for a family with subcommands (`litige ouvrir`...),
and the creditor's recovery policy read from `--politique`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from escalade.cli import CommandeFr, ContexteFr
from escalade.droit.erreurs import EntreeInvalide

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.politique_modele import Politique

OPTION_JSON = click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")

OPTION_DB = click.option(
    "--db",
    metavar="URL",
    help="Dépôt : URL SQLAlchemy ou fichier SQLite (par défaut ESCALADE_DB, sinon "
    "escalade.sqlite dans $ESCALADE_DATA ou le répertoire courant).",
)

OPTION_POLITIQUE = click.option(
    "--politique",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ESCALADE_POLITIQUE",
    help="Politique de recouvrement du créancier (YAML ; par défaut ESCALADE_POLITIQUE, "
    "sinon la politique par défaut).",
)

OPTION_MODELES = click.option(
    "--modeles",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ESCALADE_MODELES",
    help="Dossier des modèles du cabinet (HTML, DOCX, lettre.css, logo.png), prioritaires sur "
    "les modèles fournis (par défaut ESCALADE_MODELES ; « escalade modeles copier » en crée "
    "un).",
)

OPTION_OPERATEUR = click.option(
    "--operateur",
    envvar="ESCALADE_OPERATEUR",
    help="Nom de l'opérateur (par défaut ESCALADE_OPERATEUR).",
)


class GroupeFr(click.Group):
    """A command family with subcommands (litige ouvrir|clore...), French help."""

    context_class = ContexteFr
    command_class = CommandeFr

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Affiche cette aide et quitte."
        return option


def politique_du_creancier(
    chemin: Path | None, jur: Jurisprudence, le: date | None = None
) -> Politique:
    """See `escalade.recouvrement.politique_creancier` (shared with the server)."""
    from escalade.recouvrement.politique_creancier import politique_du_creancier as politique

    return politique(chemin, jur, le)


REPONSES_OUI = ("o", "oui", "y", "yes")
REPONSES_NON = ("n", "non", "no")


def confirmer(question: str, *, defaut: bool = False, refus_sans_reponse: str) -> bool:
    """Ask a yes/no question in French (« [o/N] »; click.confirm prints « [y/N] »).

    No answer to read (no terminal, stdin closed or empty): an input error naming
    `refus_sans_reponse` (how to answer without a prompt, e.g. « passez --oui »), exit 2,
    never click's « Interrompu » with exit 1.
    """
    suffixe = " [O/n] : " if defaut else " [o/N] : "
    while True:
        try:
            reponse = click.prompt(
                question + suffixe, default="", show_default=False, prompt_suffix="", err=True
            )
        except click.exceptions.Abort:
            click.echo(err=True)  # the prompt's line stays open without an answer
            raise EntreeInvalide(
                f"aucune réponse à la question « {question} » (pas de terminal pour la "
                f"poser) : {refus_sans_reponse}"
            ) from None
        texte = str(reponse).strip().lower()
        if not texte:
            return defaut
        if texte in REPONSES_OUI:
            return True
        if texte in REPONSES_NON:
            return False
        click.echo("Répondez o (oui) ou n (non).", err=True)
