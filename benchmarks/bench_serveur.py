"""The server under a bounded load on the loopback: POST /api/verifier with 1 000 000 contacts
in the store and 20 concurrent clients (targets: p50 < 5 ms, p99 < 20 ms, no error), and
concurrent POST /api/contacts that must never pass the caps.

The store is the one of `bench_gate_sqlite.py` (10 000 debtors, 1 000 000 contacts over
three years). uvicorn runs in its own process (`escalade serveur`, 127.0.0.1, a free port);
20 client threads, each with its own keep-alive connection, send a fixed number of requests
(a time bound stops the run if the server stalls). Baselines from the same run: the same
checks in-process (`escalade.stockage.controle.verifier_reference`, what the route runs), the
cost of a request before HTTP, JSON and authentication; and one client alone over HTTP
(no queueing), to tell the per-request cost from the wait behind 19 other clients.

Caps: for each of 10 pairs of fresh debtors, 20 calls of one moment (20 subjects) are posted
at once for the first debtor and one by one for the second; the numbers accepted must be
equal (the sequential run is what the policy allows), and none of the posts may fail.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _depot_bench import dossiers
from bench_gate_sqlite import DEBITEURS, FIN, _remplir

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.operateurs import Operateur
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage import depot
from escalade.stockage.controle import verifier_reference
from escalade.stockage.jetons import emettre_jeton
from escalade.stockage.moteur import moteur, oublier, transaction_ecriture
from escalade.stockage.pilotage import ajouter_operateur

ICI = Path(__file__).resolve().parent
CLIENTS = 20
REQUETES = 4_000
BORNE_S = 300.0
CIBLES_MS = (5.0, 20.0)
PAIRES = 10


def _centile(valeurs: list[float], q: float) -> float:
    v = sorted(valeurs)
    return v[min(len(v) - 1, int(q * len(v)))] * 1000


def _demandes(n: int) -> list[dict[str, str]]:
    alea = random.Random(3)
    return [
        {
            "dossier": f"B-{alea.randrange(DEBITEURS):06d}",
            "canal": "email",
            "le": (FIN - timedelta(minutes=alea.randrange(60 * 24 * 30))).isoformat(),
        }
        for _ in range(n)
    ]


def _preparer(url: str) -> str:
    """The operator, its token, and 2 x PAIRES fresh debtors without contacts."""
    fraiches = []
    for i, d in enumerate(dossiers(2 * PAIRES)):
        debiteur = d.debiteur.model_copy(update={"nom": f"Concurrent {i:02d} SAS"})
        fraiches.append(d.model_copy(update={"reference": f"C-{i:02d}", "debiteur": debiteur}))
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, fraiches, FIN)
        ajouter_operateur(c, Operateur("banc", None, "gestionnaire"), FIN)
        return emettre_jeton(c, "banc", "gestionnaire", FIN)


def _en_processus(url: str, demandes: list[dict[str, str]]) -> list[float]:
    from datetime import datetime

    jur = jurisprudence()
    pol = politique_par_defaut(jur, FIN.date())
    durees = []
    for d in demandes:
        le = datetime.fromisoformat(d["le"])
        t0 = time.perf_counter()
        verifier_reference(url, d["dossier"], d["canal"], le, pol, jur)
        durees.append(time.perf_counter() - t0)
    return durees


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _charge(
    base: str, jeton: str, demandes: list[dict[str, str]], clients: int = CLIENTS
) -> tuple[list[float], int, float]:
    durees: list[float] = []
    erreurs = 0
    verrou = threading.Lock()
    fin = time.monotonic() + BORNE_S
    tranches = [demandes[i::clients] for i in range(clients)]

    def client(tranche: list[dict[str, str]]) -> None:
        nonlocal erreurs
        entetes = {"Authorization": f"Bearer {jeton}"}
        with httpx.Client(base_url=base, headers=entetes, timeout=30) as c:
            for d in tranche:
                if time.monotonic() > fin:
                    return
                t0 = time.perf_counter()
                try:
                    ok = c.post("/api/verifier", json=d).status_code == 200
                except httpx.HTTPError:
                    ok = False
                duree = time.perf_counter() - t0
                with verrou:
                    durees.append(duree)
                    erreurs += not ok

    debut = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, tranches))
    return durees, erreurs, time.perf_counter() - debut


def _plafonds(base: str, jeton: str) -> tuple[list[tuple[int, int]], int]:
    """(accepted at once, accepted one by one) per pair, and the posts that failed."""
    # Moments 30 seconds apart just before the server's real "now": planned contacts that the gate
    # checks (a moment further back would be a recorded fact, never refused), one closed objet.
    maintenant = datetime.now(PARIS)
    entetes = {"Authorization": f"Bearer {jeton}"}
    resultats, echecs = [], 0
    with httpx.Client(base_url=base, headers=entetes, timeout=30) as c:

        def poster(ref: str, i: int) -> int:
            le = (maintenant - timedelta(seconds=30 * i)).isoformat()
            corps = {"dossier": ref, "canal": "telephone", "objet": "appel", "le": le}
            return c.post("/api/contacts", json=corps).status_code

        for p in range(PAIRES):
            ref = f"C-{2 * p:02d}"
            with ThreadPoolExecutor(CLIENTS) as pool:
                ensemble = list(pool.map(poster, [ref] * CLIENTS, range(CLIENTS)))
            un_par_un = [poster(f"C-{2 * p + 1:02d}", i) for i in range(CLIENTS)]
            echecs += sum(s not in (201, 409) for s in ensemble + un_par_un)
            resultats.append((ensemble.count(201), un_par_un.count(201)))
    return resultats, echecs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        debut = time.perf_counter()
        url = _remplir(Path(tmp) / "serveur.sqlite", 1_000_000)
        jeton = _preparer(url)
        print(f"mise en place : 1 000 000 contacts en {time.perf_counter() - debut:.0f} s")
        demandes = _demandes(REQUETES)
        reference = _en_processus(url, demandes[:1000])
        oublier()
        port = _port_libre()
        env = {**os.environ, "PYTHONPATH": str(ICI.parent)}
        serveur = subprocess.Popen(
            [sys.executable, "-c", "from escalade.cli import main; main()", "serveur",
             "--port", str(port), "--db", url],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            annonce = serveur.stdout.readline() if serveur.stdout else ""
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            base = f"http://127.0.0.1:{port}"
            _charge(base, jeton, demandes[:200])  # warm-up (pools, imports)
            seul, _, _ = _charge(base, jeton, demandes[:500], clients=1)
            durees, erreurs, total = _charge(base, jeton, demandes)
            plafonds, echecs = _plafonds(base, jeton)
        finally:
            serveur.terminate()
            serveur.wait(timeout=10)
    print(f"serveur : {annonce.strip()}")
    print(
        f"référence : contrôle en processus (même dépôt, mêmes demandes) : p50 "
        f"{_centile(reference, 0.5):.2f} ms, p99 {_centile(reference, 0.99):.2f} ms"
    )
    print(
        f"référence : un seul client HTTP (sans file d'attente) : p50 "
        f"{_centile(seul, 0.5):.2f} ms, p99 {_centile(seul, 0.99):.2f} ms"
    )
    p50, p99 = _centile(durees, 0.5), _centile(durees, 0.99)
    print(
        f"POST /api/verifier, {CLIENTS} clients, {len(durees)} requêtes en {total:.1f} s "
        f"({len(durees) / total:.0f} req/s) : p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
        f"{erreurs} erreur(s) ; cibles p50 < {CIBLES_MS[0]} ms, p99 < {CIBLES_MS[1]} ms"
    )
    egaux = all(a == b for a, b in plafonds)
    print(
        f"POST /api/contacts concurrents ({PAIRES} débiteurs x {CLIENTS} appels d'un même "
        f"moment) : acceptés ensemble / un par un = {plafonds} ; {echecs} échec(s) ; "
        + ("plafonds respectés" if egaux and echecs == 0 else "PLAFOND DÉPASSÉ OU ÉCHEC")
    )
    if not any(ensemble for ensemble, _ in plafonds):
        print(
            "  (aucun appel permis maintenant, heures ou jour hors plages : l'épreuve des plafonds "
            "ne dit rien ; relancez en journée, du lundi au vendredi)"
        )
    atteint = p50 < CIBLES_MS[0] and p99 < CIBLES_MS[1] and erreurs == 0
    print("OK" if atteint and egaux and echecs == 0 else "AU-DESSUS DE LA CIBLE")


if __name__ == "__main__":
    main()
