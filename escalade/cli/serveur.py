"""`escalade serveur`: the team's workspace (HTTP API and web worklist) on the store.

uvicorn serves the ASGI application of `escalade.serveur`; it listens on the loopback
interface unless `--hote` says otherwise (a team puts a TLS reverse proxy in front).
"""

from __future__ import annotations

from pathlib import Path

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_POLITIQUE

BOUCLE_LOCALE = {"127.0.0.1", "::1", "localhost"}


@commande(name="serveur")
@click.option("--hote", default="127.0.0.1", show_default=True, help="Adresse d'écoute.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@OPTION_POLITIQUE
@OPTION_DB
def serveur(hote: str, port: int, politique: Path | None, db: str | None) -> None:
    """Démarre l'espace de travail de l'équipe : API HTTP (/api, description OpenAPI à
    /api/openapi.json) et liste de travail web (/), sur le dépôt.

    Chaque requête demande un jeton (« escalade operateur jeton NOM »). Par défaut le
    serveur n'écoute que la boucle locale (127.0.0.1) : pour une équipe, placez-le derrière
    un mandataire inverse TLS plutôt que de l'exposer directement.
    """
    import uvicorn

    from escalade.serveur.application import creer_application

    app = creer_application(db, politique)  # a missing store is an input error, before binding
    if hote in BOUCLE_LOCALE:
        click.echo(f"escalade écoute sur la boucle locale seulement : http://{hote}:{port}/")
    else:
        click.echo(
            f"Attention : escalade écoute sur {hote}:{port}, hors de la boucle locale ; "
            "placez un mandataire inverse TLS devant (le trafic n'est pas chiffré ici).",
            err=True,
        )
    click.echo("Arrêt : Ctrl+C.")
    uvicorn.run(app, host=hote, port=port, log_level="warning", proxy_headers=True)
