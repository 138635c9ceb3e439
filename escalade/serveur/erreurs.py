"""The project's errors as HTTP answers, in French, with the field named.

Bad input (`EntreeInvalide`, a body that does not validate) and a legal value not yet
published: 422 with `erreur` and `champ` (a request body's field by its French name: dossier,
canal, montant...). An official source out of reach: 502.
An unknown dossier: 404. An illegal transition or a refused contact: 409 with the reasons.
Anything unexpected: 500 with a short French message, never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from escalade.droit.erreurs import ErreurEscalade, TransitionRefusee

journal = logging.getLogger("escalade.serveur")


# The command line's names of a field (argument, option) as the request's field names.
_CHAMPS = {"DOSSIER": "dossier", "--motif": "motif_forcage", "--note": "note"}


def corps_erreur(e: ErreurEscalade) -> dict[str, Any]:
    champ = None if e.champ is None else _CHAMPS.get(e.champ, e.champ.lstrip("-"))
    return {"erreur": str(e), "champ": champ, "articles": list(e.articles)}


def statut(e: ErreurEscalade) -> int:
    if isinstance(e, TransitionRefusee) or e.code_sortie == 3:
        return 409
    if e.champ == "DOSSIER" and e.message.startswith("aucun dossier"):
        return 404
    # 2 bad input, 4 a legal value not published yet (the series and date are named): the
    # request cannot be processed as it is; 5 an official source out of reach.
    return {2: 422, 4: 422, 5: 502}.get(e.code_sortie, 500)


# Pydantic's parsing errors of the request bodies and query strings, in French.
_MESSAGES = {
    "date_parsing": "date invalide : attendu AAAA-MM-JJ (par exemple 2026-06-30)",
    "date_from_datetime_parsing": "date invalide : attendu AAAA-MM-JJ (par exemple 2026-06-30)",
    "datetime_parsing": "horodatage invalide : attendu AAAA-MM-JJTHH:MM",
    "datetime_from_date_parsing": "horodatage invalide : attendu AAAA-MM-JJTHH:MM",
    "decimal_parsing": "montant invalide (exemple : 1234.56)",
    "json_invalid": "corps de la requête : JSON invalide",
    "model_attributes_type": "objet JSON attendu",
}


def _champ(loc: tuple[Any, ...]) -> str:
    from escalade.entrees.validation_dossier import _chemin

    return _chemin(tuple(p for p in loc if p not in ("body", "query", "path")))


def installer(app: FastAPI) -> None:
    @app.exception_handler(ErreurEscalade)
    async def _escalade(request: Request, e: ErreurEscalade) -> JSONResponse:
        return JSONResponse(corps_erreur(e), status_code=statut(e))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, e: RequestValidationError) -> JSONResponse:
        from escalade.entrees.validation_dossier import _message

        erreurs = []
        for err in e.errors():
            message = _MESSAGES.get(err["type"]) or _message(err)
            erreurs.append({"champ": _champ(tuple(err["loc"])), "message": message})
        premiere = erreurs[0] if erreurs else {"champ": None, "message": "requête invalide"}
        return JSONResponse(
            {
                "erreur": f"champ « {premiere['champ']} » : {premiere['message']}",
                "champ": premiere["champ"],
                "erreurs": erreurs,
            },
            status_code=422,
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, e: HTTPException) -> JSONResponse:
        return JSONResponse({"erreur": e.detail}, status_code=e.status_code, headers=e.headers)

    @app.exception_handler(Exception)
    async def _inattendue(request: Request, e: Exception) -> JSONResponse:
        journal.exception("erreur inattendue sur %s", request.url.path)
        return JSONResponse(
            {"erreur": f"erreur inattendue ({type(e).__name__}) ; voir le journal du serveur"},
            status_code=500,
        )
