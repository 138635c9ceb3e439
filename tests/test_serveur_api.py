"""The HTTP API on both engines: the same JSON as the commands, tokens and roles, French errors.

Each answer is compared with the matching command's `--json` run on the same store, so the
server cannot drift from the command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from stockage_commun import MAINTENANT, compter, dossier, lancer

from escalade.droit.valeurs import PARIS

LUNDI = "2026-07-06T10:30"  # Monday 6 July 2026, inside the call hours
DIMANCHE = "2026-07-05T10:30"


def _preparer(url: str) -> dict[str, str]:
    """Two dossiers of two debtors, the operators alice and bruno, a token per role."""
    from escalade.droit.parties import Debiteur
    from escalade.recouvrement.operateurs import Operateur
    from escalade.stockage.depot import importer
    from escalade.stockage.jetons import emettre_jeton
    from escalade.stockage.moteur import moteur, transaction_ecriture
    from escalade.stockage.pilotage import ajouter_operateur

    autre = dossier(reference="S-002")
    autre = autre.model_copy(
        update={"debiteur": Debiteur.model_validate({**autre.debiteur.model_dump(),
                                                      "nom": "Garage Petit SARL",
                                                      "siren": "356000000"})}
    )  # fmt: skip
    with transaction_ecriture(moteur(url)) as conn:
        importer(conn, [dossier(), autre], MAINTENANT)
        ajouter_operateur(conn, Operateur("alice", None, "gestionnaire"), MAINTENANT)
        ajouter_operateur(conn, Operateur("bruno", None, "agent"), MAINTENANT)
        return {
            "gestion": emettre_jeton(conn, "alice", "gestionnaire", MAINTENANT),
            "lecture": emettre_jeton(conn, "bruno", "lecture", MAINTENANT),
        }


@pytest.fixture
def client(url_depot: str) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    from escalade.serveur.application import creer_application

    jetons = _preparer(url_depot)
    # The clock is fixed at Monday 6 July 2026, 10:30: a contact "now" is checked by the gate
    # (a contact dated well before the clock is a fact, recorded without a check).
    with TestClient(creer_application(url_depot, horloge=lambda: _moment(LUNDI))) as c:
        yield c, jetons, url_depot


def _moment(texte: str) -> datetime:
    return datetime.fromisoformat(texte).replace(tzinfo=PARIS)


def _horloge(c: TestClient, texte: str) -> None:
    c.app.state.contexte.horloge = lambda: _moment(texte)  # type: ignore[attr-defined]


def _h(jeton: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {jeton}"}


def _cli_json(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> Any:
    _, out, err = lancer(capsys, *args, "--db", url, "--json")
    assert out, err
    return json.loads(out)


def test_openapi_et_authentification(client: Any) -> None:
    c, jetons, url = client
    routes = c.get("/api/openapi.json").json()["paths"]
    assert {"/api/verifier", "/api/contacts", "/api/plan", "/api/dossiers/{ref}",
            "/api/dossiers/{ref}/decompte", "/api/dossiers/{ref}/documents/{modele}",
            "/api/paiements", "/api/litiges"} <= set(routes)  # fmt: skip
    corps = {"dossier": "S-001", "canal": "telephone", "le": LUNDI}
    r = c.post("/api/verifier", json=corps)
    assert r.status_code == 401 and "jeton" in r.json()["erreur"]
    assert r.headers["www-authenticate"] == "Bearer"
    assert c.post("/api/verifier", json=corps, headers=_h("faux")).status_code == 401
    assert c.post("/api/verifier", json=corps, headers=_h(jetons["lecture"])).status_code == 200
    # A read-only token cannot write: 403, nothing recorded.
    r = c.post("/api/contacts", json={**corps, "objet": "appel"}, headers=_h(jetons["lecture"]))
    assert r.status_code == 403 and "lecture" in r.json()["erreur"]
    assert compter(url, "contacts") == 0
    # Revoked: the token stops working at once; the revocation is audited.
    from escalade.stockage.jetons import revoquer_jetons
    from escalade.stockage.moteur import moteur, transaction_ecriture

    with transaction_ecriture(moteur(url)) as conn:
        assert revoquer_jetons(conn, "bruno", MAINTENANT) == 1
    assert c.post("/api/verifier", json=corps, headers=_h(jetons["lecture"])).status_code == 401
    assert compter(url, "audit") == 3  # two issued, one revoked


def test_verifier_comme_la_commande(client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    c, jetons, url = client
    for le in (LUNDI, DIMANCHE):
        r = c.post(
            "/api/verifier",
            json={"dossier": "S-001", "canal": "telephone", "le": le},
            headers=_h(jetons["lecture"]),
        )
        attendu = _cli_json(capsys, url, "verifier", "S-001", "--canal", "telephone", "--le", le)
        assert r.status_code == 200 and r.json() == attendu
    # Sunday: refused, the next slot is Monday 10:00 (the first call-hour slot).
    assert r.json()["autorise"] is False
    assert [m["code"] for m in r.json()["motifs"]] == ["dimanche"]
    assert r.json()["prochain_creneau"] == "2026-07-06T10:00:00+02:00"


def test_contacts_journal_et_refus(client: Any) -> None:
    c, jetons, url = client
    corps = {"dossier": "S-001", "canal": "telephone", "objet": "appel", "le": LUNDI,
             "resultat": "refus"}  # fmt: skip
    r = c.post("/api/contacts", json=corps, headers=_h(jetons["gestion"]))
    assert r.status_code == 201 and r.json()["enregistre"] is True
    r = c.post("/api/contacts", json=corps, headers=_h(jetons["gestion"]))
    assert r.status_code == 200 and r.json()["deja_enregistre"] is True
    assert compter(url, "contacts") == 1
    # The token's operator is the one written to the journal.
    evenements = c.get("/api/dossiers/S-001", headers=_h(jetons["gestion"])).json()["evenements"]
    appels = [e for e in evenements if e["operateur"] == "alice"]
    assert len(appels) == 1 and appels[0]["date"] == "2026-07-06"
    # The next day, after the debtor's refusal: a policy limit, 409 with the reason, nothing kept.
    _horloge(c, "2026-07-07T10:30")
    r = c.post("/api/contacts", json={**corps, "le": "2026-07-07T10:30"},
               headers=_h(jetons["gestion"]))  # fmt: skip
    assert r.status_code == 409
    assert [m["code"] for m in r.json()["decision"]["motifs"]] == ["refus_recent"]
    assert compter(url, "contacts") == 1
    # Forced with a written reason: recorded, audited under alice's name.
    r = c.post(
        "/api/contacts",
        json={**corps, "le": "2026-07-07T10:30", "motif_forcage": "rappel demandé par écrit"},
        headers=_h(jetons["gestion"]),
    )
    assert r.status_code == 201 and r.json()["force"] is True
    from sqlalchemy import select

    from escalade.stockage import schema as s
    from escalade.stockage.moteur import moteur

    with moteur(url).connect() as conn:
        audit = conn.execute(
            select(s.audit.c.operateur, s.audit.c.motif).where(s.audit.c.action == "contact_force")
        ).one()
    assert tuple(audit) == ("alice", "rappel demandé par écrit")


def test_erreurs_en_francais(client: Any) -> None:
    c, jetons, _ = client
    h = _h(jetons["gestion"])
    r = c.post("/api/verifier", json={"dossier": "S-001", "canal": "pigeon"}, headers=h)
    assert r.status_code == 422 and r.json()["champ"] == "canal"
    assert "pigeon" in r.json()["erreur"] and "telephone" in r.json()["erreur"]
    r = c.post("/api/verifier", json={"dossier": "S-001", "canal": "sms", "le": "hier"}, headers=h)
    assert r.status_code == 422 and r.json()["champ"] == "le"
    assert "horodatage invalide" in r.json()["erreur"]
    r = c.post("/api/verifier", json={"canal": "sms"}, headers=h)
    assert r.status_code == 422 and r.json()["champ"] == "dossier"
    r = c.post("/api/verifier", json={"dossier": "X-9", "canal": "sms"}, headers=h)
    assert r.status_code == 404 and r.json()["champ"] == "dossier"
    assert "aucun dossier « X-9 »" in r.json()["erreur"]
    r = c.post("/api/paiements", json={"dossier": "S-001", "montant": "-5", "date": "2026-07-01"},
               headers=h)  # fmt: skip
    assert r.status_code == 422 and r.json()["champ"] == "montant"
    r = c.post("/api/litiges", json={"dossier": "S-001", "facture": "FA-1", "date": "2026-07-01"},
               headers=h)  # fmt: skip
    assert r.status_code == 422 and r.json()["champ"] == "motif"
    r = c.get("/api/plan?operateur=zoe", headers=h)
    assert r.status_code == 422 and r.json()["champ"] == "operateur"
    assert "opérateur « zoe » inconnu" in r.json()["erreur"]
    r = c.get("/api/plan?date=2026-13-01", headers=h)
    assert r.status_code == 422 and r.json()["champ"] == "date"


def test_lectures_comme_les_commandes(
    client: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    c, jetons, url = client
    monkeypatch.setenv("ESCALADE_DB", url)  # decompte reads a reference from the default store
    h = _h(jetons["lecture"])
    r = c.get("/api/plan?date=2026-07-06", headers=h)
    assert r.status_code == 200
    assert r.json() == _cli_json(capsys, url, "plan", "--date", "2026-07-06")
    assert {a["dossier"] for a in r.json()["actions"]} == {"S-001", "S-002"}
    r = c.get("/api/dossiers/S-001/decompte?date=2026-04-30", headers=h)
    _, out, _ = lancer(capsys, "decompte", "S-001", "--date", "2026-04-30", "--json")
    assert r.json() == json.loads(out)
    assert r.json()["principal"] == "1200.00"  # 1200.00 due 31 March, nothing paid
    r = c.get("/api/dossiers/S-001", headers=h)
    assert r.json() == _cli_json(capsys, url, "historique", "S-001")
    r = c.get("/api/dossiers/S-001/documents/decompte?date=2026-04-30", headers=h)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and "attachment" in r.headers["content-disposition"]
    r = c.get("/api/dossiers/S-001/documents/inconnu", headers=h)
    assert r.status_code == 422


def test_paiement_et_litige(client: Any) -> None:
    c, jetons, _ = client
    h = _h(jetons["gestion"])
    corps = {"dossier": "S-001", "montant": "1200.00", "date": "2026-07-01", "le": "2026-07-02"}
    r = c.post("/api/paiements", json=corps, headers=h)
    assert r.status_code == 201
    assert r.json()["dossiers"] == [{"dossier": "S-001", "etape_avant": None, "etape": "solde"}]
    assert c.post("/api/paiements", json=corps, headers=h).json()["deja_enregistre"] is True
    # Principal paid: a reminder letter is refused by the gate (409 with its reasons).
    r = c.get("/api/dossiers/S-001/documents/relance_1?date=2026-07-03", headers=h)
    assert r.status_code == 409 and r.json()["refus"]["autorise"] is False
    r = c.post("/api/litiges", headers=h, json={"dossier": "S-002", "facture": "FA-1",
               "date": "2026-07-01", "motif": "livraison incomplète"})  # fmt: skip
    assert r.status_code == 201 and r.json()["evenement"]["type"] == "litige_ouvert"
    historique = c.get("/api/dossiers/S-002", headers=h).json()["evenements"]
    assert any(e["operateur"] == "alice" for e in historique)


def test_contacts_concurrents_plafond(client: Any) -> None:
    """Twelve calls of one moment posted at once never pass the caps: as many are accepted as
    when they are posted one by one (on another debtor), the others are refused with 409.
    (Twelve moments a minute apart, within the tolerance of the server's fixed clock: twelve
    distinct planned contacts, of the one closed objet « appel », that all see each other.)"""
    c, jetons, url = client
    h = _h(jetons["gestion"])

    def appel(ref: str, i: int) -> int:
        le = (datetime.fromisoformat(LUNDI) - timedelta(minutes=i)).isoformat()
        corps = {"dossier": ref, "canal": "telephone", "objet": "appel", "le": le}
        return c.post("/api/contacts", json=corps, headers=h).status_code

    un_par_un = [appel("S-002", i) for i in range(12)]
    permis = un_par_un.count(201)
    assert 0 < permis < 12 and set(un_par_un) == {201, 409}
    with ThreadPoolExecutor(12) as pool:
        ensemble = list(pool.map(lambda i: appel("S-001", i), range(12)))
    assert ensemble.count(201) == permis and ensemble.count(409) == 12 - permis
    assert compter(url, "contacts") == 2 * permis


def test_objet_hors_liste_refuse(client: Any) -> None:
    """The API takes the CLI's closed list of objets: a free one is a 422 naming the field."""
    c, jetons, url = client
    corps = {"dossier": "S-001", "canal": "telephone", "objet": "appel téléphonique", "le": LUNDI}
    r = c.post("/api/contacts", json=corps, headers=_h(jetons["gestion"]))
    assert r.status_code == 422
    assert "objet « appel téléphonique » inconnu" in r.text and compter(url, "contacts") == 0
