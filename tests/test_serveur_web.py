"""The worklist: login, CSRF, the plan, the call form (the gate's answer before saving), and a
real browser (Debian's chromium driven by Playwright) against uvicorn on the loopback."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from stockage_commun import MAINTENANT, compter, donnees, oublier_moteurs

from escalade.droit.valeurs import PARIS

RACINE = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def _preparer(url: str) -> str:
    from escalade.droit.modele import Dossier
    from escalade.recouvrement.operateurs import Operateur
    from escalade.stockage.depot import importer
    from escalade.stockage.jetons import emettre_jeton
    from escalade.stockage.moteur import moteur, transaction_ecriture
    from escalade.stockage.pilotage import ajouter_operateur

    d = donnees()
    d["debiteur"]["telephone"] = "04 78 00 00 00"
    with transaction_ecriture(moteur(url)) as conn:
        importer(conn, [Dossier.model_validate(d)], MAINTENANT)
        ajouter_operateur(conn, Operateur("alice", None, "gestionnaire"), MAINTENANT)
        return emettre_jeton(conn, "alice", "gestionnaire", MAINTENANT)


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[TestClient, str, str]]:
    from escalade.serveur.application import creer_application

    oublier_moteurs()
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    jeton = _preparer(url)
    # Fixed clock: Sunday 5 July 2026, 10:30 (then Monday); a call "now" is checked.
    horloge = lambda: datetime(2026, 7, 5, 10, 30, tzinfo=PARIS)  # noqa: E731
    with TestClient(creer_application(url, horloge=horloge)) as c:
        yield c, jeton, url
    oublier_moteurs()


def _csrf(html: str) -> str:
    trouve = re.search(r'name="csrf" value="([^"]+)"', html)
    assert trouve is not None
    return trouve.group(1)


def test_connexion_csrf_et_appel(web: Any) -> None:
    c, jeton, url = web
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/connexion"
    page = c.get("/connexion").text
    assert '<html lang="fr">' in page and '<label for="jeton">' in page
    # Without the form's anti-CSRF token (a third site posting the form): refused.
    assert c.post("/connexion", data={"jeton": jeton, "csrf": "x"}).status_code == 403
    r = c.post("/connexion", data={"jeton": jeton, "csrf": _csrf(page)}, follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    plan = c.get("/").text
    assert "S-001" in plan and "04 78 00 00 00" in plan and "Boulangerie Martin SAS" in plan
    formulaire = c.get("/dossiers/S-001/appel").text
    champs = {"canal": "telephone", "objet": "appel", "le": "2026-07-05T10:30",
              "resultat": "promesse", "csrf": _csrf(formulaire)}  # fmt: skip
    # Sunday: the gate's refusal is shown; nothing is recorded.
    page = c.post("/dossiers/S-001/appel", data={**champs, "action": "verifier"}).text
    assert "Contact refusé" in page and "dimanche" in page
    page = c.post("/dossiers/S-001/appel", data={**champs, "action": "enregistrer"}).text
    assert "contact refusé par le contrôle" in page and compter(url, "contacts") == 0
    # A forged post without the session's CSRF token: 403, nothing recorded.
    r = c.post("/dossiers/S-001/appel", data={**champs, "csrf": "faux", "le": "2026-07-06T10:30",
                                              "action": "enregistrer"})  # fmt: skip
    assert r.status_code == 403 and compter(url, "contacts") == 0
    page = c.post("/dossiers/S-001/appel", data={**champs, "le": "2026-07-06T10:30"}).text
    assert "Contact autorisé" in page
    c.app.state.contexte.horloge = lambda: datetime(2026, 7, 6, 10, 30, tzinfo=PARIS)  # type: ignore[attr-defined]
    r = c.post("/dossiers/S-001/appel",
               data={**champs, "le": "2026-07-06T10:30", "action": "enregistrer"})  # fmt: skip
    assert r.status_code == 200 and "Contact enregistré." in r.text
    assert compter(url, "contacts") == 1
    assert re.search(r"06/07/2026</td><td>10:30</td>\s*<td>[^<]*</td>.*\s*<td>alice</td>", r.text)
    # The report's figures and charts: 1200.00 outstanding since 31 March 2026.
    rapport = c.get("/rapport?au=2026-07-31").text
    assert "<h1>Rapport de recouvrement</h1>" in rapport
    assert rapport.count('src="data:image/svg+xml;base64,') == 3  # the three charts
    assert "1\u202f200,00" in rapport


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium absent (make systeme)")
def test_navigateur_reel(tmp_path: Path) -> None:
    """Log in, open the plan, record a call, see it in the dossier's timeline."""
    from playwright.sync_api import sync_playwright

    oublier_moteurs()
    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    jeton = _preparer(url)
    oublier_moteurs()
    port = _port_libre()
    env = {**os.environ, "PYTHONPATH": str(RACINE)}
    serveur = subprocess.Popen(
        [sys.executable, "-c", "from escalade.cli import main; main()", "serveur",
         "--port", str(port), "--db", url],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert serveur.poll() is None, serveur.stderr.read()  # type: ignore[union-attr]
                time.sleep(0.1)
        with sync_playwright() as p:
            navigateur = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu",
                      "--disable-background-networking", "--disable-component-update",
                      "--disable-sync", "--no-first-run"],
            )  # fmt: skip
            page = navigateur.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_label("Jeton d'accès").fill(jeton)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(f"http://127.0.0.1:{port}/")
            assert page.get_by_role("heading", level=1).inner_text().startswith("Plan du")
            page.get_by_role("link", name="Saisir le contact du dossier S-001").click()
            page.get_by_label("Moment (heure de Paris)").fill("2026-07-06T10:30")
            page.get_by_label("Résultat").fill("promesse de paiement")
            page.get_by_role("button", name="Vérifier").click()
            assert "Contact autorisé" in page.get_by_role("region").inner_text()
            page.get_by_role("button", name="Enregistrer le contact").click()
            page.wait_for_url(re.compile(r".*/dossiers/S-001\?enregistre=1"))
            assert page.get_by_role("status").inner_text() == "Contact enregistré."
            ligne = page.get_by_role("row", name="06/07/2026 10:30 Contact par")
            assert "alice" in ligne.inner_text()
            navigateur.close()
    finally:
        serveur.terminate()
        serveur.wait(timeout=10)
    annonce = serveur.stdout.read().decode() if serveur.stdout else ""
    assert f"escalade écoute sur la boucle locale seulement : http://127.0.0.1:{port}/" in annonce
    assert compter(url, "contacts") == 1
    oublier_moteurs()


