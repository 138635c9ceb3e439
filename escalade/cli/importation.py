"""`escalade importer`: dossier files (YAML, JSON, CSV portfolio) into the store.

With `--fec` or `--facturx` the command hands over to the accounting import
(`escalade.cli.comptabilite`). All files are read and validated before the one write
transaction (`escalade.stockage.depot.importer`).
"""

from __future__ import annotations

from pathlib import Path

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_JSON
from escalade.cli.parametres import imprimer_json, maintenant
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier


def _url_lisible(db: str | None) -> str:
    from sqlalchemy.engine import make_url

    from escalade.stockage import url_du_depot

    return make_url(url_du_depot(db)).render_as_string(hide_password=True)


def _siren(d: Dossier) -> str | None:
    deb = d.debiteur
    return deb.siren or (deb.siret[:9] if deb.siret else None)


@commande(name="importer")
@click.argument("fichiers", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--fec", is_flag=True, help="FICHIER est un FEC (art. A47 A-1 LPF).")
@click.option(
    "--clients",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CSV",
    help="Avec --fec : CSV des clients (compte, nom, type, SIREN, adresse, email).",
)
@click.option(
    "--creancier",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Le créancier (YAML ou JSON : nom, SIREN, adresse, IBAN) : obligatoire avec --fec ; "
    "avec --facturx, remplace le vendeur des factures (utile en profil MINIMUM, sans adresse).",
)
@click.option("--facturx", is_flag=True, help="FICHIERS : factures Factur-X, CII ou UBL.")
@click.option(
    "--comptes-clients",
    metavar="PREFIXES",
    help="Avec --fec : préfixes des comptes de créances clients, séparés par des virgules "
    "(par défaut 411, ou le champ comptes_clients du fichier du créancier ; ex. 411,4967).",
)
@click.option(
    "--fec-precedent",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Avec --fec : le FEC de l'exercice précédent, pour reprendre les factures d'origine "
    "des soldes à nouveau.",
)
@OPTION_DB
@OPTION_JSON
def importer(fichiers: tuple[Path, ...], db: str | None, en_json: bool, fec: bool = False,
             clients: Path | None = None, creancier: Path | None = None,
             facturx: bool = False, comptes_clients: str | None = None,
             fec_precedent: Path | None = None) -> None:  # fmt: skip
    """Charge des dossiers (YAML, JSON, portefeuille CSV) dans le dépôt.

    Réimporter un dossier le met à jour sans rien dupliquer : un dossier est reconnu à sa
    référence, une facture à son numéro, un paiement à sa date, son montant, sa facture et
    sa référence, un contact à son horodatage, son canal et son objet. Tous les fichiers
    sont lus et validés avant la moindre écriture : une erreur n'écrit rien.
    Avec --fec ou --facturx : import comptable (escalade.cli.comptabilite).
    """
    if fec or facturx:
        from escalade.cli.comptabilite import importer_comptable

        return importer_comptable(
            fichiers, fec, facturx, clients, creancier, db, en_json,
            comptes_clients=comptes_clients, fec_precedent=fec_precedent,
        )  # fmt: skip
    from escalade.entrees.chargement import charger_fichier, iterer_fichiers
    from escalade.stockage import depot
    from escalade.stockage.moteur import moteur, transaction_ecriture

    dossiers = []
    origine: dict[str, str] = {}
    for chemin in iterer_fichiers(list(fichiers)):
        for d in charger_fichier(chemin):
            if d.reference in origine:
                raise EntreeInvalide(
                    f"référence de dossier « {d.reference} » déjà présente dans "
                    f"{origine[d.reference]}",
                    fichier=str(chemin),
                )
            origine[d.reference] = str(chemin)
            dossiers.append(d)
    if not dossiers:
        raise EntreeInvalide("aucun fichier de dossier (.yaml, .yml, .json, .csv) à importer")
    from escalade.stockage.siren_partages import message, sirens_partages

    m = moteur(db)
    with transaction_ecriture(m) as conn:
        bilan = depot.importer(conn, dossiers, maintenant())
        partages = sirens_partages(conn, [sn for d in dossiers if (sn := _siren(d))])
    for p in partages:
        click.echo(message(p), err=True)
    for avertissement in bilan.avertissements:
        click.echo(f"Attention : {avertissement}", err=True)
    if en_json:
        imprimer_json(
            {
                "dossiers": len(dossiers),
                "crees": bilan.dossiers_crees,
                "mis_a_jour": bilan.dossiers_mis_a_jour,
                "lignes_ajoutees": dict(sorted(bilan.lignes_ajoutees.items())),
                "depot": _url_lisible(db),
                "avertissements": bilan.avertissements,
                "siren_partages": [
                    {
                        "siren": p.siren,
                        "noms": [{"nom": nom, "dossiers": list(refs)} for nom, refs in p.noms],
                    }
                    for p in partages
                ],
            }
        )
        return
    n = len(dossiers)
    click.echo(
        f"{n} dossier{'s' if n > 1 else ''} importé{'s' if n > 1 else ''} "
        f"({bilan.dossiers_crees} nouveau{'x' if bilan.dossiers_crees > 1 else ''}, "
        f"{bilan.dossiers_mis_a_jour} mis à jour) dans {_url_lisible(db)}"
    )
