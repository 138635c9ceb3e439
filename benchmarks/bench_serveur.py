"""The server under a bounded load on the loopback: POST /api/verifier with 1 000 000 contacts
in the store and 20 concurrent clients (targets: p50 < 5 ms, p99 < 20 ms, no error), and
concurrent POST /api/contacts that must never pass the caps.

The store is the one of `bench_gate_sqlite.py` (10 000 debtors, 1 000 000 contacts over three
years); `--depot FICHIER` reuses one built before (copied: the run writes contacts). The server
is `escalade serveur` in its own processes (`--processus`, default one per core), on
127.0.0.1 and a free port. The load comes from `_charge_http.py`, another process (asyncio,
raw keep-alive HTTP/1.1 connections, requests encoded before the run), 20 connections:

1. open loop at each offered rate of `--debits` (total requests per second, 20 clients at a
   fixed pace each): the latency runs from each request's scheduled send time, so a stall is
   counted, and the targets are judged at each rate, printed with it;
2. closed loop (each client sends again as soon as it is answered): the saturation throughput,
   with its p50/p99 (mostly waiting in line: p50 is about 20 / throughput);
3. baselines of the same run, on the same store and requests: the check in-process as the
   command runs it (`escalade.stockage.controle.verifier_reference`), the server's own path
   in-process without HTTP (`cache_dossiers.LecteurSqlite`), and one HTTP client alone.

The requests are spread at random over the 10 000 debtors (each worker keeps at most
`cache_dossiers.TAILLE` dossiers: most checks read their dossier). The server's CPU per
request (its processes' user + system time over the requests answered) is printed with each
phase: on a shared machine it is the figure that does not depend on the neighbours.

Caps: for each of 10 pairs of fresh debtors, 20 calls of one moment (20 subjects) are posted
at once for the first debtor and one by one for the second; the numbers accepted must be
equal (the sequential run is what the policy allows), and none of the posts may fail.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _depot_bench import dossiers
from bench_gate_sqlite import DEBITEURS, FIN, _remplir

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.conformite import fenetre_max
from escalade.recouvrement.operateurs import Operateur
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage import depot
from escalade.stockage.cache_dossiers import TAILLE, LecteurSqlite
from escalade.stockage.controle import verifier_lu, verifier_reference
from escalade.stockage.jetons import emettre_jeton
from escalade.stockage.moteur import moteur, oublier, transaction_ecriture
from escalade.stockage.pilotage import ajouter_operateur

ICI = Path(__file__).resolve().parent
CLIENTS = 20
REQUETES = 40_000  # distinct requests (dossier, moment); each phase takes its own slice
CIBLES_MS = (5.0, 20.0)
PAIRES = 10
LISTE = 500  # the other load: the checks of one day's call list, on 500 dossiers
DEBIT_LISTE = 400.0


def _centile(valeurs: list[float], q: float) -> float:
    if not valeurs:
        return float("nan")
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


def _sur_une_liste(demandes: list[dict[str, str]]) -> list[dict[str, str]]:
    """The same requests on LISTE dossiers only (a day's call list checked and re-checked)."""
    alea = random.Random(4)
    refs = [f"B-{alea.randrange(DEBITEURS):06d}" for _ in range(LISTE)]
    return [{**d, "dossier": refs[i % LISTE]} for i, d in enumerate(demandes)]


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


def _en_processus(url: str, demandes: list[dict[str, str]]) -> tuple[list[float], float]:
    """The command's path: (durations, CPU seconds)."""
    jur = jurisprudence()
    pol = politique_par_defaut(jur, FIN.date())
    durees = []
    cpu = time.process_time()
    for d in demandes:
        le = datetime.fromisoformat(d["le"])
        t0 = time.perf_counter()
        verifier_reference(url, d["dossier"], d["canal"], le, pol, jur)
        durees.append(time.perf_counter() - t0)
    return durees, time.process_time() - cpu


def _lecteur_en_processus(
    fichier: Path, demandes: list[dict[str, str]]
) -> tuple[list[float], float, int]:
    """The server's path without HTTP: (durations, CPU seconds, dossiers served from memory)."""
    jur = jurisprudence()
    pol = politique_par_defaut(jur, FIN.date())
    lecteur = LecteurSqlite(fichier)
    durees = []
    cpu = time.process_time()
    for d in demandes:
        le = datetime.fromisoformat(d["le"])
        t0 = time.perf_counter()
        lu = lecteur.lire(d["dossier"], le, fenetre_max(pol))
        assert lu is not None
        verifier_lu(*lu, d["canal"], le, pol, jur)
        durees.append(time.perf_counter() - t0)
    cpu = time.process_time() - cpu
    lecteur.fermer()
    return durees, cpu, lecteur.repris


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_arbre(pid: int) -> float | None:
    """User + system CPU seconds of `pid` and its living descendants (Linux /proc)."""
    try:
        tic = os.sysconf("SC_CLK_TCK")
        stats = {}
        for entree in os.listdir("/proc"):
            if entree.isdigit():
                try:
                    texte = Path(f"/proc/{entree}/stat").read_text()
                except OSError:
                    continue
                champs = texte.rsplit(")", 1)[1].split()
                stats[int(entree)] = (int(champs[1]), int(champs[11]) + int(champs[12]))
    except (OSError, ValueError):
        return None
    famille, total, ajout = {pid}, 0, True
    while ajout:
        ajout = False
        for p, (parent, _) in stats.items():
            if parent in famille and p not in famille:
                famille.add(p)
                ajout = True
    for p in famille:
        total += stats.get(p, (0, 0))[1]
    return total / tic


_CURSEUR = 0


def _charger(
    port: int, jeton: str, corps: list[dict[str, str]], *, mode: str, clients: int = CLIENTS,
    debit: float = 0.0, duree_s: float = 10.0, requetes: int = 0, serveur_pid: int,
) -> dict[str, Any]:  # fmt: skip
    ordres = {
        "hote": "127.0.0.1", "port": port, "chemin": "/api/verifier", "jeton": jeton,
        "corps": corps, "clients": clients, "mode": mode, "debit": debit or 1.0,
        "duree_s": duree_s, "grace_s": 5.0, "requetes": requetes,
    }  # fmt: skip
    global _CURSEUR
    n = min(len(corps), int(debit * duree_s) + clients if mode == "ouvert" else 3_000)
    if _CURSEUR + n > len(corps):
        _CURSEUR = 0
    ordres["corps"] = corps[_CURSEUR : _CURSEUR + n]  # requests no phase sent before
    _CURSEUR += n
    cpu0 = _cpu_arbre(serveur_pid)
    r = subprocess.run(
        [sys.executable, str(ICI / "_charge_http.py")],
        input=json.dumps(ordres), capture_output=True, text=True, check=True,
    )  # fmt: skip
    cpu1 = _cpu_arbre(serveur_pid)
    mesure: dict[str, Any] = json.loads(r.stdout)
    servies = len(mesure["latences"])
    mesure["cpu_serveur_ms"] = (
        None if cpu0 is None or cpu1 is None or not servies else (cpu1 - cpu0) / servies * 1000
    )
    return mesure


def _plafonds(base: str, jeton: str) -> tuple[list[tuple[int, int]], int]:
    """(accepted at once, accepted one by one) per pair, and the posts that failed."""
    # Moments 30 seconds apart just before the server's real "now": planned contacts that the gate
    # checks (a moment further back would be a recorded fact, never refused), one closed objet.
    maintenant = datetime.now(PARIS)
    entetes = {"Authorization": f"Bearer {jeton}"}
    resultats, echecs = [], 0
    with httpx2.Client(base_url=base, headers=entetes, timeout=30) as c:

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


def _ligne(titre: str, m: dict[str, Any]) -> str:
    lat = m["latences"]
    cpu = m["cpu_serveur_ms"]
    return (
        f"{titre} : {len(lat)} réponses en {m['duree_s']:.1f} s ({len(lat) / m['duree_s']:.0f}/s),"
        f" p50 {_centile(lat, 0.5):.2f} ms, p99 {_centile(lat, 0.99):.2f} ms, "
        f"{m['erreurs']} erreur(s), {m['abandonnees']} abandonnée(s) ; CPU du serveur "
        + ("inconnu" if cpu is None else f"{cpu:.2f} ms par requête")
        + f" ; CPU du générateur {m['cpu_s']:.1f} s"
    )


def _atteint(m: dict[str, Any]) -> bool:
    lat = m["latences"]
    return (
        bool(lat)
        and m["erreurs"] == 0
        and m["abandonnees"] == 0
        and _centile(lat, 0.5) < CIBLES_MS[0]
        and _centile(lat, 0.99) < CIBLES_MS[1]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depot", type=Path, help="dépôt de 1 000 000 de contacts déjà construit")
    parser.add_argument("--processus", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--debits", default="100,200,400,800", help="débits offerts (req/s)")
    parser.add_argument("--duree", type=float, default=10.0, help="secondes par débit")
    args = parser.parse_args()
    debits = [float(x) for x in args.debits.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        fichier = Path(tmp) / "serveur.sqlite"
        debut = time.perf_counter()
        if args.depot:
            shutil.copyfile(args.depot, fichier)
            url = f"sqlite:///{fichier}"
            print(f"dépôt : copie de {args.depot} (1 000 000 contacts)")
        else:
            url = _remplir(fichier, 1_000_000)
            print(f"mise en place : 1 000 000 contacts en {time.perf_counter() - debut:.0f} s")
        jeton = _preparer(url)
        demandes = _demandes(REQUETES)
        reference, cpu_ref = _en_processus(url, demandes[:1000])
        lecteur, cpu_lect, repris = _lecteur_en_processus(fichier, demandes[:1000])
        oublier()
        port = _port_libre()
        env = {**os.environ, "PYTHONPATH": str(ICI.parent)}
        journal = (Path(tmp) / "serveur.err").open("w+", encoding="utf-8")
        serveur = subprocess.Popen(
            [sys.executable, "-c", "from escalade.cli import main; main()", "serveur",
             "--port", str(port), "--db", url, "--processus", str(args.processus)],
            env=env, stdout=subprocess.PIPE, stderr=journal, text=True,
        )  # fmt: skip
        mesures: list[tuple[float, dict[str, Any]]] = []
        try:
            sortie = serveur.stdout
            annonce = [sortie.readline().strip() for _ in range(2)] if sortie else []
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(1.0)  # every worker up
            pid = serveur.pid
            charge = {"serveur_pid": pid}
            _charger(port, jeton, demandes, mode="ferme", duree_s=3.0, **charge)  # warm-up
            seul = _charger(port, jeton, demandes, mode="ferme", clients=1, requetes=500,
                            duree_s=60.0, **charge)  # fmt: skip
            for debit in debits:
                m = _charger(port, jeton, demandes, mode="ouvert", debit=debit,
                             duree_s=args.duree, **charge)  # fmt: skip
                mesures.append((debit, m))
            sature = _charger(port, jeton, demandes, mode="ferme", duree_s=args.duree, **charge)
            liste = _charger(port, jeton, _sur_une_liste(demandes), mode="ouvert",
                             debit=DEBIT_LISTE, duree_s=args.duree, **charge)  # fmt: skip
            plafonds, echecs = _plafonds(f"http://127.0.0.1:{port}", jeton)
        finally:
            serveur.terminate()
            serveur.wait(timeout=20)
            journal.seek(0)
            erreurs_serveur = journal.read().strip()
            journal.close()
    print(f"machine : {os.cpu_count()} cœurs, charge moyenne {os.getloadavg()[0]:.1f}")
    print("serveur : " + " ".join(annonce))
    if erreurs_serveur:
        print("journal d'erreurs du serveur (fin) : " + erreurs_serveur[-2000:])
    print(
        f"demandes : {REQUETES} distinctes, au hasard sur {DEBITEURS} débiteurs ; chaque "
        f"processus garde au plus {TAILLE} dossiers"
    )
    print(
        f"référence : contrôle en processus comme la commande (verifier_reference, même dépôt, "
        f"mêmes demandes) : p50 {_centile(reference, 0.5):.2f} ms, p99 "
        f"{_centile(reference, 0.99):.2f} ms, CPU {cpu_ref / len(reference) * 1000:.2f} ms"
    )
    print(
        f"référence : chemin du serveur en processus sans HTTP (LecteurSqlite, {repris} dossiers "
        f"sur {len(lecteur)} repris de la mémoire) : p50 {_centile(lecteur, 0.5):.2f} ms, p99 "
        f"{_centile(lecteur, 0.99):.2f} ms, CPU {cpu_lect / len(lecteur) * 1000:.2f} ms"
    )
    print(_ligne("référence : un seul client HTTP (boucle fermée, sans file d'attente)", seul))
    for debit, m in mesures:
        verdict = "cibles atteintes" if _atteint(m) else "CIBLES NON ATTEINTES"
        print(_ligne(f"POST /api/verifier, {CLIENTS} clients, débit offert {debit:.0f} req/s", m)
              + f" -> {verdict}")  # fmt: skip
    print(_ligne(f"saturation : {CLIENTS} clients en boucle fermée (débit maximal, l'attente "
                 "dans la file compte)", sature))  # fmt: skip
    verdict = "cibles atteintes" if _atteint(liste) else "CIBLES NON ATTEINTES"
    print(_ligne(f"autre charge : les demandes sur {LISTE} dossiers seulement (une liste d'appels"
                 f" du jour), {CLIENTS} clients, débit offert {DEBIT_LISTE:.0f} req/s", liste)
          + f" -> {verdict}")  # fmt: skip
    print(f"cibles : p50 < {CIBLES_MS[0]:g} ms, p99 < {CIBLES_MS[1]:g} ms, aucune erreur")
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
    tenus = [f"{d:.0f}" for d, m in mesures if _atteint(m)]
    manques = [f"{d:.0f}" for d, m in mesures if not _atteint(m)]
    print(
        "cibles atteintes aux débits offerts : " + (", ".join(tenus) or "aucun") + " req/s ; "
        "non atteintes : " + (", ".join(manques) or "aucun") + " req/s"
    )
    print("OK" if not manques and egaux and echecs == 0 else "AU-DESSUS DE LA CIBLE")


if __name__ == "__main__":
    main()
