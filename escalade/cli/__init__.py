"""The `escalade` command line: one group, one module per command family, loaded lazily.

Only the command that runs is imported, so `escalade decompte` never pays for WeasyPrint
or SQLAlchemy. Domain errors become exit codes here and only here: 2 bad input or usage,
3 refused by the compliance gate, 1 unexpected failure (short message, no traceback).
"""

from __future__ import annotations

import gc
import importlib
import os
import re
import sys
from typing import Any, ClassVar

import click

from escalade.droit.erreurs import ErreurEscalade

# command name -> "module:function"; each family registers its commands here.
COMMANDES: dict[str, str] = {
    "decompte": "escalade.cli.calculs:decompte",
    "delai": "escalade.cli.calculs:delai",
    "en-lettres": "escalade.cli.calculs:en_lettres",
    "lettre": "escalade.cli.documents:lettre",
    "lot": "escalade.cli.documents:lot",
    "taux": "escalade.cli.taux:taux",
    "importer": "escalade.cli.importation:importer",
    "plan": "escalade.cli.plan:plan",
    "verifier": "escalade.cli.contacts:verifier",
    "contact": "escalade.cli.annulation:contact",
    "envoyer": "escalade.cli.envoi:envoyer",
    "rgpd": "escalade.cli.rgpd:rgpd",
    "journal": "escalade.cli.rgpd:journal",
    "paiement": "escalade.cli.transitions:paiement",
    "paiements": "escalade.cli.rapprochement:paiements",
    "avoir": "escalade.cli.transitions:avoir",
    "litige": "escalade.cli.transitions:litige",
    "echeancier": "escalade.cli.transitions:echeancier",
    "echeance-manquee": "escalade.cli.transitions:echeance_manquee",
    "mise-en-demeure": "escalade.cli.etapes_juridiques:mise_en_demeure",
    "procedure-collective": "escalade.cli.etapes_juridiques:procedure_collective",
    "abandon-accessoires": "escalade.cli.etapes_juridiques:abandon_accessoires",
    "injonction": "escalade.cli.procedures:injonction",
    "injonction-suivi": "escalade.cli.suivi_procedures:injonction_suivi",
    "petites-creances": "escalade.cli.procedures:petites_creances",
    "petites-creances-suivi": "escalade.cli.suivi_procedures:petites_creances_suivi",
    "operateur": "escalade.cli.pilotage:operateur",
    "frais": "escalade.cli.pilotage:frais",
    "historique": "escalade.cli.pilotage:historique",
    "rapport": "escalade.cli.rapport:rapport",
    "modeles": "escalade.cli.modeles:modeles",
    "serveur": "escalade.cli.serveur:serveur",
}

# One-shot commands whose whole-process start-up is measured (issue 19), run from the command
# line: the cyclic collector stays off while they run, and what they built is frozen before the
# interpreter exits. Start-up builds objects that live until exit (modules, pydantic's models
# and validators, the law: about 31 000 tracked by the collector for `verifier`, 8-11 ms per
# full collection): collections walked them during the run, and at exit the interpreter's last
# collections walked them again and freed every cycle one by one (together 15-20 % of
# `verifier`'s CPU time).
# Both commands hold one dossier (or a portfolio, for which `decompte` turns the collector off
# itself); finalizers run as before, atexit included: only cycles left at exit stay unfreed.
# They also load no pydantic plugin (escalade uses none): looking for one read the metadata of
# every installed package at the first model built (~7 ms, 0.15x `import click`). A user's own
# PYDANTIC_DISABLE_PLUGINS (empty: load them) is kept.
COMMANDES_BREVES = frozenset({"decompte", "verifier"})

_TRADUCTIONS = (
    (r"No such option:? '?([^'\s]+?)'?\.", r"option inconnue « \1 »."),
    (r"No such command:? '?([^'\s]+?)'?\.", r"commande inconnue « \1 »."),
    (r"\(Did you mean one of: (.*?)\?\)", r"Vouliez-vous dire l'une de celles-ci : \1 ?"),
    (r"Did you mean (.*?)\?", r"Vouliez-vous dire \1 ?"),
    (r"Missing argument '?([^'\s]+?)'?\.", r"argument manquant : \1."),
    (r"Missing option '?([^'\s]+?)'?\.", r"option manquante : \1."),
    (r"Invalid value for (.*?): ", r"valeur invalide pour \1 : "),
    (r"Got unexpected extra arguments? \((.*?)\)", r"argument en trop (\1)"),
    (r"Option '?([^'\s]+?)'? requires an argument\.", r"l'option \1 demande une valeur."),
    (r"(\S+) is not a valid integer( range)?", r"\1 n'est pas un nombre entier"),
    (r"(\S+) is not a valid float( range)?", r"\1 n'est pas un nombre"),
    (r"Choose from:", r"valeurs possibles :"),
    (r"(\S+) is not one of ", r"\1 n'est pas parmi "),
    (r"(\S+) is not (\S+)\.", r"\1 n'est pas \2."),
    (r"does not exist", r"n'existe pas"),
)


