"""Commands of daily legal arithmetic: décompte, délai, montant en lettres (taux: cli/taux)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from escalade.cli import commande
from escalade.cli.parametres import DATE, MONTANT, aujourdhui, dossiers_depuis, imprimer_json

if TYPE_CHECKING:
    from escalade.droit.modele import Dossier
    from escalade.entrees.portefeuille_csv import Brouillon

TAMPON_JSON = 32 << 20  # bytes of JSON held in memory before the spool goes to disk
OPTION_JSON = click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")


@commande(name="decompte")
@click.argument("dossiers", nargs=-1, required=True)
@click.option("--date", "le", type=DATE, help="Date du décompte (par défaut : aujourd'hui).")
@OPTION_JSON
def decompte(dossiers: tuple[str, ...], le: date | None, en_json: bool) -> None:
    """Ce que doit le débiteur à une date : principal, pénalités ou intérêts, indemnités.

    DOSSIERS : un ou plusieurs fichiers (YAML, JSON, CSV) ou références de dossiers
    enregistrés.
    """
    import gc

    from escalade.droit.decompte_lot import calculer_lot

    gc.disable()  # one-shot command: rescanning 100 000 loaded invoices tripled the time
    jour = le or aujourdhui()
    # A large portfolio uses every core; all is computed before anything is printed, so an
    # invalid dossier (exit 2) or a missing legal value (exit 4) leaves stdout empty.
    if en_json:
        _imprimer_json_des_decomptes(dossiers, jour)
        return
    tous = [d for source in dossiers for d in dossiers_depuis(source, jour)]
    resultats = list(calculer_lot(tous, jour))
    from escalade.cli.affichage import afficher_decompte

    for d, r in zip(tous, resultats, strict=True):
        afficher_decompte(d, r)


def _dossier_du_brouillon(le: date, brouillon: Brouillon) -> Dossier:
    from escalade.droit.dossier_au import dossier_au
    from escalade.entrees.portefeuille_csv import valider_brouillon

    return dossier_au(valider_brouillon(brouillon), le)


def _imprimer_json_des_decomptes(sources: tuple[str, ...], jour: date) -> None:
    """The JSON of the décomptes. A single CSV portfolio is only read and grouped here: its
    dossiers are validated (errors naming the line), computed and written as JSON text by the
    workers, each its chunk. The text is held in a spooled file (memory bounded, nothing on
    stdout before the last dossier is done), then copied out."""
    import functools
    import tempfile

    from escalade.droit.decompte_lot import Preparer, octets_json_des_decomptes

    elements: Sequence[Dossier | Brouillon]
    preparer: Preparer | None = None
    if len(sources) == 1 and Path(sources[0]).suffix.lower() == ".csv":
        from escalade.entrees.chargement import lire_portefeuille_csv

        elements = lire_portefeuille_csv(Path(sources[0]))
        preparer = functools.partial(_dossier_du_brouillon, jour)
    else:
        elements = [d for source in sources for d in dossiers_depuis(source, jour)]
    with tempfile.SpooledTemporaryFile(TAMPON_JSON) as tampon:
        for morceau in octets_json_des_decomptes(elements, jour, preparer):
            tampon.write(morceau)
        tampon.write(b"\n")
        tampon.seek(0)
        while bloc := tampon.read(1 << 20):
            click.echo(bloc, nl=False)


@commande(name="delai")
@click.option(
    "--depuis", type=DATE, required=True, help="Date de l'événement qui fait courir le délai."
)
@click.option("--jours", type=click.IntRange(min=0), help="Durée en jours.")
@click.option("--mois", type=click.IntRange(min=0), help="Durée en mois (au lieu de --jours).")
@click.option(
    "--code-postal", required=True, help="Code postal du lieu (calendrier des jours fériés)."
)
@OPTION_JSON
def delai(
    depuis: date, jours: int | None, mois: int | None, code_postal: str, en_json: bool
) -> None:
    """Échéance d'un délai de procédure (CPC 640 à 642) dans le calendrier du lieu."""
    from escalade.droit.calendrier import calendrier_pour_code_postal
    from escalade.droit.delais import calculer_delai
    from escalade.droit.format_fr import date_longue, jour_semaine

    if (jours is None) == (mois is None):
        raise click.UsageError("indiquez soit --jours, soit --mois")
    duree, unite = (jours, "jours") if jours is not None else (mois, "mois")
    assert duree is not None
    e = calculer_delai(depuis, duree, unite, calendrier_pour_code_postal(code_postal))  # type: ignore[arg-type]
    if en_json:
        imprimer_json(
            {
                "depuis": depuis.isoformat(),
                "duree": duree,
                "unite": unite,
                "calendrier": e.calendrier,
                "echeance_brute": e.echeance_brute.isoformat(),
                "echeance": e.echeance.isoformat(),
                "prorogee": e.prorogee,
                "motif_prorogation": e.motif_prorogation,
                "references": list(e.references),
            }
        )
        return
    click.echo(f"Délai de {duree} {unite} à compter du {date_longue(depuis)} ({e.calendrier}) :")
    click.echo(f"  échéance : {jour_semaine(e.echeance)} {date_longue(e.echeance)} à minuit")
    if e.prorogee:
        click.echo(
            f"  prorogée depuis le {jour_semaine(e.echeance_brute)} {date_longue(e.echeance_brute)}"
            f" ({e.motif_prorogation})"
        )
    click.echo(f"  références : {', '.join(e.references)}")


@commande(name="en-lettres")
@click.argument("montant", type=MONTANT)
@click.option(
    "--orthographe",
    type=click.Choice(["traditionnelle", "1990"]),
    default="traditionnelle",
    show_default=True,
    help="Orthographe traditionnelle ou rectifiée de 1990 (traits d'union partout).",
)
def en_lettres(montant: Decimal, orthographe: str) -> None:
    """Le montant en toutes lettres, en euros et centimes (C. civ. 1376)."""
    from escalade.droit.montant_en_lettres import montant_en_lettres

    click.echo(montant_en_lettres(montant, orthographe))  # type: ignore[arg-type]
