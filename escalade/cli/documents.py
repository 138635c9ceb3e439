"""Commands that produce documents: `lettre` (one document) and `lot` (a batch to print).

WeasyPrint and docxtpl are imported only inside these commands (start-up of the other
commands stays fast).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from escalade.cli import commande
from escalade.cli.parametres import DATE, aujourdhui, dossiers_depuis, imprimer_json

FORMATS = ("pdf", "docx")


@commande(name="lettre")
@click.argument("dossier")
@click.option("--modele", "modele", required=True, help="Document à produire (ex. relance_1).")
@click.option(
    "--format", "format_", type=click.Choice(FORMATS), default="pdf", show_default=True,
    help="PDF/A-3b (décompte JSON joint) ou DOCX modifiable.",
)  # fmt: skip
@click.option(
    "--sortie", type=click.Path(path_type=Path), default=Path("."), show_default=True,
    help="Dossier où écrire le document.",
)  # fmt: skip
@click.option("--date", "le", type=DATE, help="Date de la lettre (par défaut : aujourd'hui).")
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")
def lettre(
    dossier: str, modele: str, format_: str, sortie: Path, le: date | None, en_json: bool
) -> None:
    """Produit un document du recouvrement pour un dossier (PDF/A-3b ou DOCX).

    Modèles : relance_1, relance_2, fiche_appel, confirmation_appel, derniere_relance,
    mise_en_demeure, decompte, echeancier ; une variante de test A/B s'écrit modèle@B
    (ex. relance_1@B). Rien n'est écrit si une erreur survient.
    """
    from escalade.documents.contextes import verifier_modele
    from escalade.documents.production import produire
    from escalade.documents.sortie import ecrire_atomique, preparer_dossier, sha256
    from escalade.jurisprudence import jurisprudence

    verifier_modele(modele)
    jour = le or aujourdhui()
    jur = jurisprudence()
    dossiers = dossiers_depuis(dossier)
    produits = [produire(d, modele, jour, jur, format_) for d in dossiers]  # type: ignore[arg-type]
    preparer_dossier(sortie)
    resultats = []
    for p in produits:
        chemin = sortie / p.nom_fichier
        ecrire_atomique(chemin, p.contenu)
        resultats.append(
            {
                "dossier": p.dossier,
                "document": p.document,
                "format": p.format,
                "fichier": str(chemin),
                "pages": p.pages,
                "sha256": sha256(p.contenu),
            }
        )
    if en_json:
        imprimer_json(resultats[0] if len(resultats) == 1 else {"documents": resultats})
        return
    for r in resultats:
        click.echo(f"{r['fichier']}")


@commande(name="lot")
@click.argument("dossiers", nargs=-1)
@click.option("--modele", "modele", help="Ne produire que ce document (ex. relance_1).")
@click.option(
    "--sortie", type=click.Path(path_type=Path), default=Path("lot"), show_default=True,
    help="Dossier du lot : lettres, PDF fusionné à imprimer, manifeste.csv.",
)  # fmt: skip
@click.option("--date", "le", type=DATE, help="Date des lettres (par défaut : aujourd'hui).")
@click.option("--simuler", is_flag=True, help="Affiche ce qui serait produit, sans rien écrire.")
@click.option(
    "--processus",
    type=click.IntRange(min=1),
    help="Nombre de processus (par défaut : un par cœur).",
)
@click.option("--db", help="Dépôt à lire quand aucun dossier n'est donné (URL ou fichier SQLite).")
@click.option(
    "--politique",
    type=click.Path(path_type=Path),
    help="Politique du créancier (YAML) : plans, limites, tests A/B (sinon celle par défaut).",
)
def lot(
    dossiers: tuple[str, ...],
    modele: str | None,
    sortie: Path,
    le: date | None,
    simuler: bool,
    processus: int | None,
    db: str | None,
    politique: Path | None,
) -> None:
    """Produit en lot les lettres du jour, prêtes à imprimer et à poster.

    Chaque dossier reçoit le document que son plan d'escalade prévoit à cette date, si le
    contrôle de conformité l'autorise (--modele restreint à un document ; sans plan, il est
    obligatoire). Écrit une lettre PDF/A par dossier, un PDF fusionné à imprimer et
    manifeste.csv (dossier, document, pages, SHA-256, numéro de recommandé à remplir).
    Sans DOSSIERS, les dossiers ouverts du dépôt. Sous un test A/B de la politique, chaque
    dossier reçoit le modèle de sa variante (ex. relance_1@B). Un lot interrompu reprend là
    où il s'est arrêté. Le lot n'enregistre aucun envoi :
    l'envoi s'enregistre avec « contact » ou en important les numéros de recommandé.
    """
    import sys

    from escalade.documents import lot as batch
    from escalade.documents.sortie import preparer_dossier
    from escalade.erreurs import EntreeInvalide
    from escalade.jurisprudence import jurisprudence

    jour = le or aujourdhui()
    jur = jurisprudence()
    tous = [d for source in dossiers for d in dossiers_depuis(source)] or _ouverts(db)
    pol = None
    if politique is not None:
        from escalade.politique import charger_politique

        if not politique.is_file():
            raise EntreeInvalide("fichier de politique introuvable", fichier=str(politique))
        pol = charger_politique(politique, jur)
    taches, ecartes = batch.selectionner(tous, modele, jour, jur, pol)
    if simuler:
        for tache, nom, fait in batch.previsions(taches, sortie, jour):
            etat = "déjà produit" if fait else "à produire"
            click.echo(f"{tache.dossier.reference}\t{tache.modele}\t{sortie / nom}\t{etat}")
        for e in ecartes:
            click.echo(f"{e.dossier}\t—\t{e.motif}")
        click.echo(f"{len(taches)} lettre(s) prévue(s), {len(ecartes)} dossier(s) écarté(s).")
        return
    preparer_dossier(sortie)
    with _progression(len(taches), sys.stderr.isatty()) as avancer:
        bilan = batch.produire_lot(taches, sortie, jour, processus, avancer)
    for e in ecartes:
        click.echo(f"Écarté : {e.dossier} : {e.motif}", err=True)
    for x in bilan.echecs:
        click.echo(f"Échec : {x.dossier} ({x.document}) : {x.message}", err=True)
    click.echo(
        f"{len(bilan.produites)} lettre(s) produite(s), {len(bilan.reprises)} déjà présente(s), "
        f"{len(bilan.echecs)} échec(s). Manifeste : {bilan.manifeste}"
    )
    if bilan.fusion is not None:
        click.echo(f"À imprimer : {bilan.fusion}")
    if bilan.echecs:
        raise EntreeInvalide(
            "lot incomplet : corrigez les erreurs ci-dessus puis relancez la même commande "
            "(les lettres déjà produites ne seront pas refaites)"
        )


def _ouverts(db: str | None) -> list:  # type: ignore[type-arg]
    """The open dossiers of the store (read-only)."""
    from escalade.stockage.depot import iterer_ouverts
    from escalade.stockage.moteur import moteur, transaction_lecture

    with transaction_lecture(moteur(db, creer=False)) as conn:
        return [s.dossier for s in iterer_ouverts(conn)]


class _progression:
    """A rich progress bar on a terminal; nothing in a pipe."""

    def __init__(self, total: int, terminal: bool) -> None:
        self.total, self.terminal = total, terminal
        self.barre: object | None = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.terminal or self.total == 0:
            return lambda n: None
        from rich.progress import Progress

        barre = Progress(transient=True)
        barre.start()
        tache = barre.add_task("Lettres", total=self.total)
        self.barre = barre
        return lambda n: barre.advance(tache, n)

    def __exit__(self, *args: object) -> None:
        if self.barre is not None:
            self.barre.stop()  # type: ignore[attr-defined]
