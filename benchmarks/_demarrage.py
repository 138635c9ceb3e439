"""Shared by the start-up benchmarks: the median wall time and CPU time of a whole process.

The CPU time (user + system of the child, from `resource.getrusage`) is given beside the wall
time: on a machine shared with other jobs the wall time mostly measures the waiting.

The children run without PYTHONDONTWRITEBYTECODE (this environment sets it): the warm-up run
writes the `.pyc` files, as a user's Python does, so the measured runs load compiled bytecode
instead of recompiling every module of escalade at each start.
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


def mesurer(
    commande: list[str], fois: int, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """(median wall time, median CPU time) in seconds over `fois` runs, after one warm-up."""
    env = _avec_bytecode(os.environ if env is None else env)
    subprocess.run(commande, capture_output=True, env=env, cwd=RACINE, check=False)
    murs, cpus = [], []
    for _ in range(fois):
        avant = resource.getrusage(resource.RUSAGE_CHILDREN)
        debut = time.perf_counter()
        subprocess.run(commande, capture_output=True, env=env, cwd=RACINE, check=False)
        murs.append(time.perf_counter() - debut)
        apres = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(apres.ru_utime + apres.ru_stime - avant.ru_utime - avant.ru_stime)
    return statistics.median(murs), statistics.median(cpus)


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
