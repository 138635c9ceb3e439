"""The store commands end to end: importer, verifier, contact (exit codes, no duplicates)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import yaml
from stockage_commun import donnees, horloge, lancer


def _fichier(tmp_path: Path, nom: str, **changements: object) -> Path:
    chemin = tmp_path / nom
    chemin.write_text(yaml.safe_dump(donnees(**changements), allow_unicode=True), "utf-8")
    return chemin


def _compter(fichier: Path, table: str) -> int:
    with sqlite3.connect(fichier) as c:
        return int(c.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_importer_deux_fois(capsys, depot: Path, tmp_path: Path) -> None:
    f = _fichier(tmp_path, "s.yaml")
    code, out, _ = lancer(capsys, "importer", str(f))
    assert code == 0 and out.startswith("1 dossier importé (1 nouveau, 0 mis à jour)")
    code, out, _ = lancer(capsys, "importer", str(f), "--json")
    assert json.loads(out)["crees"] == 0 and json.loads(out)["lignes_ajoutees"] == {}
    assert (_compter(depot, "dossiers"), _compter(depot, "factures")) == (1, 1)


def test_mauvaise_entree_rien_ecrit(capsys, depot: Path, tmp_path: Path) -> None:
    bon = _fichier(tmp_path, "a.yaml")
    mauvais = _fichier(
        tmp_path,
        "b.yaml",
        reference="S-002",
        factures=[
            {
                "numero": "F",
                "date_emission": "2026-02-30",
                "date_echeance": "2026-03-31",
                "montant_ttc": "1.00",
            }
        ],
    )
    code, _, err = lancer(capsys, "importer", str(bon), str(mauvais))
    assert code == 2
    assert "b.yaml" in err and "date « 2026-02-30 » invalide" in err
    assert not depot.exists()  # nothing written, not even an empty store


def test_decompte_depuis_le_depot(capsys, depot: Path, tmp_path: Path) -> None:
    lancer(capsys, "importer", str(_fichier(tmp_path, "s.yaml")))
    code, out, _ = lancer(capsys, "decompte", "S-001", "--date", "2026-04-30", "--json")
    assert code == 0
    # 1200.00 due on 31 March 2026, no payment: the principal is the invoice.
    assert json.loads(out)["principal"] == "1200.00"


def test_verifier_et_contact(capsys, depot: Path, tmp_path: Path, monkeypatch) -> None:
    lancer(capsys, "importer", str(_fichier(tmp_path, "s.yaml")))
    # Monday 6 July 2026, 10:30 in Paris: a working day inside the call hours.
    code, out, _ = lancer(
        capsys, "verifier", "S-001", "--canal", "telephone", "--le", "2026-07-06T10:30", "--json"
    )
    assert code == 0 and json.loads(out)["autorise"] is True
    # Sunday 5 July: refused, exit 3, next slot Monday 10:00 (first call-hour slot).
    code, out, _ = lancer(
        capsys, "verifier", "S-001", "--canal", "telephone", "--le", "2026-07-05T10:30", "--json"
    )
    decision = json.loads(out)
    assert code == 3 and decision["autorise"] is False
    assert [m["code"] for m in decision["motifs"]] == ["dimanche"]
    assert decision["prochain_creneau"] == "2026-07-06T10:00:00+02:00"
    args = (
        "contact",
        "S-001",
        "--canal",
        "telephone",
        "--objet",
        "appel",
        "--le",
        "2026-07-06T10:30",
        "--resultat",
        "refus",
    )
    horloge(monkeypatch, "2026-07-06T10:31")  # each contact is made "now" (gated)
    assert lancer(capsys, *args)[0] == 0
    code, out, _ = lancer(capsys, *args)  # the same contact again: no duplicate
    assert code == 0 and "déjà enregistré" in out
    assert _compter(depot, "contacts") == 1
    # The next day, a call after the debtor's refusal: a policy limit (D223-9 as the tool's
    # floor, 60 days). Refused and not recorded, unless forced with a reason (audited).
    relance = (
        "contact",
        "S-001",
        "--canal",
        "telephone",
        "--objet",
        "appel",
        "--le",
        "2026-07-07T10:30",
    )
    horloge(monkeypatch, "2026-07-07T10:31")
    code, _, err = lancer(capsys, *relance)
    assert code == 3 and "rien n'a été enregistré" in err
    assert _compter(depot, "contacts") == 1
    code, out, _ = lancer(capsys, *relance, "--forcer", "--motif", "rappel demandé par écrit")
    assert code == 0 and "journal d'audit" in out
    assert (_compter(depot, "contacts"), _compter(depot, "audit")) == (2, 1)
    with sqlite3.connect(depot) as c:
        regles, motif = c.execute("SELECT regles, motif FROM audit").fetchone()
    assert [r["code"] for r in json.loads(regles)] == ["refus_recent"]
    assert motif == "rappel demandé par écrit"


def test_refus_legal_jamais_force(capsys, depot: Path, tmp_path: Path, monkeypatch) -> None:
    horloge(monkeypatch, "2026-07-06T10:31")
    f = _fichier(tmp_path, "s.yaml", paiements=[{"date": "2026-04-10", "montant": "1200.00"}])
    lancer(capsys, "importer", str(f))
    code, _, err = lancer(
        capsys,
        "contact",
        "S-001",
        "--canal",
        "email",
        "--objet",
        "relance_1",
        "--le",
        "2026-07-06T10:30",
        "--forcer",
        "--motif",
        "essai",
    )
    assert code == 3 and "aucune dérogation possible" in err
    assert (_compter(depot, "contacts"), _compter(depot, "audit")) == (0, 0)


def test_reference_inconnue(capsys, depot: Path, tmp_path: Path) -> None:
    lancer(capsys, "importer", str(_fichier(tmp_path, "s.yaml")))
    code, _, err = lancer(capsys, "verifier", "S-404", "--canal", "email")
    assert code == 2 and "aucun dossier « S-404 »" in err


def test_transitions_et_plan(capsys, depot: Path, tmp_path: Path) -> None:
    f = _fichier(
        tmp_path, "s.yaml",
        debiteur={**donnees()["debiteur"], "email": "compta@boulangerie-martin.fr"},
    )  # fmt: skip
    lancer(capsys, "importer", str(f))
    code, out, _ = lancer(capsys, "plan", "--date", "2026-04-01", "--json")
    # Due 31 March, default plan for an occasional debtor: relance_1 by e-mail at J+1.
    actions = json.loads(out)["actions"]
    assert code == 0 and [(a["dossier"], a["etape"], a["canal"]) for a in actions] == [
        ("S-001", "relance_1", "email")
    ]
    assert lancer(capsys, "plan", "--date", "2026-04-01", "--json")[1] == out  # read-only
    paiement = ("paiement", "S-001", "--montant", "1200.00", "--date", "2026-04-02",
                "--le", "2026-04-02", "--json")  # fmt: skip
    code, out, _ = lancer(capsys, *paiement)
    assert code == 0 and json.loads(out)["dossiers"][0]["etape"] == "solde"
    code, out, _ = lancer(capsys, *paiement)
    assert code == 0 and json.loads(out)["deja_enregistre"] is True
    assert _compter(depot, "paiements") == 1
    code, out, _ = lancer(capsys, "plan", "--date", "2026-04-03", "--json")
    # Paid two days late: no contact is planned, only the information that the penalties
    # and the 40 EUR remain (tests/test_plan_accessoires.py); the gate still refuses.
    assert [(a["dossier"], a["etape"], a["canal"], a["bloquee"])
            for a in json.loads(out)["actions"]] == [
        ("S-001", "accessoires_restants", None, False)
    ]  # fmt: skip
    code, out, _ = lancer(capsys, "verifier", "S-001", "--canal", "email",
                          "--le", "2026-04-03T10:00", "--json")  # fmt: skip
    assert code == 3 and "solde" in json.dumps(json.loads(out)["motifs"])
    # A mise en demeure on a settled dossier is an illegal transition: refused, exit 2.
    code, _, err = lancer(capsys, "mise-en-demeure", "envoyee", "S-001", "--date", "2026-04-03",
                          "--le", "2026-04-03")  # fmt: skip
    assert code == 2 and "Erreur" in err
    assert _compter(depot, "historique") == 2  # the payment event and the étape solde


def test_transition_entree_invalide(capsys, depot: Path, tmp_path: Path) -> None:
    lancer(capsys, "importer", str(_fichier(tmp_path, "s.yaml")))
    code, _, err = lancer(capsys, "echeancier", "S-001", "--convenu-le", "2026-04-02",
                          "--echeance", "2026-05-02")  # fmt: skip
    assert code == 2 and "AAAA-MM-JJ:MONTANT" in err
    assert _compter(depot, "echeanciers") == 0


def test_lot_du_depot_compte_les_contacts_des_autres_creanciers(
    capsys, depot: Path, tmp_path: Path
) -> None:
    # The same debtor (SIREN 552100554) owes two creditors. The policy allows one contact
    # over 30 days, all channels and creditors together (a stricter rule than the defaults).
    # The second creditor wrote on Friday 19 June 2026; on 30 June the first creditor's
    # reminder is refused until 19 July 10:00, a Sunday: the batch plans it on Monday
    # 20 July with the debtor's journal, as `plan` does (issue 17 item 10: was "refusé").
    lancer(capsys, "importer", str(_fichier(tmp_path, "s.yaml")))
    autre = {
        "nom": "Imprimerie Roux SAS",
        "siren": "542065479",
        "adresse": {"lignes": ["3 quai Perrache"], "code_postal": "69002", "ville": "Lyon"},
        "iban": "FR7630006000011234567890189",
    }
    second = _fichier(tmp_path, "t.yaml", reference="S-002", creancier=autre)
    lancer(capsys, "importer", str(second))
    politique = tmp_path / "politique.yaml"
    politique.write_text("tous_canaux: {limites: [{nombre: 1, jours: 30}]}\n", "utf-8")
    args = ("lot", "--date", "2026-06-30", "--sortie", str(tmp_path / "lot"), "--simuler")
    code, out, _ = lancer(capsys, *args, "--politique", str(politique))
    assert code == 0 and "S-001\trelance_1" in out and "S-002\trelance_1" in out
    code, _, err = lancer(
        capsys, "contact", "S-002", "--canal", "courrier", "--objet", "relance_1",
        "--le", "2026-06-19T10:00", "--politique", str(politique),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = lancer(capsys, *args, "--politique", str(politique))
    assert code == 0
    ligne = next(x for x in out.splitlines() if x.startswith("S-001\t"))
    assert ligne == "S-001\t—\trelance_1 prévue le 20/07/2026"
