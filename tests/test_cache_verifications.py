"""Identifier and bank checks kept between runs (escalade.droit.cache_verifications, issue 19):
a value checked by the same code with the same libraries is not checked again, a failed check
is never kept, and a file written under another key is ignored."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from escalade.droit import cache_verifications as cv
from escalade.droit.parties import _banque_verifiee, _identifiant_verifie

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = RACINE / "examples" / "01_b2b_paiements_partiels.yaml"
IBAN = "FR7630006000011234567890189"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cv, "_connues", None)
    monkeypatch.setattr(cv, "_nouvelles", False)
    return tmp_path / "cache" / "escalade" / "verifications.marshal"


def _decompte(env: dict[str, str]) -> tuple[str, str]:
    code = (
        "import sys\nfrom escalade.cli import main\n"
        f"sys.argv = ['escalade', 'decompte', {str(EXEMPLE)!r}, '--date', '2026-06-30']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('schwifty' in sys.modules, 'stdnum' in sys.modules, file=sys.stderr)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE, env=env
    )
    assert r.returncode == 0, r.stderr
    return r.stdout, r.stderr.strip()


def test_le_second_lancement_ne_charge_ni_schwifty_ni_stdnum(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    premier, bibliotheques = _decompte(env)
    assert bibliotheques == "True True"
    second, bibliotheques = _decompte(env)
    assert bibliotheques == "False False"
    assert second == premier
    assert "Créancier : Atelier Durand SARL" in second


def test_une_commande_en_erreur_n_ecrit_rien(tmp_path: Path) -> None:
    """Bad input: exit 2 and nothing written, not even the checks that passed before the
    error (the creditor's IBAN and SIREN are checked before the invoices)."""
    fichier = tmp_path / "dossier.yaml"
    texte = EXEMPLE.read_text(encoding="utf-8")
    fichier.write_text(texte.replace('montant_ttc: "2400.00"', 'montant_ttc: "24OO"'), "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    r = subprocess.run(
        [sys.executable, "-c", "from escalade.cli import main; main()", "decompte", str(fichier)],
        capture_output=True, text=True, cwd=RACINE, env=env,
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "montant_ttc" in r.stderr
    assert not (tmp_path / "cache" / "escalade" / "verifications.marshal").exists()


def test_une_valeur_verifiee_est_gardee_avec_sa_forme_normale(cache: Path) -> None:
    assert cv.verifie(_banque_verifiee, "FR76 3000 6000 0112 3456 7890 189", None) == (IBAN, None)
    assert cv.verifie(_identifiant_verifie, "siren", "552 100 554") == "552100554"
    cv.retenir()
    _, gardees = marshal.loads(cache.read_bytes())
    assert gardees == {
        ("_banque_verifiee", "FR76 3000 6000 0112 3456 7890 189", None): (IBAN, None),
        ("_identifiant_verifie", "siren", "552 100 554"): "552100554",
    }


def test_une_verification_echouee_n_est_jamais_gardee(cache: Path) -> None:
    with pytest.raises(ValueError, match=r"^SIREN « 552100555 » invalide \(clé de contrôle\)$"):
        cv.verifie(_identifiant_verifie, "siren", "552100555")
    cv.retenir()
    assert not cache.exists()


def test_un_fichier_d_une_autre_version_est_ignore(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A result written under another key (here another format: the same holds for another
    version of a library or another text of the checks) is not taken: the check runs."""
    faux = ("_identifiant_verifie", "siren", "552100555")
    cache.parent.mkdir(parents=True)
    cache.write_bytes(marshal.dumps((("escalade/verifications 0", *cv._cle()[1:]), {faux: "x"})))
    with pytest.raises(ValueError, match="clé de contrôle"):
        cv.verifie(_identifiant_verifie, "siren", "552100555")
    # the same file under the current key is taken as it is (what the key protects)
    cache.write_bytes(marshal.dumps((cv._cle(), {faux: "x"})))
    monkeypatch.setattr(cv, "_connues", None)
    assert cv.verifie(_identifiant_verifie, "siren", "552100555") == "x"


def test_un_fichier_abime_est_ignore(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x00pas du marshal")
    assert cv.verifie(_identifiant_verifie, "siren", "552100554") == "552100554"


def test_au_plus_retenues_max_resultats_les_derniers(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cv, "RETENUES_MAX", 2)
    for siren in ("552100554", "732829320", "443061841"):
        cv.verifie(_identifiant_verifie, "siren", siren)
    cv.retenir()
    _, gardees = marshal.loads(cache.read_bytes())
    assert list(gardees) == [
        ("_identifiant_verifie", "siren", "732829320"),
        ("_identifiant_verifie", "siren", "443061841"),
    ]


def test_la_cle_change_quand_une_bibliotheque_est_reinstallee(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library is named in the key by its package file, found without importing it: another
    version installed (the file rewritten) changes the key, a missing one is None."""
    paquet = tmp_path / "bibliotheque_factice"
    paquet.mkdir()
    (paquet / "__init__.py").write_text("__version__ = '1.0'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cv, "_BIBLIOTHEQUES", ("bibliotheque_factice", "absente_xyz"))
    avant = cv._cle()
    assert avant[1][0] == str(paquet / "__init__.py") and avant[2] is None
    assert cv._cle() == avant
    (paquet / "__init__.py").write_text("__version__ = '1.10'\n", encoding="utf-8")
    assert cv._cle() != avant
    assert "bibliotheque_factice" not in sys.modules
