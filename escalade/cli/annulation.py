"""`contact annuler ID --motif`: a wrong contact is annulled by a new row, never deleted.

`escalade contact` stays the command that records a contact (`escalade.cli.contacts`); this
module wraps it in a group whose only sub-command is `annuler`: any other first argument is a
dossier reference handed to the recording command unchanged.
"""

from __future__ import annotations

import click

from escalade.cli import CommandeFr, ContexteFr, commande
from escalade.cli.contacts import contact as enregistrer
from escalade.cli.options import OPTION_DB, OPTION_JSON, OPTION_OPERATEUR
from escalade.cli.parametres import imprimer_json, maintenant


@commande(name="annuler")
@click.argument("contact_id", metavar="ID", type=click.IntRange(min=1))
@click.option("--motif", required=True, help="Pourquoi ce contact est annulé (journalisé).")
@OPTION_OPERATEUR
@OPTION_DB
@OPTION_JSON
def annuler(
    contact_id: int, motif: str, operateur: str | None, db: str | None, en_json: bool
) -> None:
    """Annule un contact enregistré par erreur (saisie erronée, mauvais dossier...).

    ID : le numéro du contact (affiché à son enregistrement, et par escalade historique).
    Rien n'est effacé : une ligne d'annulation (qui, quand, pourquoi) est ajoutée au
    journal ; le contrôle de conformité, le plan et les rapports ne comptent plus ce
    contact.
    """
    from escalade.cli.contacts import moment_fr, verifier_operateur_contact
    from escalade.stockage.annulations import annuler_contact
    from escalade.stockage.moteur import moteur

    if operateur:
        verifier_operateur_contact(db, operateur)
    a = annuler_contact(moteur(db, creer=False), contact_id, motif, operateur, maintenant())
    if en_json:
        imprimer_json(
            {"annule": a.contact_id, "dossier": a.reference, "le": a.le.isoformat(),
             "canal": a.canal, "objet": a.objet}
        )  # fmt: skip
        return
    click.echo(
        f"Contact n° {a.contact_id} annulé ({a.reference}, {a.objet} par {a.canal} du "
        f"{moment_fr(a.le)}) : il ne compte plus, la ligne reste au journal."
    )


class GroupeContact(click.Group):
    """`contact annuler ...`, else `contact DOSSIER ...` (the recording command)."""

    context_class = ContexteFr
    command_class = CommandeFr

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in self.commands:
            return super().resolve_command(ctx, args)
        return "contact", enregistrer, args

    def invoke(self, ctx: click.Context) -> object:
        """`contact DOSSIER ...` runs as `escalade contact` itself (its usage line and errors)."""
        args = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        if args and args[0] in self.commands:
            return super().invoke(ctx)
        with enregistrer.make_context(ctx.info_name, args, parent=ctx.parent) as sous:
            return enregistrer.invoke(sous)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with click.Context(enregistrer, info_name=ctx.info_name, parent=ctx.parent) as sous:
            enregistrer.format_help(sous, formatter)
        formatter.write_paragraph()
        formatter.write_text(
            "Annuler un contact enregistré par erreur : escalade contact annuler ID --motif "
            '"…" (voir escalade contact annuler --help).'
        )


contact = GroupeContact(
    name="contact",
    commands={"annuler": annuler},
    context_settings={"ignore_unknown_options": True},
    add_help_option=False,
    no_args_is_help=False,
    invoke_without_command=True,
)
