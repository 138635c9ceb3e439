"""What the server keeps between requests on SQLite (`escalade.stockage.cache_dossiers`) is
dropped as soon as another connection commits: a payment, a dispute or a revoked token written
by the CLI is seen by the very next request. The same tests run on PostgreSQL, where nothing is
kept. Then the server with several worker processes: it starts, answers, and the caps hold
across the processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from stockage_commun import compter, lancer, oublier_moteurs
from test_serveur_api import LUNDI, _h, _moment, _preparer

RACINE = Path(__file__).resolve().parents[1]


@pytest.fixture
def client(url_depot: str) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    from escalade.serveur.application import creer_application

    jetons = _preparer(url_depot)
    with TestClient(creer_application(url_depot, horloge=lambda: _moment(LUNDI))) as c:
        yield c, jetons, url_depot


def _verifier(c: TestClient, jeton: str, ref: str) -> Any:
    corps = {"dossier": ref, "canal": "telephone", "le": LUNDI}
    r = c.post("/api/verifier", json=corps, headers=_h(jeton))
    assert r.status_code == 200, r.text
    return r.json()


def _cli(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> Any:
    code, out, err = lancer(capsys, *args, "--db", url, "--json")
    assert code in (0, 3), err  # 3: `verifier` refusing the contact
    return json.loads(out)


def _lecteur(c: TestClient) -> Any:
    return c.app.state.contexte.lecteur  # type: ignore[attr-defined]


def test_paiement_et_litige_de_la_cli_vus_aussitot(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    c, jetons, url = client
    jeton = jetons["lecture"]
    avant = _verifier(c, jeton, "S-001")
    assert avant["autorise"] is True
    assert _verifier(c, jeton, "S-001") == avant
    lecteur = _lecteur(c)
    if url.startswith("sqlite"):  # the second check was served from memory
        assert (lecteur.lus, lecteur.repris) == (1, 1)
    else:
        assert lecteur is None  # PostgreSQL: read through the store at every request
    # The whole principal (1200.00) paid, recorded by the CLI (another connection).
    _cli(capsys, url, "paiement", "S-001", "--montant", "1200.00", "--date", "2026-07-01",
         "--le", "2026-07-02")  # fmt: skip
    apres = _verifier(c, jeton, "S-001")
    commande = _cli(capsys, url, "verifier", "S-001", "--canal", "telephone", "--le", LUNDI)
    assert apres == commande and apres["autorise"] is False
    # A dispute opened by the CLI on the other debtor's invoice: seen at the next check.
    assert _verifier(c, jeton, "S-002")["autorise"] is True
    _cli(capsys, url, "litige", "ouvrir", "S-002", "--facture", "FA-1", "--date", "2026-07-01",
         "--motif", "livraison incomplète")  # fmt: skip
    apres = _verifier(c, jeton, "S-002")
    commande = _cli(capsys, url, "verifier", "S-002", "--canal", "telephone", "--le", LUNDI)
    assert apres == commande and apres["autorise"] is False


def test_jeton_revoque_par_la_cli_refuse_a_la_requete_suivante(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    c, jetons, url = client
    for _ in range(2):  # the second request finds the bearer in memory (SQLite)
        _verifier(c, jetons["lecture"], "S-001")
    code, _, err = lancer(capsys, "operateur", "revoquer", "bruno", "--db", url)
    assert code == 0, err
    corps = {"dossier": "S-001", "canal": "telephone", "le": LUNDI}
    r = c.post("/api/verifier", json=corps, headers=_h(jetons["lecture"]))
    assert r.status_code == 401 and "révoqué" in r.json()["erreur"]
    assert _verifier(c, jetons["gestion"], "S-001")["autorise"] is True  # alice's still valid


def test_contact_enregistre_par_le_serveur_vu_par_le_controle(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server's own write (a contact) drops what it kept: the next check counts it."""
    c, jetons, url = client
    _verifier(c, jetons["gestion"], "S-001")
    corps = {"dossier": "S-001", "canal": "telephone", "objet": "appel", "le": LUNDI}
    assert c.post("/api/contacts", json=corps, headers=_h(jetons["gestion"])).status_code == 201
    apres = _verifier(c, jetons["gestion"], "S-001")
    commande = _cli(capsys, url, "verifier", "S-001", "--canal", "telephone", "--le", LUNDI)
    assert apres == commande


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _demarrer(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen[str]:
    serveur = subprocess.Popen(
        [sys.executable, "-c", *args], env={**os.environ, "PYTHONPATH": str(RACINE), **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return serveur
        except OSError:
            assert serveur.poll() is None, serveur.stderr.read() if serveur.stderr else ""
            time.sleep(0.1)
    raise AssertionError("le serveur ne répond pas")


def _arreter(serveur: subprocess.Popen[str]) -> str:
    serveur.terminate()
    serveur.wait(timeout=20)
    return serveur.stdout.read() if serveur.stdout else ""


def test_serveur_a_deux_processus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`escalade serveur --processus 2` starts, says so, answers as the command, and a token
    revoked by the CLI is refused by every worker at once."""
    oublier_moteurs()
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    jetons = _preparer(url)
    oublier_moteurs()
    port = _port_libre()
    code = ["from escalade.cli import main; main()", "serveur", "--port", str(port),
            "--db", url, "--processus", "2"]  # fmt: skip
    serveur = _demarrer(code, {}, port)
    try:
        attendu = _cli(capsys, url, "verifier", "S-001", "--canal", "telephone", "--le", LUNDI)
        corps = {"dossier": "S-001", "canal": "telephone", "le": LUNDI}
        with ThreadPoolExecutor(8) as pool:
            # one client per request: new connections, spread over the two workers
            def verifier(jeton: str) -> httpx2.Response:
                return httpx2.post(f"http://127.0.0.1:{port}/api/verifier", json=corps,
                                  headers=_h(jeton), timeout=30)  # fmt: skip

            reponses = list(pool.map(verifier, [jetons["lecture"]] * 16))
            assert all(r.status_code == 200 and r.json() == attendu for r in reponses)
            assert lancer(capsys, "operateur", "revoquer", "bruno", "--db", url)[0] == 0
            reponses = list(pool.map(verifier, [jetons["lecture"]] * 16))
            assert [r.status_code for r in reponses] == [401] * 16
    finally:
        annonce = _arreter(serveur)
    assert "2 processus de service (--processus)." in annonce
    oublier_moteurs()


def test_plafonds_entre_processus(tmp_path: Path) -> None:
    """Twelve calls of one moment posted at once to two worker processes pass the caps no
    more than when posted one by one: the lock is the store's, not a process's."""
    oublier_moteurs()
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    jetons = _preparer(url)
    oublier_moteurs()
    port = _port_libre()
    code = (f"import sys; sys.path.insert(0, {str(RACINE / 'tests')!r}); import uvicorn; "
            f"uvicorn.run('serveur_horloge:fabrique', factory=True, workers=2, port={port}, "
            "log_level='warning')")  # fmt: skip
    serveur = _demarrer([code], {"ESCALADE_DB": url}, port)
    h = _h(jetons["gestion"])
    try:

        def appel(ref: str, i: int) -> int:
            le = (datetime.fromisoformat(LUNDI) - timedelta(minutes=i)).isoformat()
            corps = {"dossier": ref, "canal": "telephone", "objet": "appel", "le": le}
            return httpx2.post(f"http://127.0.0.1:{port}/api/contacts", json=corps, headers=h,
                              timeout=60).status_code  # fmt: skip

        un_par_un = [appel("S-002", i) for i in range(12)]
        permis = un_par_un.count(201)
        assert 0 < permis < 12 and set(un_par_un) == {201, 409}
        with ThreadPoolExecutor(12) as pool:
            ensemble = list(pool.map(lambda i: appel("S-001", i), range(12)))
        assert ensemble.count(201) == permis and ensemble.count(409) == 12 - permis
    finally:
        _arreter(serveur)
    assert compter(url, "contacts") == 2 * permis
    oublier_moteurs()