def _francais(message: str) -> str:
    """click's English messages (its gettext catalogue has no French) put into French."""
    for anglais, francais in _TRADUCTIONS:
        message = re.sub(anglais, francais, message)
    return message


class FormateurFr(click.HelpFormatter):
    _TITRES: ClassVar[dict[str, str]] = {
        "Options": "Options",
        "Commands": "Commandes",
        "Arguments": "Arguments",
    }

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self._TITRES.get(heading, heading))


class ContexteFr(click.Context):
    formatter_class = FormateurFr


class CommandeFr(click.Command):
    context_class = ContexteFr

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Affiche cette aide et quitte."
        return option


class GroupeParesseux(click.Group):
    """A group whose commands are imported only when used (fast start-up)."""

    context_class = ContexteFr
    command_class = CommandeFr

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cible = COMMANDES.get(cmd_name)
        if cible is None:
            return None
        module, _, nom = cible.partition(":")
        commande = getattr(importlib.import_module(module), nom)
        assert isinstance(commande, click.Command)
        return commande

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Affiche cette aide et quitte."
        return option

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands from their stored summaries: `--help` imports none of them."""
        from escalade.cli.resumes import RESUMES

        noms = self.list_commands(ctx)
        limite = formatter.width - 6 - max(len(n) for n in noms)
        lignes = []
        for nom in noms:
            resume = RESUMES.get(nom)
            if resume is None:
                sous_commande = self.get_command(ctx, nom)
                resume = "" if sous_commande is None else sous_commande.get_short_help_str(1000)
            # click's own shortening of a summary to the width (a bare command carries it)
            lignes.append((nom, click.Command(nom, help=resume).get_short_help_str(limite)))
        with formatter.section("Commandes"):
            formatter.write_dl(lignes)


@click.group(
    cls=GroupeParesseux,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Codes de sortie : 0 fait ou autorisé ; 1 erreur inattendue ; 2 entrée invalide "
    "(rien n'est écrit) ; 3 refusé par le contrôle de conformité ; 4 donnée juridique "
    "manquante (taux non publié ou non enregistré, date hors des données : voir escalade "
    "taux) ; 5 source officielle injoignable (réseau).",
)
@click.version_option(
    package_name="escalade", message="escalade %(version)s", help="Affiche la version et quitte."
)
def cli() -> None:
    """escalade : recouvrement de créances impayées en droit français.

    Décompte exact des sommes dues, délais de procédure, relances et mise en demeure,
    contrôle de conformité avant chaque contact, injonction de payer et petites créances.
    """


def main(argv: list[str] | None = None) -> None:
    """The command line (`argv` None: the process's own, `sys.argv`)."""
    breve = argv is None and len(sys.argv) > 1 and sys.argv[1] in COMMANDES_BREVES
    actif = gc.isenabled()
    if breve:
        gc.disable()
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        _executer(argv)
        # the identifier and bank checks that passed, for the next runs (after a command that
        # succeeded: an error or a refusal writes nothing, not even this cache)
        from escalade.droit.cache_verifications import retenir

        retenir()
    finally:
        if breve:
            gc.freeze()  # the interpreter's collections at exit skip what the command built
            if actif:
                gc.enable()


def _executer(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="escalade", standalone_mode=False)
    except ErreurEscalade as e:
        click.echo(f"Erreur : {e}", err=True)
        if e.articles:
            click.echo(f"Références : {', '.join(e.articles)}", err=True)
        sys.exit(e.code_sortie)
    except click.exceptions.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(1)
    except click.ClickException as e:
        click.echo(f"Erreur : {_francais(e.format_message())}", err=True)
        if isinstance(e, click.UsageError) and e.ctx is not None:
            click.echo(f"Voir « {e.ctx.command_path} --help ».", err=True)
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as e:  # the one broad catch: never a bare traceback for the user
        if os.environ.get("ESCALADE_DEBUG"):
            raise
        click.echo(f"Erreur inattendue ({type(e).__name__}) : {_sans_sql(e)}", err=True)
        click.echo("Relancez avec ESCALADE_DEBUG=1 pour le détail technique.", err=True)
        sys.exit(1)


def _sans_sql(e: Exception) -> str:
    """A database error's own reason, never the SQL statement nor its parameters (they hold
    personal data): SQLAlchemy's message appends both."""
    if not type(e).__module__.startswith("sqlalchemy"):
        return str(e)
    origine = getattr(e, "orig", None)
    raison = str(origine).splitlines()[0] if origine is not None else type(e).__name__
    return f"la base de données a refusé l'opération ({type(origine).__name__} : {raison})"


def commande(**kwargs: Any) -> Any:
    """`click.command` with the French help classes."""
    return click.command(cls=CommandeFr, **kwargs)
