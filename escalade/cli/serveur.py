"""`escalade serveur`: the team's workspace (HTTP API and web worklist) on the store.

uvicorn serves the ASGI application of `escalade.serveur`; it listens on the loopback
interface unless `--hote` says otherwise (a team puts a TLS reverse proxy in front).
`--processus N` starts N worker processes (default: one per core) sharing the port; each
builds its own application from the store named in its environment (`ESCALADE_DB`,
`ESCALADE_POLITIQUE`), and the caps hold across them: a contact is recorded under the
store's own lock (SQLite's write lock, PostgreSQL's row lock), never a process's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_POLITIQUE

BOUCLE_LOCALE = {"127.0.0.1", "::1", "localhost"}
FABRIQUE = "escalade.serveur.application:application_du_processus"


@commande(name="serveur")
@click.option("--hote", default="127.0.0.1", show_default=True, help="Adresse d'écoute.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--processus",
    type=click.IntRange(1, 64),
    default=None,
    help="Nombre de processus de service (par défaut : un par cœur de la machine).",
)
@OPTION_POLITIQUE
@OPTION_DB
def serveur(
    hote: str, port: int, processus: int | None, politique: Path | None, db: str | None
) -> None:
    """Démarre l'espace de travail de l'équipe : API HTTP (/api, description OpenAPI à
    /api/openapi.json) et liste de travail web (/), sur le dépôt.

    Chaque requête demande un jeton (« escalade operateur jeton NOM »). Par défaut le
    serveur n'écoute que la boucle locale (127.0.0.1) : pour une équipe, placez-le derrière
    un mandataire inverse TLS plutôt que de l'exposer directement.
    """
    import uvicorn

    from escalade.serveur.application import creer_application, regler_le_processus
    from escalade.stockage import url_du_depot

    app = creer_application(db, politique)  # a missing store is an input error, before binding
    coeurs = os.cpu_count() or 1
    n = processus or coeurs
    if hote in BOUCLE_LOCALE:
        click.echo(f"escalade écoute sur la boucle locale seulement : http://{hote}:{port}/")
    else:
        click.echo(
            f"Attention : escalade écoute sur {hote}:{port}, hors de la boucle locale ; "
            "placez un mandataire inverse TLS devant (le trafic n'est pas chiffré ici).",
            err=True,
        )
    click.echo(
        f"{n} processus de service ("
        + ("--processus" if processus else f"par défaut un par cœur, {coeurs} ici")
        + ")."
    )
    click.echo("Arrêt : Ctrl+C.")
    reglages: dict[str, Any] = {"host": hote, "port": port, "log_level": "warning",
                                "proxy_headers": True}  # fmt: skip
    if n == 1:
        regler_le_processus()
        uvicorn.run(app, **reglages)
        return
    # Each worker process builds its own application (engine, reader) from the environment.
    os.environ["ESCALADE_DB"] = url_du_depot(db)
    if politique is None:
        os.environ.pop("ESCALADE_POLITIQUE", None)
    else:
        os.environ["ESCALADE_POLITIQUE"] = str(politique.resolve())
    uvicorn.run(FABRIQUE, factory=True, workers=n, **reglages)
