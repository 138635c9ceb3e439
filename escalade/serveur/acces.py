"""Authentication and roles: a bearer token on every route (header or the worklist's cookie).

`Authorization: Bearer JETON` for the API; the worklist keeps the same token in an HttpOnly,
SameSite=Strict cookie after its login form. No token or an unknown/revoked one: 401. A
role below the route's: 403. The token's operator is the one written to the journal.

On a SQLite store the bearer is read through the process's `LecteurSqlite` (kept until any
commit, so a token revoked by the CLI is refused at the next request); on PostgreSQL through
the store at every request, in the thread pool.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from escalade.stockage.jetons import Porteur, porteur_du_jeton, role_suffit

COOKIE = "escalade_jeton"


def jeton_de_la_requete(request: Request) -> str | None:
    entete = request.headers.get("authorization", "")
    schema, _, valeur = entete.partition(" ")
    if schema.lower() == "bearer" and valeur.strip():
        return valeur.strip()
    return request.cookies.get(COOKIE) or None


def identifier(request: Request) -> Porteur | None:
    """The bearer of the request's token, or None (no token, unknown or revoked)."""
    from escalade.stockage.moteur import transaction_lecture

    jeton = jeton_de_la_requete(request)
    if not jeton:
        return None
    ctx = request.app.state.contexte
    if ctx.lecteur is not None:
        try:
            return ctx.lecteur.porteur(jeton)  # type: ignore[no-any-return]
        except LookupError:  # a store to migrate: the general path below
            pass
    with transaction_lecture(ctx.moteur) as conn:
        return porteur_du_jeton(conn, jeton)


def exiger(role: str) -> Callable[[Request], Coroutine[Any, Any, Porteur]]:
    """A FastAPI dependency: the bearer, when its role is at least `role`.

    Asynchronous: on SQLite the bearer is read in the event loop (a lookup in memory or one
    indexed read), without a hop to the thread pool; on PostgreSQL in the thread pool."""

    async def dependance(request: Request) -> Porteur:
        if request.app.state.contexte.lecteur is not None:
            porteur = identifier(request)
        else:
            porteur = await run_in_threadpool(identifier, request)
        if porteur is None:
            raise HTTPException(
                401,
                "jeton d'accès absent, inconnu ou révoqué (en-tête Authorization: Bearer "
                "JETON ; « escalade operateur jeton NOM » en délivre un)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not role_suffit(porteur.role, role):
            raise HTTPException(
                403,
                f"le rôle « {porteur.role} » de {porteur.operateur} ne permet pas cette "
                f"action (rôle « {role} » au moins)",
            )
        return porteur

    return dependance


LECTURE = exiger("lecture")
GESTION = exiger("gestionnaire")
