"""`escalade plan --json` on two processes: each plans one half of a SQLite store.

The plan of a dossier reads that dossier and its debtor's journal only, and the operator and
A/B variant of an action depend on that action alone (`escalade.recouvrement.operateurs.
responsable`, `escalade.recouvrement.ab_test.variante`): nothing is capped or shared across
dossiers. So the store is cut in two at the reference of its middle open dossier; each half
is planned by a forked process running the usual pipeline (`lignes_du_plan` over its
`tranche`) into its own file, and the two texts are joined in reference order: the text of
the plan in one process, byte for byte.

One state of the store: each worker reads in its own read transaction. The parent reads the
store's `PRAGMA data_version` on one connection before the workers start and again once both
hold their snapshot (their first read done): unchanged, no write was committed in between, so
both snapshots, and the parent's own reads in that interval, see the same state. Changed (an
import during the plan), a worker failing (a damaged dossier: the error must be the one the
plan in one process gives, at the first such dossier in reference order), PostgreSQL, a
single core, or fewer than `SEUIL` open dossiers: `plan_json_parallele` writes nothing and
returns None, and the caller plans in one process as before.

SQLite and fork: the parent holds no transaction and no unfinished statement when it forks
(a child must not inherit SQLite's bookkeeping of a lock it does not hold), and each worker
drops the inherited pool without closing it and opens its own connection.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, closing, suppress
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import func, select

from escalade.stockage import fichier_sqlite, url_du_depot
from escalade.stockage import schema as s

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.politique_modele import Politique
    from escalade.stockage.planification import Tranche

# Open dossiers from which two processes are used: below, the plan takes a few seconds in one
# (about 0.13 ms of CPU per dossier here); a judgement, not a measured break-even point.
SEUIL = 20_000
_MORCEAU = 1024 * 1024


def _version(brut: sqlite3.Connection) -> int:
    """Changes whenever another connection commits a write (SQLite's `data_version`). Read to
    the end: the statement is done, no lock of it is held when the workers are forked."""
    return int(brut.execute("PRAGMA data_version").fetchall()[0][0])


def _travailleur(
    db: str | None,
    jour: date,
    politique: Politique,
    jur: Jurisprudence,
    operateur: str | None,
    canal: str | None,
    tranche: Tranche,
    sortie: IO[str],
    tube: Any,
) -> None:
    """One half of the plan into `sortie` (forked: the arguments are inherited, not copied);
    says "pret" once its snapshot is taken, then "fini", or "erreur"."""
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.plan_du_jour import SEPARATEUR_JSON, actions_en_json, lignes_du_plan

    try:
        m = moteur(db, creer=False)
        m.dispose(close=False)  # the parent's pooled connections stay the parent's
        with transaction_lecture(m) as conn:
            conn.execute(select(s.dossiers.c.id).limit(1)).all()  # the snapshot is taken here
            tube.send("pret")
            lignes = lignes_du_plan(conn, jour, politique, jur, operateur, tranche)
            if canal is not None:
                lignes = (ligne for ligne in lignes if ligne.action.canal == canal)
            separateur = ""
            for texte in actions_en_json(lignes):
                sortie.write(separateur + texte)
                separateur = SEPARATEUR_JSON
        sortie.flush()  # the worker ends with os._exit: nothing is flushed for it
        tube.send("fini")
    except BaseException:  # told to the parent, which plans in one process for the same error
        with suppress(OSError):  # the parent is gone: nobody to tell
            tube.send("erreur")


def _message(tube: Any) -> str:
    try:
        return str(tube.recv())
    except EOFError:  # the worker died without a word
        return "erreur"


def _morceaux(fichier: IO[str]) -> Iterator[str]:
    fichier.seek(0)
    while morceau := fichier.read(_MORCEAU):
        yield morceau


def plan_json_parallele(
    db: str | None,
    jour: date,
    politique: Politique,
    jur: Jurisprudence,
    canal: str | None,
    operateur: str | None,
    sortie: IO[str],
) -> list[str] | None:
    """Write the text of `escalade plan --json` (restricted to `canal` and `operateur` as the
    command does) into `sortie` and return the operators the policy names but the store does
    not know; None when it did not run (see the module's doc): nothing written."""
    if sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2:  # fork; two cores
        return None
    fichier = fichier_sqlite(url_du_depot(db))
    if fichier is None:
        return None
    import multiprocessing

    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.plan_du_jour import enveloppe_json, operateurs_inconnus

    m = moteur(db, creer=False)
    with closing(sqlite3.connect(fichier, timeout=60, isolation_level=None)) as brut:
        version = _version(brut)
        d = s.dossiers.c
        with transaction_lecture(m) as conn:
            inconnus = operateurs_inconnus(conn, politique, operateur)
            ouverts = conn.execute(select(func.count()).where(d.ouvert.is_(True))).scalar_one()
            if ouverts < SEUIL:
                return None
            milieu = conn.execute(
                select(d.reference)
                .where(d.ouvert.is_(True))
                .order_by(d.reference)
                .offset(ouverts // 2)
                .limit(1)
            ).scalar_one()
        tranches: list[Tranche] = [("", milieu), (milieu, None)]
        contexte = multiprocessing.get_context("fork")
        travaux: list[tuple[Any, Any, IO[str]]] = []
        with ExitStack() as fichiers:
            try:
                for tranche in tranches:
                    # Unnamed (already unlinked): nothing is left behind, however it stops.
                    partie = fichiers.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
                    lecture, ecriture = contexte.Pipe(duplex=False)
                    p = contexte.Process(
                        target=_travailleur,
                        args=(db, jour, politique, jur, operateur, canal, tranche, partie,
                              ecriture),
                        daemon=True,
                    )  # fmt: skip
                    p.start()
                    ecriture.close()
                    travaux.append((p, lecture, partie))
                if any(_message(lecture) != "pret" for _, lecture, _ in travaux):
                    return None
                if _version(brut) != version:  # a write committed: two states, not one
                    return None
                if any(_message(lecture) != "fini" for _, lecture, _ in travaux):
                    return None
                parties = [_morceaux(f) for _, _, f in travaux if f.seek(0, os.SEEK_END)]
                for piece in enveloppe_json(jour, operateur, parties):
                    sortie.write(piece)  # piece by piece: a spooled `sortie` spills to disk
                return inconnus
            finally:
                for p, lecture, _ in travaux:
                    if p.is_alive():
                        p.terminate()
                    p.join()
                    lecture.close()
