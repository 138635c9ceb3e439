"""`escalade modeles copier DOSSIER`: start a firm's templates folder from the shipped ones
(escalade.documents.modeles_utilisateur), to edit and then use with `--modeles` or
ESCALADE_MODELES."""

from __future__ import annotations

from pathlib import Path

import click

from escalade.cli.options import GroupeFr


@click.group(name="modeles", cls=GroupeFr)
def modeles() -> None:
    """Modèles de lettres du cabinet (en-tête, logo, formulations)."""


@modeles.command(name="copier")
@click.argument("dossier", type=click.Path(path_type=Path))
def copier(dossier: Path) -> None:
    """Copie les modèles fournis (HTML, DOCX, lettre.css, polices) dans DOSSIER.

    Modifiez-les (en-tête, formulations ; logo.png ou logo.jpg ajouté au dossier est
    imprimé en tête des lettres), puis produisez avec --modeles DOSSIER ou
    ESCALADE_MODELES=DOSSIER : un fichier du dossier remplace le modèle fourni du même
    nom, les autres restent ceux fournis. Les mentions obligatoires restent contrôlées à
    chaque rendu : un modèle qui en omet une est refusé. Aucun fichier existant n'est
    écrasé (rien n'est copié si l'un d'eux existe déjà).
    """
    from escalade.documents.modeles_utilisateur import copier as copier_modeles

    copies = copier_modeles(dossier)
    click.echo(f"{len(copies)} fichiers copiés dans {dossier} :")
    for chemin in copies:
        click.echo(f"  {chemin.relative_to(dossier)}")
    click.echo(f"Utilisation : escalade lettre … --modeles {dossier} (ou ESCALADE_MODELES).")
