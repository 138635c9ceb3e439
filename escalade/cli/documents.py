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
    mise_en_demeure, decompte, echeancier. Rien n'est écrit si une erreur survient.
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
