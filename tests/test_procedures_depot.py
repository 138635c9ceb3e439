"""Court routes after filing, on a dossier of the store (SQLite and PostgreSQL) as on a file.

`escalade importer`, then `injonction-suivi` / `petites-creances-suivi` on the reference:
each date is a dated transition of escalade.procedures.etapes, stored with the dossier's record and
written to the append-only history; the deadlines shown are those of a dossier file.

The dossier (tests/stockage_commun.py): one invoice of 1 200,00 € due 2026-03-31, a
professional debtor in Lyon (69006: the general French calendar), a mise en demeure sent
2026-05-20 and received 2026-05-22 (8 days: until Saturday 30 May, hence Monday 1 June).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import stockage_commun
import yaml
from stockage_commun import compter, donnees, lancer

url_depot = stockage_commun.url_depot
MED = {"envoyee_le": "2026-05-20", "recue_le": "2026-05-22", "delai_jours": 8}


def _fichier(tmp_path: Path, reference: str = "S-001", **modifs: Any) -> Path:
    chemin = tmp_path / f"{reference}.yaml"
    contenu = donnees(reference=reference, mise_en_demeure=MED, **modifs)
    chemin.write_text(yaml.safe_dump(contenu, allow_unicode=True), encoding="utf-8")
    return chemin


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, sortie, erreur = lancer(capsys, *args, "--json")
    assert code == 0, erreur
    return json.loads(sortie)


def _importer(capsys: pytest.CaptureFixture[str], url: str, *fichiers: Path) -> None:
    code, _, erreur = lancer(capsys, "importer", "--db", url, *map(str, fichiers))
    assert code == 0, erreur


def _injonction(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> dict[str, Any]:
    return _json(capsys, "injonction-suivi", "S-001", "--db", url, *args)


def test_injonction_du_depot_de_la_requete_au_titre(
    url_depot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _importer(capsys, url_depot, _fichier(tmp_path))
    r = _injonction(capsys, url_depot, "--deposee-le", "2026-06-05", "--date", "2026-06-05")
    assert (r["etat"], r["etape"]) == ("deposee", "injonction_de_payer")
    assert r["enregistre"] == [{"type": "injonction_deposee", "requete_deposee_le": "2026-06-05"}]
    # Ordonnance Monday 15 June 2026 + 6 months = Tuesday 15 December 2026 (CPC 1411, 641).
    r = _injonction(capsys, url_depot, "--ordonnance-le", "2026-06-15", "--date", "2026-06-16")
    assert (r["etat"], r["signification_limite"]) == ("ordonnee", "2026-12-15")
    assert "CPC art. 1411" in r["references"]
    # Served to the person Wednesday 1 July 2026 + 1 month = Saturday 1 August → Monday
    # 3 August (CPC 1416, 642).
    r = _injonction(capsys, url_depot, "--signifiee-le", "2026-07-01", "--date", "2026-07-02")
    assert (r["etat"], r["opposition_limite"]) == ("signifiee", "2026-08-03")
    assert "CPC art. 1416" in r["references"]
    # Enforceable on the last day of the opposition month: refused, nothing written.
    code, _, erreur = lancer(capsys, "injonction-suivi", "S-001", "--db", url_depot,
                             "--executoire-le", "2026-08-03", "--date", "2026-08-04")  # fmt: skip
    assert code == 2 and "03/08/2026 inclus" in erreur
    r = _injonction(capsys, url_depot, "--executoire-le", "2026-08-04", "--date", "2026-08-04")
    assert r["etat"] == "executoire" and "CPC art. 1422" in r["references"]
    # An opposition after the order became enforceable: refused.
    code, _, erreur = lancer(capsys, "injonction-suivi", "S-001", "--db", url_depot,
                             "--opposition-le", "2026-08-05", "--date", "2026-08-05")  # fmt: skip
    assert code == 2 and "exécutoire depuis le 04/08/2026" in erreur
    # Four transitions in the append-only history, each with its data; one étape entry.
    lignes = _historique(url_depot)
    assert [(e, le) for e, le, _ in lignes if e] == [
        ("injonction_deposee", "2026-06-05"), ("injonction_ordonnance", "2026-06-16"),
        ("injonction_signifiee", "2026-07-02"), ("injonction_executoire", "2026-08-04"),
    ]  # fmt: skip
    assert [(le, motif) for e, le, motif in lignes if not e] == [
        ("2026-06-05", "Injonction de payer le 05/06/2026")
    ]


def _historique(url: str) -> list[tuple[str | None, str, str | None]]:
    from sqlalchemy import select

    from escalade.stockage import schema
    from escalade.stockage.moteur import moteur

    h = schema.historique.c
    with moteur(url).connect() as c:
        requete = select(h.evenement, h.le, h.motif).order_by(h.id)
        return [(e, le.isoformat(), m) for e, le, m in c.execute(requete)]


def test_opposition_puis_caractere_executoire_refuse(
    url_depot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _importer(capsys, url_depot, _fichier(tmp_path))
    # Several dates in one command: applied in order, in one transaction.
    r = _injonction(capsys, url_depot, "--deposee-le", "2026-06-05", "--ordonnance-le",
                    "2026-06-15", "--signifiee-le", "2026-07-01", "--opposition-le",
                    "2026-07-20", "--date", "2026-07-21")  # fmt: skip
    assert r["etat"] == "opposition" and "CPC art. 1417" in r["references"]
    code, _, erreur = lancer(capsys, "injonction-suivi", "S-001", "--db", url_depot,
                             "--executoire-le", "2026-09-01", "--date", "2026-09-01")  # fmt: skip
    assert code == 2 and "opposition" in erreur and "CPC art. 1420" in erreur


def test_transaction_entiere_ou_rien(
    url_depot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _importer(capsys, url_depot, _fichier(tmp_path))
    avant = compter(url_depot, "historique")
    # Service dated before the ordonnance: the whole command is refused, the filing too.
    code, _, erreur = lancer(capsys, "injonction-suivi", "S-001", "--db", url_depot,
                             "--deposee-le", "2026-06-05", "--ordonnance-le", "2026-06-15",
                             "--signifiee-le", "2026-06-10", "--date", "2026-07-01")  # fmt: skip
    assert code == 2 and "précède l'ordonnance (15/06/2026)" in erreur
    assert compter(url_depot, "historique") == avant
    r = _injonction(capsys, url_depot, "--date", "2026-07-01")
    assert r["etat"] == "a_deposer" and r["etape"] is None


def test_reimport_et_reenregistrement_sans_doublon(
    url_depot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fichier = _fichier(tmp_path, injonction={"requete_deposee_le": "2026-06-05"})
    _importer(capsys, url_depot, fichier)
    arguments = ("--ordonnance-le", "2026-06-15", "--signifiee-le", "2026-07-01",
                 "--date", "2026-07-02")  # fmt: skip
    premier = _injonction(capsys, url_depot, *arguments)
    lignes = compter(url_depot, "historique")
    # The same dates again, then the older file again: nothing added, nothing lost.
    assert _injonction(capsys, url_depot, *arguments) == premier
    _importer(capsys, url_depot, fichier)
    assert compter(url_depot, "historique") == lignes
    assert compter(url_depot, "dossiers") == 1
    assert _injonction(capsys, url_depot, "--date", "2026-07-02") == {**premier, "enregistre": []}
    # Another date for the same ordonnance is refused, not added.
    code, _, erreur = lancer(capsys, "injonction-suivi", "S-001", "--db", url_depot,
                             "--ordonnance-le", "2026-06-16", "--date", "2026-07-02")  # fmt: skip
    assert code == 2 and "déjà enregistrée pour l'ordonnance" in erreur
    # A file that now states the service date imports it (the file says it): the store
    # keeps the ordonnance it recorded and the file does not mention.
    fichier.write_text(yaml.safe_dump(donnees(
        reference="S-001", mise_en_demeure=MED,
        injonction={"requete_deposee_le": "2026-06-05", "signifiee_le": "2026-07-03"},
    ), allow_unicode=True), encoding="utf-8")  # fmt: skip
    _importer(capsys, url_depot, fichier)
    r = _injonction(capsys, url_depot, "--date", "2026-07-04")
    assert (r["signification_limite"], r["opposition_limite"]) == ("2026-12-15", "2026-08-03")


def test_petites_creances_accord_et_refus(
    url_depot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _importer(capsys, url_depot, _fichier(tmp_path), _fichier(tmp_path, "S-002"))

    def suivi(reference: str, *args: str) -> dict[str, Any]:
        return _json(capsys, "petites-creances-suivi", reference, "--db", url_depot, *args)

    # Invitation sent Monday 8 June 2026: one month, until Wednesday 8 July (L125-1).
    r = suivi("S-001", "--demande-le", "2026-06-05", "--commissaire", "Me Lambert",
              "--invitation-le", "2026-06-08", "--date", "2026-06-09")  # fmt: skip
    assert (r["etat"], r["fin_procedure"], r["etape"]) == (
        "invitation_envoyee",
        "2026-07-08",
        "petites_creances",
    )
    r = suivi("S-001", "--accord-le", "2026-06-20", "--montant", "1200.00",
              "--echeance", "2026-07-31:600.00", "--echeance", "2026-08-31:600.00",
              "--date", "2026-06-21")  # fmt: skip
    assert r["etat"] == "accord" and "1200,00 €" in r["message"]
    assert "2 échéances" in r["message"] and "C. civ. art. 2238" in r["references"]
    code, _, erreur = lancer(capsys, "petites-creances-suivi", "S-001", "--db", url_depot,
                             "--refus-le", "2026-06-25", "--date", "2026-06-25")  # fmt: skip
    assert code == 2 and "accord est enregistré le 20/06/2026" in erreur

    r = suivi("S-002", "--demande-le", "2026-06-05", "--invitation-le", "2026-06-08",
              "--refus-le", "2026-06-15", "--date", "2026-06-16")  # fmt: skip
    # Refusal 15 June 2026: the court route opens (CPC 750-1); prescription runs again
    # for at least six months (C. civ. 2238 al. 2): 15 December 2026.
    assert r["etat"] == "refus" and "15/12/2026" in r["message"]
    assert "CPC art. 750-1" in r["references"]

    from escalade.stockage.depot import dossier_par_reference

    pc = dossier_par_reference("S-001", url_depot).petites_creances
    assert pc is not None and pc.commissaire_nom == "Me Lambert"
    assert [str(x.montant) for x in pc.echeances] == ["600.00", "600.00"]


def test_requete_depuis_le_depot(
    url_depot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _importer(capsys, url_depot, _fichier(tmp_path))
    monkeypatch.chdir(tmp_path)  # the evidence of a stored dossier is read from here
    r = _json(capsys, "injonction", "S-001", "--db", url_depot, "--date", "2026-06-05",
              "--sortie", str(tmp_path / "sortie"))  # fmt: skip
    # 1 200,00 € principal; penalties and 40 € (D441-5) as for the same dossier file.
    fichier = _json(capsys, "injonction", str(tmp_path / "S-001.yaml"), "--date", "2026-06-05",
                    "--sortie", str(tmp_path / "sortie_fichier"))  # fmt: skip
    assert r["principal"] == fichier["principal"] == "1200.00"
    assert r["indemnites"] == "40.00"
    assert (r["total"], r["juridiction"]) == (fichier["total"], fichier["juridiction"])
    assert (tmp_path / "sortie" / "S-001_dossier_injonction.pdf").is_file()


def test_fichier_et_depot_memes_reponses(
    url_depot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fichier = _fichier(tmp_path)
    _importer(capsys, url_depot, fichier)
    etapes = [("--deposee-le", "2026-06-05", "2026-06-05"),
              ("--ordonnance-le", "2026-06-15", "2026-06-16"),
              ("--signifiee-le", "2026-07-01", "2026-07-02")]  # fmt: skip
    for option, valeur, jour in etapes:
        commun = ("injonction-suivi", option, valeur, "--date", jour)
        par_depot = _json(capsys, commun[0], "S-001", "--db", url_depot, *commun[1:])
        par_fichier = _json(capsys, commun[0], str(fichier), *commun[1:])
        assert par_fichier == par_depot
    relu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    assert relu["injonction"] == {
        "requete_deposee_le": "2026-06-05",
        "ordonnance_le": "2026-06-15",
        "signifiee_le": "2026-07-01",
    }
    assert relu["etape"] == "injonction_de_payer"
    assert relu["historique"] == [{"etape": "injonction_de_payer", "le": "2026-06-05",
                                   "motif": "Injonction de payer le 05/06/2026"}]  # fmt: skip