def test_commandes_jeton_et_serveur(
    capsys: pytest.CaptureFixture[str], depot: Path, tmp_path: Path
) -> None:
    import json

    from stockage_commun import lancer

    assert lancer(capsys, "operateur", "ajouter", "alice")[0] == 0
    code, _, err = lancer(capsys, "operateur", "jeton", "zoe")
    assert code == 2 and "opérateur « zoe » inconnu" in err
    code, _, err = lancer(capsys, "operateur", "jeton", "alice", "--role", "chef")
    assert code == 2 and "rôle d'accès « chef » inconnu" in err
    code, out, _ = lancer(capsys, "operateur", "jeton", "alice", "--role", "lecture", "--json")
    emis = json.loads(out)
    assert code == 0 and emis["role"] == "lecture" and len(emis["jeton"]) >= 40
    from escalade.stockage.jetons import empreinte

    with sqlite3.connect(depot) as c:  # only the hash is stored, never the token
        assert c.execute("SELECT empreinte FROM jetons").fetchall() == [(empreinte(emis["jeton"]),)]
    code, out, _ = lancer(capsys, "operateur", "revoquer", "alice")
    assert code == 0 and out.strip() == "1 jeton révoqué pour alice."
    with sqlite3.connect(depot) as c:  # audited under the system account that ran the command
        lignes = c.execute("SELECT action, operateur, motif FROM audit ORDER BY id").fetchall()
    assert [(a, m) for a, _, m in lignes] == [
        ("jeton_emis", "jeton d'accès (lecture) délivré à alice"),
        ("jeton_revoque", "jeton d'accès (lecture) révoqué pour alice"),
    ]
    assert all(o.endswith(" (compte système)") for _, o, _ in lignes)
    # A missing store is an input error before anything listens.
    code, _, err = lancer(capsys, "serveur", "--db", str(tmp_path / "absent.sqlite"))
    assert code == 2 and "aucun dépôt de dossiers ici" in err
