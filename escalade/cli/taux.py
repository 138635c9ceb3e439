"""`escalade taux`: the legal values in force at a date; `taux ajouter` records a published
value in the local law folder, `taux actualiser` fetches the ECB rate from its official
source (ECB Data Portal) or reads a CSV downloaded by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from escalade.cli.options import GroupeFr
from escalade.cli.parametres import DATE, aujourdhui, imprimer_json

EPILOGUE = (
    "Codes de sortie : 0 fait, 2 entrée invalide (rien n'est écrit), 4 donnée juridique "
    "manquante, 5 source officielle injoignable."
)


@click.group(name="taux", cls=GroupeFr, invoke_without_command=True, epilog=EPILOGUE)
@click.option("--date", "le", type=DATE, help="Date (par défaut : aujourd'hui).")
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")
@click.pass_context
def taux(ctx: click.Context, le: date | None, en_json: bool) -> None:
    """Les taux, montants et délais légaux en vigueur à une date, chacun avec sa source.

    Une série que les données ne couvrent pas encore est dite inconnue, avec l'endroit où
    la valeur est publiée et la commande qui l'enregistre : `escalade taux ajouter`
    (valeur publiée, avec sa source) ou `escalade taux actualiser` (taux BCE, depuis le
    ECB Data Portal). Les valeurs ajoutées vont dans le dossier local de jurisprudence
    (variable ESCALADE_JURISPRUDENCE, par défaut ~/.config/escalade/jurisprudence/) ;
    elles sont marquées « valeur locale ».
    """
    if ctx.invoked_subcommand is not None:
        return
    from escalade.cli.affichage import afficher_taux
    from escalade.droit.jurisprudence import dossier_local, jurisprudence
    from escalade.droit.taux_en_vigueur import taux_en_vigueur

    jour = le or aujourdhui()
    lignes = taux_en_vigueur(jurisprudence(), jour)
    if en_json:
        imprimer_json(
            {"date": jour.isoformat(), "dossier_local": str(dossier_local()), "taux": lignes}
        )
        return
    afficher_taux(jour, lignes, str(dossier_local()))


@taux.command(name="ajouter", epilog=EPILOGUE)
@click.argument("serie")
@click.option("--depuis", type=DATE, required=True, help="Date d'effet de la valeur.")
@click.option("--valeur", required=True, help="La valeur publiée (ex. 3,15 pour 3,15 %).")
@click.option(
    "--source", required=True, help='Le texte qui la fixe : "Arrêté du ..., JORF n° ... du ...".'
)
@click.option("--url", help="Adresse de la publication (facultatif).")
@click.option(
    "--connu-jusqu-au",
    type=DATE,
    help="Dernier jour où la valeur est confirmée (par défaut, pour le taux de l'intérêt "
    "légal : la fin du semestre ; obligatoire pour les autres séries).",
)
def ajouter(
    serie: str,
    depuis: date,
    valeur: str,
    source: str,
    url: str | None,
    connu_jusqu_au: date | None,
) -> None:
    """Enregistre une valeur publiée d'une série (SERIE : voir `escalade taux`), avec sa source.

    Refusé, sans rien écrire : une valeur sans source, une date que les données livrées
    couvrent déjà, une valeur mal écrite, un semestre sauté.
    """
    from escalade.droit.jurisprudence import dossier_local
    from escalade.stockage.jurisprudence_locale import ajouter as enregistrer

    e = enregistrer(dossier_local(), serie, depuis, valeur, source, connu_jusqu_au, url)
    for d, v, s in e.ajouts:
        click.echo(f"{e.serie} : {v} à compter du {d:%d/%m/%Y} (source : {s})")
    if e.connu_jusqu_au is not None:
        click.echo(f"  série connue jusqu'au {e.connu_jusqu_au:%d/%m/%Y} ; écrit dans {e.fichier}")


@taux.command(name="actualiser", epilog=EPILOGUE)
@click.option(
    "--fichier",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV de la série FM.B.U2.EUR.4F.KR.MRR_FR.LEV téléchargé à la main (sans internet).",
)
@click.option(
    "--consulte-le",
    type=DATE,
    help="Jour où la source a été lue (par défaut : aujourd'hui ; avec --fichier, le jour "
    "de modification du fichier).",
)
def actualiser(fichier: Path | None, consulte_le: date | None) -> None:
    """Le taux BCE des opérations principales de refinancement, depuis le ECB Data Portal.

    Enregistre dans le dossier local chaque décision que les données n'ont pas encore, avec
    sa source, et que la dernière est toujours en vigueur le jour de la consultation. Une
    panne du réseau est dite en clair (code de sortie 5) ; passez alors par --fichier.
    """
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.droit.jurisprudence import dossier_local
    from escalade.entrees.bce import URL_BCE, lire_csv, telecharger
    from escalade.stockage.jurisprudence_locale import actualiser_bce

    if fichier is not None:
        try:
            texte = fichier.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise EntreeInvalide(f"fichier illisible : {err}", fichier=str(fichier)) from None
        origine = f"fichier {fichier.name}"
        jour = consulte_le or date.fromtimestamp(fichier.stat().st_mtime)
    else:
        texte = telecharger()
        origine = URL_BCE
        jour = consulte_le or aujourdhui()
    observations = lire_csv(texte, str(fichier) if fichier else URL_BCE)
    e = actualiser_bce(dossier_local(), observations, jour, origine)
    derniere = observations[-1]
    click.echo(
        f"BCE, série FM.B.U2.EUR.4F.KR.MRR_FR.LEV lue le {jour:%d/%m/%Y} : "
        f"{len(observations)} observation(s), dernière : {derniere.valeur.normalize():f} % "
        f"à effet du {derniere.date:%d/%m/%Y}."
    )
    for ecart in e.ecarts:
        click.echo(click.style("  écart avec les données livrées : ", fg="yellow") + ecart)
    for d, v, _ in e.ajouts:
        click.echo(f"  nouvelle décision enregistrée : {v} % à effet du {d:%d/%m/%Y}")
    if e.connu_jusqu_au is None:
        click.echo("  rien de nouveau : les données couvrent déjà ce jour.")
    else:
        click.echo(
            f"  taux BCE connu jusqu'au {e.connu_jusqu_au:%d/%m/%Y} ; écrit dans {e.fichier}"
        )
