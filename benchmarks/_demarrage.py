"""Shared by the start-up benchmarks: the median wall time and CPU time of a whole process.

The CPU time (user + system of the child, from `resource.getrusage`) is given beside the wall
time: on a machine shared with other jobs the wall time mostly measures the waiting.

The children run without PYTHONDONTWRITEBYTECODE (this environment sets it): the warm-up run
writes the `.pyc` files, as a user's Python does, so the measured runs load compiled bytecode
instead of recompiling every module of escalade at each start.

The commands of one benchmark are measured in rounds (`mesurer_ensemble`: in each round every
command runs once, the baseline included), not one after the other: the speed of this virtual
machine drifts by 10-30 % over a minute, which measured a command and its baseline at
different speeds and moved the ratio by a whole « x » between two runs.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
IMPORT_CLICK = [sys.executable, "-c", "import click"]


def mesurer_ensemble(
    commandes: dict[str, list[str]], fois: int, env: dict[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """Each command's (median wall time, median CPU time) in seconds over `fois` rounds, after
    one warm-up run of each; in each round every command runs once, in the given order."""
    env = _avec_bytecode(os.environ if env is None else env)
    for commande in commandes.values():
        subprocess.run(commande, capture_output=True, env=env, cwd=RACINE, check=False)
    murs: dict[str, list[float]] = {nom: [] for nom in commandes}
    cpus: dict[str, list[float]] = {nom: [] for nom in commandes}
    for _ in range(fois):
        for nom, commande in commandes.items():
            avant = resource.getrusage(resource.RUSAGE_CHILDREN)
            debut = time.perf_counter()
            subprocess.run(commande, capture_output=True, env=env, cwd=RACINE, check=False)
            murs[nom].append(time.perf_counter() - debut)
            apres = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[nom].append(apres.ru_utime + apres.ru_stime - avant.ru_utime - avant.ru_stime)
    return {nom: (statistics.median(murs[nom]), statistics.median(cpus[nom])) for nom in commandes}


def _avec_bytecode(env: os._Environ[str] | dict[str, str]) -> dict[str, str]:
    """The environment without PYTHONDONTWRITEBYTECODE: the warm-up run writes the `.pyc`."""
    return {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}


def rapport(
    libelle: str, mesure: tuple[float, float], base: tuple[float, float], cible: float
) -> bool:
    """Print one line (figure, ratio to `import click`, target ratio); True when met on CPU."""
    mur, cpu = mesure
    ratio_mur, ratio_cpu = mur / base[0], cpu / base[1]
    print(
        f"  {libelle:<40} mur {mur:.3f} s ({ratio_mur:.1f}x), CPU {cpu:.3f} s "
        f"({ratio_cpu:.1f}x), cible < {cible:g}x « import click »"
    )
    return ratio_cpu < cible


def charge() -> str:
    return f"charge de la machine : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs"
