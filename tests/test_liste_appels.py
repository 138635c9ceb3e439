"""`escalade plan --canal telephone`: the day's call list (text, JSON, CSV), sorted, filtered."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from stockage_commun import MAINTENANT, donnees

from escalade.droit.modele import Dossier
from escalade.stockage import depot
from escalade.stockage.moteur import moteur, transaction_ecriture

RACINE = Path(__file__).resolve().parent.parent


def _dossier(
    ref: str, nom: str, montant: str, echeance: str, dernier: str, **debiteur: Any
) -> Dossier:
    d = donnees(reference=ref)
    d["debiteur"] = {**d["debiteur"], "nom": nom, **debiteur}
    d["debiteur"].pop("siren")
    d["factures"] = [
        {
            "numero": f"{ref}-F",
            "date_emission": "2026-01-02",
            "date_echeance": echeance,
            "montant_ttc": montant,
        }
    ]
    d["contacts"] = [
        {"le": "2026-05-04T10:00:00+02:00", "canal": "email", "objet": "relance_1"},
        {"le": dernier, "canal": "email", "objet": "relance_2", "resultat": "sans réponse"},
    ]
    return Dossier.model_validate(d)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from escalade.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=RACINE,
        timeout=300,
    )


def test_liste_d_appels_triee_filtree_texte_json_csv(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    dossiers = [
        _dossier(
            "S-1",
            "Café Alpha",
            "500.00",
            "2026-03-02",
            "2026-05-20T10:00:00+02:00",
            telephone="04 78 00 00 11",
        ),
        _dossier(
            "S-2",
            "Bistrot Beta",
            "2400.00",
            "2026-03-31",
            "2026-05-25T10:00:00+02:00",
            interlocuteurs=[{"nom": "Paul Beta", "telephone": "06 12 34 56 78"}],
        ),
        _dossier(
            "S-3",
            "Cantine Gamma",
            "900.00",
            "2026-02-15",
            "2026-05-18T10:00:00+02:00",
            telephone="01 40 00 00 33",
        ),
    ]
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, dossiers, MAINTENANT)
    r = cli("plan", "--db", url, "--date", "2026-06-30", "--canal", "telephone", "--json")
    assert r.returncode == 0, r.stderr
    appels = json.loads(r.stdout)["appels"]
    assert [a["dossier"] for a in appels] == ["S-2", "S-3", "S-1"]  # largest amount first
    s2 = appels[0]
    assert (s2["debiteur"], s2["interlocuteur"], s2["telephone"], s2["montant_du"]) == (
        "Bistrot Beta",
        "Paul Beta",
        "06 12 34 56 78",
        "2400.00",
    )
    assert s2["echeance_plus_ancienne"] == "2026-03-31"
    assert s2["dernier_contact"] == "2026-05-25T10:00:00+02:00"
    assert s2["dernier_resultat"] == "sans réponse" and s2["etape"] == "relance_telephonique"
    r = cli(
        "plan",
        "--db",
        url,
        "--date",
        "2026-06-30",
        "--canal",
        "telephone",
        "--csv",
        "--trier",
        "echeance",
        "--montant-min",
        "600",
    )
    assert r.returncode == 0, r.stderr
    lignes = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["dossier"], x["echeance_plus_ancienne"]) for x in lignes] == [
        ("S-3", "2026-02-15"),
        ("S-2", "2026-03-31"),
    ]
    r = cli(
        "plan",
        "--db",
        url,
        "--date",
        "2026-06-30",
        "--canal",
        "telephone",
        "--trier",
        "dernier_contact",
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.index("S-3") < r.stdout.index("S-1") < r.stdout.index("S-2")
    assert "- S-1 : Café Alpha, 04 78 00 00 11" in r.stdout
    assert "dû : 500,00 € en principal, échu depuis le 02/03/2026" in r.stdout.replace(
        "\u202f", " "
    ).replace("\u00a0", " ")
    assert "dernier contact : 20/05/2026 10:00 par email : sans réponse" in r.stdout
    r = cli("plan", "--db", url, "--date", "2026-06-30", "--csv")
    assert r.returncode == 2 and "--canal telephone" in r.stderr
