"""A light HTTP/1.1 load generator, run in its own process by `bench_serveur.py`.

Reads its orders as JSON on stdin, writes the measures as JSON on stdout. asyncio (uvloop when
installed), one raw keep-alive connection per client, requests encoded once before the run:
the generator costs far less CPU than the server it measures, so that on a small machine the
figures are the server's and not the clients'.

Two modes:
- "ouvert" (open loop): the clients together send `debit` requests per second, each client
  at a fixed pace; a request's latency runs from its *scheduled* send time, so a server that
  stalls shows it (the requests waiting behind the stall are late, and counted as such);
  requests not answered within `duree_s + grace_s` are counted as abandoned;
- "ferme" (closed loop): each client sends its next request as soon as the previous answer
  arrived, for `duree_s`: the saturation throughput, with the latency it costs.

Orders: {"hote", "port", "chemin", "jeton", "corps": [...], "clients", "mode", "debit",
"duree_s", "grace_s", "requetes"} (`requetes`: closed loop, stop after that many per client).
Measures: {"latences": [s...], "erreurs", "abandonnees", "duree_s", "cpu_s", "statuts"}.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any


def _requete(hote: str, port: int, chemin: str, jeton: str, corps: dict[str, Any]) -> bytes:
    donnees = json.dumps(corps).encode()
    return (
        f"POST {chemin} HTTP/1.1\r\nHost: {hote}:{port}\r\n"
        f"Authorization: Bearer {jeton}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(donnees)}\r\n\r\n"
    ).encode() + donnees


class _Connexion:
    def __init__(self, hote: str, port: int) -> None:
        self.hote, self.port = hote, port
        self.lecteur: asyncio.StreamReader | None = None
        self.ecrivain: asyncio.StreamWriter | None = None

    async def echanger(self, requete: bytes) -> int:
        """Send one request, read its whole answer: the HTTP status (0: connection failed)."""
        try:
            if self.ecrivain is None:
                self.lecteur, self.ecrivain = await asyncio.open_connection(self.hote, self.port)
            assert self.lecteur is not None
            self.ecrivain.write(requete)
            ligne = await self.lecteur.readline()
            statut = int(ligne.split(b" ", 2)[1])
            longueur, fermer = 0, False
            while True:
                entete = await self.lecteur.readline()
                if entete in (b"\r\n", b""):
                    break
                nom, _, valeur = entete.partition(b":")
                nom = nom.strip().lower()
                if nom == b"content-length":
                    longueur = int(valeur)
                elif nom == b"connection" and valeur.strip().lower() == b"close":
                    fermer = True
            await self.lecteur.readexactly(longueur)
            if fermer:
                self.fermer()
            return statut
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            self.fermer()
            return 0

    def fermer(self) -> None:
        if self.ecrivain is not None:
            self.ecrivain.close()
        self.lecteur = self.ecrivain = None


async def _executer(ordres: dict[str, Any]) -> dict[str, Any]:
    hote, port, clients = ordres["hote"], int(ordres["port"]), int(ordres["clients"])
    requetes = [_requete(hote, port, ordres["chemin"], ordres["jeton"], c) for c in ordres["corps"]]
    duree, ouvert = float(ordres["duree_s"]), ordres["mode"] == "ouvert"
    limite_par_client = int(ordres.get("requetes") or 0)
    latences: list[float] = []
    statuts: dict[int, int] = {}
    abandonnees = 0
    connexions = [_Connexion(hote, port) for _ in range(clients)]
    for c in connexions:  # connect before the clock starts
        c.lecteur, c.ecrivain = await asyncio.open_connection(hote, port)
    debut = time.perf_counter()
    fin_envois = debut + duree
    borne = fin_envois + float(ordres.get("grace_s", 5.0))

    async def client(k: int, connexion: _Connexion) -> None:
        nonlocal abandonnees
        mes_requetes = requetes[k::clients] or requetes
        intervalle = clients / float(ordres["debit"]) if ouvert else 0.0
        prevu = debut + intervalle * k / clients
        i = 0
        # time.perf_counter, not the loop's clock: uvloop's counts whole milliseconds
        while prevu < fin_envois and (not limite_par_client or i < limite_par_client):
            maintenant = time.perf_counter()
            if ouvert and prevu > maintenant:
                await asyncio.sleep(prevu - maintenant)
            depart = prevu if ouvert else time.perf_counter()
            reste = borne - time.perf_counter()
            if reste <= 0:
                abandonnees += 1
            else:
                try:
                    statut = await asyncio.wait_for(
                        connexion.echanger(mes_requetes[i % len(mes_requetes)]), reste
                    )
                except TimeoutError:
                    connexion.fermer()
                    statut = -1
                if statut == -1:
                    abandonnees += 1
                else:
                    latences.append(time.perf_counter() - depart)
                    statuts[statut] = statuts.get(statut, 0) + 1
            i += 1
            prevu = prevu + intervalle if ouvert else time.perf_counter()
        connexion.fermer()

    cpu = time.process_time()
    await asyncio.gather(*(client(k, c) for k, c in enumerate(connexions)))
    return {
        "latences": latences,
        "erreurs": sum(n for s, n in statuts.items() if s != 200),
        "abandonnees": abandonnees,
        "statuts": {str(s): n for s, n in statuts.items()},
        "duree_s": time.perf_counter() - debut,
        "cpu_s": time.process_time() - cpu,
    }


def main() -> None:
    ordres = json.load(sys.stdin)
    try:
        from uvloop import run  # the event loop of uvicorn[standard], lighter than asyncio's
    except ImportError:
        from asyncio import run
    json.dump(run(_executer(ordres)), sys.stdout)


if __name__ == "__main__":
    main()
