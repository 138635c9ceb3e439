"""Alembic environment of the store.

The application runs the migrations itself (`escalade.stockage.moteur.migrer`) and hands
its connection, already inside a locked transaction, through `config.attributes`. A
developer may also run `alembic` by hand with `-x db=URL`.
"""

from __future__ import annotations

from alembic import context

from escalade.stockage.schema import metadata

config = context.config


def _executer(connexion: object) -> None:
    context.configure(
        connection=connexion,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: move-and-copy batches
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connexion = config.attributes.get("connection")
if connexion is not None:
    _executer(connexion)
else:
    from sqlalchemy import create_engine

    from escalade.stockage.moteur import url_du_depot

    moteur = create_engine(url_du_depot(context.get_x_argument(as_dictionary=True).get("db")))
    with moteur.begin() as c:
        _executer(c)
