"""`escalade contact --manifeste manifeste.csv`: the posted letters of a batch, recorded at once.

The work is `escalade.stockage.manifeste`; this prints what was recorded, already there,
set aside or refused (exit 3 when the gate refused one).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from escalade.cli.options import politique_du_creancier
from escalade.cli.parametres import imprimer_json, maintenant

ETATS_FR = {
    "enregistre": "enregistrée",
    "deja_enregistre": "déjà enregistrée",
    "ecarte": "écartée",
    "refuse": "refusée",
}


def contacts_du_manifeste(
    chemin: Path,
    le: datetime | None,
    operateur: str | None,
    politique: Path | None,
    db: str | None,
    en_json: bool,
) -> None:
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.stockage import manifeste
    from escalade.stockage.moteur import moteur

    lettres = manifeste.lire(chemin)  # the whole file is checked before anything is written
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, (le or maintenant()).date())
    issues = manifeste.enregistrer(
        moteur(db, creer=False),
        lettres,
        pol,
        jur,
        (lambda: le) if le else maintenant,
        maintenant,
        operateur,
    )
    if en_json:
        imprimer_json(
            {
                "lettres": [
                    {
                        "ligne": i.lettre.ligne,
                        "dossier": i.lettre.dossier,
                        "document": i.lettre.document,
                        "numero_lrar": i.lettre.numero_lrar,
                        "etat": i.etat,
                        "motif": i.motif,
                    }
                    for i in issues
                ]
            }
        )
    else:
        for i in issues:
            lrar = f" (LRAR n° {i.lettre.numero_lrar})" if i.lettre.numero_lrar else ""
            motif = f" : {i.motif}" if i.motif else ""
            sortie = i.etat == "refuse"
            click.echo(
                f"{i.lettre.dossier}\t{i.lettre.document}{lrar}\t{ETATS_FR[i.etat]}{motif}",
                err=sortie,
            )
        compte = {e: sum(i.etat == e for i in issues) for e in ETATS_FR}
        click.echo(
            f"{compte['enregistre']} lettre(s) enregistrée(s), {compte['deja_enregistre']} déjà "
            f"enregistrée(s), {compte['ecarte']} écartée(s), {compte['refuse']} refusée(s)."
        )
    if any(i.etat == "refuse" for i in issues):
        sys.exit(3)
