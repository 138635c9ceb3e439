"""uvicorn's factory for the multi-process test: the app on `ESCALADE_DB` with the clock fixed
at Monday 6 July 2026, 10:30 in Paris (inside the call hours), in every worker process."""

from __future__ import annotations

import os
from datetime import datetime

from fastapi import FastAPI

from escalade.droit.valeurs import PARIS

LUNDI = datetime(2026, 7, 6, 10, 30, tzinfo=PARIS)


def fabrique() -> FastAPI:
    from escalade.serveur.application import creer_application

    return creer_application(os.environ["ESCALADE_DB"], horloge=lambda: LUNDI)
