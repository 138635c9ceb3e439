"""`escalade taux actualiser`: the ECB rate from the ECB Data Portal, tested offline against a
recorded response (tests/donnees/bce_mrr_fr.csv: the CSV layout of the Data Portal for the
series FM.B.U2.EUR.4F.KR.MRR_FR.LEV, one line per date of change since 2016, written from
the documented format and the values of jurisprudence/taux_bce_refinancement.yaml)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from stockage_commun import lancer

from escalade.droit.jurisprudence import charger
from escalade.entrees.bce import URL_BCE, lire_csv

ENREGISTREE = Path(__file__).parent / "donnees" / "bce_mrr_fr.csv"


def test_la_reponse_enregistree_concorde_avec_les_donnees_livrees(tmp_path: Path) -> None:
    observations = lire_csv(ENREGISTREE.read_text(encoding="utf-8"), str(ENREGISTREE))
    assert len(observations) == 19
    assert (observations[0].date, observations[0].valeur) == (date(2016, 3, 16), Decimal(0))
    assert (observations[-1].date, observations[-1].valeur) == (date(2025, 6, 11), Decimal("2.15"))
    serie = charger(local=tmp_path).series["taux_bce_refinancement"]
    for o in observations:
        v = serie.en_vigueur(o.date)
        assert (v.depuis, v.valeur) == (o.date, o.valeur), o


def test_actualiser_par_fichier_complete_le_second_semestre(local: Path, capsys: Any) -> None:
    code, sortie, erreur = lancer(capsys, "taux", "actualiser", "--fichier", str(ENREGISTREE),
                                  "--consulte-le", "2026-12-03")  # fmt: skip
    assert code == 0, erreur
    assert "dernière : 2.15 % à effet du 11/06/2025" in sortie
    assert "taux BCE connu jusqu'au 03/12/2026" in sortie
    section = yaml.safe_load((local / "taux_bce_refinancement.yaml").read_text("utf-8"))
    section = section["taux_bce_refinancement"]
    assert section["connu_jusqu_au"] == date(2026, 12, 3)
    assert "consulté le 2026-12-03" in section["source"] and "valeurs" not in section
    # Example 01 at 03/12/2026, now complete: FA-2025-0231, 1 200,00 € from 01/07 to 03/12
    # (156 days) at 2,15 % (1st July 2026) + 10 = 12,15 %: 1 200 × 12,15 % × 156/365
    # = 62,3145... -> 62,31 ; no à parfaire.
    code, sortie, _ = lancer(capsys, "decompte", "examples/01_b2b_paiements_partiels.yaml",
                             "--date", "2026-12-03", "--json")  # fmt: skip
    d = json.loads(sortie)
    assert (d["arrete_au"], d["a_parfaire"]) == (None, [])
    derniere = d["factures"][1]["periodes"][-1]
    assert (derniere["debut"], derniere["fin"], derniere["montant"]) == (
        "2026-07-01",
        "2026-12-03",
        "62.31",
    )
    code, sortie, _ = lancer(capsys, "taux", "--date", "2026-12-03", "--json")
    [bce] = [x for x in json.loads(sortie)["taux"] if x["serie"] == "taux_bce_refinancement"]
    assert bce["locale"] is True and "ECB Data Portal" in bce["source"]
    # Again: nothing new.
    code, sortie, _ = lancer(capsys, "taux", "actualiser", "--fichier", str(ENREGISTREE),
                             "--consulte-le", "2026-12-03")  # fmt: skip
    assert code == 0 and "rien de nouveau" in sortie


def test_une_nouvelle_decision_est_enregistree_avec_sa_source(
    local: Path, tmp_path: Path, capsys: Any
) -> None:
    # A FICTITIOUS decision (test data only): 2,00 % from 2026-09-16.
    lignes = ENREGISTREE.read_text(encoding="utf-8").splitlines()
    fictive = lignes[-1].replace("2025-06-11,2.1500", "2026-09-16,2.0000")
    csv = tmp_path / "bce.csv"
    csv.write_text("\n".join([*lignes, fictive]) + "\n", encoding="utf-8")
    code, sortie, erreur = lancer(capsys, "taux", "actualiser", "--fichier", str(csv),
                                  "--consulte-le", "2026-12-03")  # fmt: skip
    assert code == 0, erreur
    assert "nouvelle décision enregistrée : 2 % à effet du 16/09/2026" in sortie
    section = yaml.safe_load((local / "taux_bce_refinancement.yaml").read_text("utf-8"))
    valeur = section["taux_bce_refinancement"]["valeurs"][date(2026, 9, 16)]
    assert valeur["valeur"] == "2" and "changement à effet du 2026-09-16" in valeur["source"]
    assert valeur["url"] == URL_BCE


def test_un_csv_invalide_est_refuse_sans_rien_ecrire(
    local: Path, tmp_path: Path, capsys: Any
) -> None:
    lignes = ENREGISTREE.read_text(encoding="utf-8").splitlines()
    csv = tmp_path / "bce.csv"
    csv.write_text("\n".join([*lignes[:3], lignes[3].replace(",A,", ",A,").replace(
        lignes[3].split(",")[9], "n/a")]) + "\n", encoding="utf-8")  # fmt: skip
    code, _, erreur = lancer(capsys, "taux", "actualiser", "--fichier", str(csv))
    assert code == 2 and "bce.csv" in erreur and "champ « OBS_VALUE »" in erreur
    assert "ligne 4" in erreur and list(local.iterdir()) == []
    csv.write_text("date,taux\n2026-01-01,2.15\n", encoding="utf-8")
    code, _, erreur = lancer(capsys, "taux", "actualiser", "--fichier", str(csv))
    assert code == 2 and "champ « TIME_PERIOD »" in erreur


def test_panne_reseau_message_francais_code_5(
    local: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    appels: list[float] = []

    def injoignable(requete: Any, timeout: float) -> Any:
        appels.append(timeout)
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", injoignable)
    code, sortie, erreur = lancer(capsys, "taux", "actualiser")
    assert code == 5 and sortie == "" and "Traceback" not in erreur
    assert "ECB Data Portal est injoignable (Name or service not known)" in erreur
    assert "--fichier" in erreur and appels == [20]
    assert list(local.iterdir()) == []


def test_reponse_http_d_erreur(local: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def erreur_503(requete: Any, timeout: float) -> Any:
        raise urllib.error.HTTPError(URL_BCE, 503, "Service Unavailable", {}, None)  # type: ignore[arg-type]

    monkeypatch.setattr(urllib.request, "urlopen", erreur_503)
    code, _, erreur = lancer(capsys, "taux", "actualiser")
    assert code == 5 and "a répondu 503" in erreur
