"""Operators and assignment: the policy's rules (dossier, étape, creditor, default), the
store's operators on SQLite and PostgreSQL, `plan --operateur` and `contact --operateur`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text
from stockage_commun import donnees, lancer, url_depot  # noqa: F401  (fixture)

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.parties import Creancier
from escalade.recouvrement.fichier_politique import lire_politique
from escalade.recouvrement.operateurs import responsable, valider_operateur
from escalade.recouvrement.politique import politique_par_defaut

REGLES = {
    "dossiers": {"S-001": "alice"},
    "etapes": {"mise_en_demeure": "bruno"},
    "creanciers": {"732829320": "chloe", "Autre Créancier SA": "dora"},
    "defaut": "emile",
}


def _creancier(nom: str, siren: str | None) -> Creancier:
    return Creancier.model_construct(nom=nom, siren=siren, siret=None)


def test_regle_la_plus_precise_gagne(jur: Jurisprudence) -> None:
    pol = lire_politique({"affectations": REGLES}, "pol.yaml", jur)
    durand = _creancier("Atelier Durand SARL", "732829320")
    autre = _creancier("AUTRE CREANCIER  SA", None)
    # The dossier rule beats the étape rule even at the mise en demeure.
    assert responsable("S-001", "mise_en_demeure", durand, pol) == "alice"
    # The étape rule beats the creditor rule.
    assert responsable("S-002", "mise_en_demeure", durand, pol) == "bruno"
    # Creditor by SIREN, then by name (accents, case and spacing ignored).
    assert responsable("S-002", "relance_1", durand, pol) == "chloe"
    assert responsable("S-003", "relance_1", autre, pol) == "dora"
    assert responsable("S-004", "relance_1", _creancier("X", "552100554"), pol) == "emile"


def test_sans_regle_personne(jur: Jurisprudence) -> None:
    pol = politique_par_defaut(jur)
    assert pol.affectations == ()
    assert responsable("S-001", "relance_1", _creancier("X", None), pol) is None


@pytest.mark.parametrize(
    ("bloc", "champ"),
    [
        ({"etape": {"relance_1": "a"}}, "affectations.etape"),
        ({"dossiers": ["alice"]}, "affectations.dossiers"),
        ({"defaut": 3}, "affectations.defaut"),
        ({"etapes": {"relance_1": "a;b"}}, "affectations.etapes.relance_1"),
    ],
)
def test_regles_invalides(jur: Jurisprudence, bloc: dict, champ: str) -> None:
    with pytest.raises(EntreeInvalide) as e:
        lire_politique({"affectations": bloc}, "pol.yaml", jur)
    assert e.value.champ == champ and e.value.fichier == "pol.yaml"


def test_operateur_invalide() -> None:
    with pytest.raises(EntreeInvalide, match="rôle « chef » inconnu"):
        valider_operateur("alice", None, "chef")
    with pytest.raises(EntreeInvalide, match="adresse électronique"):
        valider_operateur("alice", "pas-une-adresse", "agent")


def _preparer(tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]) -> Path:
    for ref in ("S-001", "S-002"):
        f = tmp_path / f"{ref}.yaml"
        f.write_text(yaml.safe_dump(donnees(reference=ref), allow_unicode=True), "utf-8")
        assert lancer(capsys, "importer", str(f), "--db", url)[0] == 0
    for nom, role in (("alice", "gestionnaire"), ("bruno", "juriste")):
        code, out, _ = lancer(capsys, "operateur", "ajouter", nom, "--role", role, "--db", url)
        assert code == 0 and out == f"Opérateur {nom} enregistré ({role}).\n"
    pol = tmp_path / "pol.yaml"
    pol.write_text(yaml.safe_dump({"affectations": {"dossiers": {"S-002": "bruno"},
                                                    "defaut": "alice"}}), "utf-8")  # fmt: skip
    return pol


def test_journee_d_un_operateur(
    url_depot: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pol = _preparer(tmp_path, url_depot, capsys)
    code, out, _ = lancer(capsys, "operateur", "lister", "--json", "--db", url_depot)
    assert json.loads(out)["operateurs"] == [
        {"nom": "alice", "email": None, "role": "gestionnaire"},
        {"nom": "bruno", "email": None, "role": "juriste"},
    ]
    # Both dossiers (due 31 March 2026, nothing done) are late for relance_1 on 30 June.
    base = ("plan", "--date", "2026-06-30", "--politique", str(pol), "--db", url_depot, "--json")
    code, out, _ = lancer(capsys, *base)
    tout = json.loads(out)["actions"]
    assert [(a["dossier"], a["etape"], a["operateur"]) for a in tout] == [
        ("S-001", "relance_1", "alice"),
        ("S-002", "relance_1", "bruno"),
    ]
    code, out, _ = lancer(capsys, *base, "--operateur", "bruno")
    assert code == 0 and [a["dossier"] for a in json.loads(out)["actions"]] == ["S-002"]
    code, _, err = lancer(capsys, *base, "--operateur", "zoe")
    assert code == 2 and "opérateur « zoe » inconnu (alice, bruno)" in err


def test_contact_enregistre_son_operateur(
    url_depot: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _preparer(tmp_path, url_depot, capsys)
    commun = ("contact", "S-001", "--canal", "email", "--objet", "relance_1", "--db", url_depot)
    code, _, err = lancer(capsys, *commun, "--le", "2026-06-30T10:00", "--operateur", "zoe")
    assert code == 2 and "inconnu" in err
    code, _, _ = lancer(capsys, *commun, "--le", "2026-06-30T10:00", "--operateur", "alice")
    assert code == 0
    moteur = create_engine(url_depot)
    with moteur.connect() as c:
        assert c.execute(text("SELECT operateur FROM contacts")).scalars().all() == ["alice"]
    moteur.dispose()
    code, out, _ = lancer(capsys, "historique", "S-001", "--json", "--db", url_depot)
    contacts = [e for e in json.loads(out)["evenements"] if e["type"] == "contact"]
    assert [(c["date"], c["heure"], c["canal"], c["operateur"]) for c in contacts] == [
        ("2026-06-30", "10:00", "email", "alice")
    ]
