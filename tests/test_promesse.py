"""A promise to pay pauses the plan until the promised day + the policy's grace, then the
plan says whether it was kept and resumes; the contact's objet is a closed list."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from stockage_commun import MAINTENANT, donnees

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier
from escalade.recouvrement.objets_contact import verifier_objet
from escalade.recouvrement.plan import planifier
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage import depot
from escalade.stockage.moteur import moteur, transaction_ecriture

RACINE = Path(__file__).resolve().parent.parent
PROMESSE = {
    "le": "2026-05-04T10:00:00+02:00", "canal": "telephone", "objet": "relance_telephonique",
    "resultat": "promesse_de_paiement", "promesse_le": "2026-05-15", "promesse_montant": "700.00",
}  # fmt: skip


def _dossier(*paiements: dict[str, str]) -> Dossier:
    """FA-1: 1 200,00 € due 31/03/2026 (standard plan: relance_1 +1, relance_2 +10,
    call +20, last letter +30); relance_1 and relance_2 done, then the call with a promise
    of 700,00 € for 15/05/2026, confirmed in writing the next day."""
    d = donnees(
        contacts=[
            {"le": "2026-04-01T10:00:00+02:00", "canal": "courrier", "objet": "relance_1"},
            {"le": "2026-04-10T10:00:00+02:00", "canal": "courrier", "objet": "relance_2"},
            PROMESSE,
            {"le": "2026-05-05T10:00:00+02:00", "canal": "courrier", "objet": "confirmation_appel"},
        ],
        paiements=list(paiements),
    )
    return Dossier.model_validate(d)


def test_plan_suspendu_jusqu_a_la_promesse_plus_grace(jur: Jurisprudence) -> None:
    pol = politique_par_defaut(jur, date(2026, 5, 10))
    assert pol.promesse_delai_grace_jours == 3  # jurisprudence/promesse_paiement_delai_grace
    for jour in (date(2026, 5, 10), date(2026, 5, 18)):  # 15/05 + 3 days = 18/05 included
        a = planifier(_dossier(), jour, pol, jur)
        assert a is not None and a.etape == "promesse_en_cours" and a.canal is None
        assert a.date == date(2026, 5, 19)
        assert "Plan suspendu : promesse de paiement de 700,00" in a.motif.replace("\u202f", " ")
        assert "reprise le 19/05/2026" in a.motif


def test_promesse_non_tenue_le_plan_reprend(jur: Jurisprudence) -> None:
    pol = politique_par_defaut(jur, date(2026, 5, 19))
    a = planifier(
        _dossier({"date": "2026-05-14", "montant": "300.00"}), date(2026, 5, 19), pol, jur
    )
    assert a is not None and a.etape == "derniere_relance" and a.date == date(2026, 5, 19)
    motif = a.motif.replace("\u202f", " ").replace("\u00a0", " ")
    assert (
        "pour le 15/05/2026 (faite le 04/05/2026) : non tenue (300,00 € reçus au 18/05/2026)"
        in motif
    )


def test_promesse_tenue_le_dit_et_reprend_sur_le_reste(jur: Jurisprudence) -> None:
    pol = politique_par_defaut(jur, date(2026, 5, 16))
    # 700,00 € paid on 15/05: kept; 500,00 € remain, the plan resumes at once
    a = planifier(
        _dossier({"date": "2026-05-15", "montant": "700.00"}), date(2026, 5, 16), pol, jur
    )
    assert a is not None and a.etape == "derniere_relance"
    assert ": tenue (700,00 € reçus" in a.motif.replace("\u202f", " ").replace("\u00a0", " ")
    # a payment before the promise does not count towards it
    avant = _dossier({"date": "2026-05-02", "montant": "700.00"})
    assert planifier(avant, date(2026, 5, 16), pol, jur).etape == "promesse_en_cours"  # type: ignore[union-attr]


def test_objet_liste_fermee() -> None:
    assert verifier_objet("appel") == "appel"
    with pytest.raises(EntreeInvalide) as e:
        verifier_objet("appel téléphonique")
    assert "objet « appel téléphonique » inconnu ; valeurs permises : relance_1, relance_2" in str(
        e.value
    )


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from escalade.cli import main; main()", *args],
        capture_output=True, text=True, cwd=RACINE, timeout=300,
    )  # fmt: skip


def test_promesse_en_ligne_de_commande_puis_plan(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    d = donnees(contacts=[
        {"le": "2026-04-01T10:00:00+02:00", "canal": "courrier", "objet": "relance_1"},
        {"le": "2026-04-10T10:00:00+02:00", "canal": "courrier", "objet": "relance_2"},
    ], debiteur={**donnees()["debiteur"], "telephone": "04 78 00 00 01"})  # fmt: skip
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, [Dossier.model_validate(d)], MAINTENANT)
    r = cli("contact", "S-001", "--canal", "telephone", "--objet", "appel téléphonique",
            "--le", "2026-05-04T10:00", "--db", url)  # fmt: skip
    assert r.returncode == 2 and "valeurs permises" in r.stderr
    r = cli("contact", "S-001", "--canal", "telephone", "--objet", "appel", "--le",
            "2026-05-04T10:00", "--promesse-le", "2026-05-15", "--promesse-montant", "700",
            "--db", url)  # fmt: skip
    assert r.returncode == 0, r.stderr
    plan = json.loads(cli("plan", "--date", "2026-05-04", "--db", url, "--json").stdout)
    assert plan["actions"][0]["etape"] == "confirmation_appel"  # the promise confirmed first
    r = cli("contact", "S-001", "--canal", "courrier", "--objet", "confirmation_appel", "--le",
            "2026-05-05T10:00", "--db", url)  # fmt: skip
    assert r.returncode == 0, r.stderr
    plan = json.loads(cli("plan", "--date", "2026-05-10", "--db", url, "--json").stdout)
    (action,) = plan["actions"]
    assert (action["etape"], action["date"]) == ("promesse_en_cours", "2026-05-19")
    plan = json.loads(cli("plan", "--date", "2026-05-19", "--db", url, "--json").stdout)
    (action,) = plan["actions"]
    assert action["etape"] == "derniere_relance" and "non tenue" in action["motif"]
