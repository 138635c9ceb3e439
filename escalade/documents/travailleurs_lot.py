"""The workers of a batch of letters (`escalade.documents.lot`): one long-lived process per
core, each loading legal data, fonts and stylesheet once (WeasyPrint's advice for batches),
rendering a letter and writing its file at once (atomic write), nothing held in memory.

- Start: with `fork`, the main process loads legal data, fonts and stylesheet and renders
  the first letter itself (templates compiled, WeasyPrint warmed), then freezes its objects
  out of the cyclic collector until the workers end: they inherit all of it instead of each
  importing WeasyPrint (~0.3 s of CPU) and loading and warming it (~0.2 s) again, and share
  its pages instead of copying them at their first collection.
- Stopping: SIGINT (Ctrl-C) and SIGTERM stop the batch the same way: the main process raises
  `KeyboardInterrupt`, the pending letters are cancelled, the workers end, the partial print
  pile and the workers' temporary folder are removed. The workers ignore SIGINT themselves
  (a Ctrl-C reaches the whole process group: the main process alone decides, and no worker
  prints a traceback).
- A worker that dies (killed, out of memory) ends the batch with a French error instead of
  waiting for ever for its letters (`concurrent.futures` notices a lost worker;
  `multiprocessing.Pool` silently replaced it and lost its tasks). The letters already in the
  manifest are kept: running the same command again finishes the batch.
- Temporary files: WeasyPrint puts each worker's font files in a `weasyprint-*` folder of the
  temporary directory, which a worker stopped with the pool never removes; the workers' temporary
  directory is therefore a folder of the output, removed when the pool ends (stopped or not)
  and, after the main process itself was killed, at the start of the next run.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any, Final

from escalade.documents import csv_sur
from escalade.documents.sortie import ecrire_atomique
from escalade.droit.erreurs import ErreurEscalade
from escalade.droit.modele import Dossier
from escalade.recouvrement.politique_modele import TonRelances

TEMPORAIRE: Final = ".temporaire"  # the workers' temporary folder, inside the output
PAQUET: Final = 4  # letters sent to a worker at once


@dataclass(frozen=True)
class Tache:
    dossier: Dossier
    modele: str

    @property
    def cle(self) -> tuple[str, str]:
        return self.dossier.reference, self.modele


@dataclass(frozen=True)
class Ligne:
    dossier: str
    document: str
    fichier: str
    pages: int
    sha256: str
    numero_lrar: str = ""

    def en_csv(self) -> list[str]:
        """The row, each cell neutralised for spreadsheets (escalade.documents.csv_sur)."""
        cellules = (self.dossier, self.document, self.fichier, str(self.pages), self.sha256,
                    self.numero_lrar)  # fmt: skip
        return [csv_sur.ecrire(v) for v in cellules]


@dataclass(frozen=True)
class Echec:
    dossier: str
    document: str
    message: str


class TravailleurPerdu(ErreurEscalade):
    """A worker process ended without finishing its letters (killed, out of memory)."""


_ETAT: dict[str, Any] = {}
# With fork, the batch's tasks as the workers inherit them: only a task's number crosses the
# pipe to a worker (pickling a dossier there and unpickling it cost ~0.3 ms of a letter).
_TACHES: list[Tache] = []


def initialiser(
    sortie: str,
    le: date,
    ton: TonRelances | None = None,
    modeles: Path | None = None,
    temporaire: str | None = None,
) -> None:
    """Worker start: legal data, fonts and stylesheet loaded once for the whole batch.

    What is loaded then lives as long as the worker: `gc.freeze()` takes it out of the
    cyclic collector's scans (each letter allocates enough to trigger several, and they
    walked the whole loaded state every time: ~5 % of a letter). `temporaire`: the batch's
    temporary folder, where WeasyPrint puts its font files (a worker stopped with the pool
    never runs the clean-up of its own `weasyprint-*` folder)."""
    import gc

    if temporaire is not None:  # a worker process: the main process handles interruptions
        import tempfile

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler
        tempfile.tempdir = temporaire
        if _ETAT:  # forked from a main process that loaded it all (_premiere_lettre)
            gc.freeze()
            return

    from escalade.documents.colonnes import police
    from escalade.documents.modeles_utilisateur import utiliser
    from escalade.documents.rendu import moteur_pdf
    from escalade.droit.jurisprudence import jurisprudence

    utiliser(modeles)  # a firm's templates (a spawned worker does not inherit the choice)
    if not _ETAT:  # the renderer is let go before WeasyPrint's modules are torn down
        atexit.register(_ETAT.clear)
    _ETAT.update(sortie=Path(sortie), le=le, jur=jurisprudence(), moteur=moteur_pdf(), ton=ton)
    police(False), police(True)  # the table rows' font metrics
    gc.collect()
    gc.freeze()


def produire_une(tache: Tache) -> Ligne | Echec:
    """Render one letter and write it at once (in a worker, or in the main process)."""
    from escalade.documents.contextes import construire
    from escalade.documents.sortie import sha256

    try:
        contexte = construire(
            tache.modele, tache.dossier, _ETAT["le"], _ETAT["jur"], ton=_ETAT["ton"]
        )
        pdf = _ETAT["moteur"].rendre(contexte)
        nom = f"{contexte.nom_fichier}.pdf"
        # No fsync per letter (1-4 ms): resuming re-checks each file's SHA-256, and the
        # batch syncs once before its final manifest.
        ecrire_atomique(_ETAT["sortie"] / nom, pdf.contenu, synchroniser=False)
        return Ligne(tache.dossier.reference, tache.modele, nom, pdf.pages, sha256(pdf.contenu))
    except ErreurEscalade as e:
        return Echec(tache.dossier.reference, tache.modele, str(e))


def produire_numero(numero: int) -> Ligne | Echec:
    """`produire_une` for the task at `numero` in the list the worker inherited (fork)."""
    return produire_une(_TACHES[numero])


def executer(
    taches: list[Tache],
    sortie: Path,
    le: date,
    processus: int,
    ton: TonRelances | None,
    modeles: Path | None,
) -> Generator[Ligne | Echec, None, None]:
    """Each task's result, in the tasks' order (close the generator to end the workers)."""
    if processus <= 1 or len(taches) < 2 * processus:
        initialiser(str(sortie), le, ton, modeles)
        yield from map(produire_une, taches)
        return
    import shutil

    temporaire = sortie / TEMPORAIRE
    shutil.rmtree(temporaire, ignore_errors=True)  # left by a main process that was killed
    temporaire.mkdir()
    try:
        with _interruption_par_sigterm():
            if os.name == "posix":
                yield from _par_fork(taches, sortie, le, processus, ton, modeles, temporaire)
            else:
                arguments = (str(sortie), le, ton, modeles, str(temporaire))
                yield from _par_pool(processus, "spawn", arguments, produire_une, taches)
    finally:
        shutil.rmtree(temporaire, ignore_errors=True)


def _par_fork(
    taches: list[Tache], sortie: Path, le: date, processus: int, ton: TonRelances | None,
    modeles: Path | None, temporaire: Path,
) -> Generator[Ligne | Echec, None, None]:  # fmt: skip
    """The workers forked from a main process that loaded and warmed everything
    (`_premiere_lettre`) and froze it out of the cyclic collector: they inherit it, and
    share its pages with it as long as no collection touches them. Only a task's number
    crosses the pipe."""
    import gc

    try:
        yield _premiere_lettre(taches[0], sortie, le, ton, modeles, temporaire)
        gc.collect()
        gc.freeze()  # until the workers are gone (they are forked at the first task sent)
        _TACHES[:] = taches
        arguments = (str(sortie), le, ton, modeles, str(temporaire))
        yield from _par_pool(processus, "fork", arguments, produire_numero, range(1, len(taches)))
    finally:
        gc.unfreeze()
        _TACHES.clear()
        _ETAT.clear()  # its fonts were in the temporary folder, removed after the batch
        from escalade.documents.rendu import liberer_moteur

        liberer_moteur()


def _premiere_lettre(
    tache: Tache, sortie: Path, le: date, ton: TonRelances | None, modeles: Path | None,
    temporaire: Path,
) -> Ligne | Echec:  # fmt: skip
    """The main process loads what every worker needs (legal data, fonts, stylesheet) and
    renders the first letter itself, which also compiles its templates and warms WeasyPrint
    (C types declared, font faces loaded): the workers inherit all of it instead of each
    doing it again (~0.2 s of CPU a worker). Its font files go to the batch's temporary
    folder, like a worker's."""
    import tempfile

    precedent = tempfile.tempdir
    tempfile.tempdir = str(temporaire)
    try:
        initialiser(str(sortie), le, ton, modeles)
        return produire_une(tache)
    finally:
        tempfile.tempdir = precedent


def _par_pool(
    processus: int,
    methode: str,
    arguments: tuple[Any, ...],
    fonction: Callable[[Any], Ligne | Echec],
    elements: Iterable[Any],
) -> Generator[Ligne | Echec, None, None]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    contexte = multiprocessing.get_context(methode)
    with ProcessPoolExecutor(processus, contexte, initialiser, arguments) as pool:
        try:
            yield from pool.map(fonction, elements, chunksize=PAQUET)
        except BrokenProcessPool:
            raise TravailleurPerdu(
                "un processus de rendu du lot s'est arrêté brutalement (tué, ou mémoire "
                "insuffisante) : lot interrompu. Les lettres déjà inscrites au manifeste "
                "sont conservées : relancez la même commande pour terminer le lot",
                fichier=arguments[0],
            ) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _interruption_par_sigterm() -> Iterator[None]:
    """SIGTERM stops the batch as Ctrl-C does (its `finally` clauses run: the workers end,
    partial files are removed); the default action would kill the main process alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrompre(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    precedent = signal.signal(signal.SIGTERM, interrompre)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, precedent)
