"""The law folder's parsed YAML kept between runs (escalade.droit.cache_jurisprudence, issue 19):
used only when every file's text is exactly the one parsed, and the law is validated from it
as strictly as from the YAML."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from escalade.droit.cache_jurisprudence import fichier_cache
from escalade.droit.erreurs import DonneeJuridiqueInvalide
from escalade.droit.jurisprudence import charger, dossier_livre

RACINE = Path(__file__).resolve().parent.parent
SERIE = "taux_interet_legal_autres_cas"
EXTENSION = """\
taux_interet_legal_autres_cas:
  connu_jusqu_au: 2026-12-31
  valeurs:
    2026-07-01:
      valeur: "2.50"
      source: "Arrêté fictif (donnée de test, pas une valeur publiée)"
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache file of the shipped law with the test's local folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return fichier_cache([dossier_livre(), tmp_path / "local"])


def _local(tmp_path: Path, contenu: str = EXTENSION) -> Path:
    dossier = tmp_path / "local"
    dossier.mkdir(exist_ok=True)
    (dossier / "taux.yaml").write_text(contenu, encoding="utf-8")
    return dossier


def _taux(local: Path, le: date) -> Decimal:
    valeur = charger(local=local).serie(SERIE).en_vigueur(le).valeur
    assert isinstance(valeur, Decimal)
    return valeur


def test_le_second_lancement_lit_le_cache_sans_pyyaml(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "ESCALADE_JURISPRUDENCE": str(_local(tmp_path))}  # fmt: skip
    code = (
        "import sys\nfrom datetime import date\n"
        "from escalade.droit.jurisprudence import jurisprudence\n"
        f"s = jurisprudence().serie({SERIE!r})\n"
        "print(s.en_vigueur(date(2026, 3, 1)).valeur, s.en_vigueur(date(2026, 8, 1)).valeur, "
        "'yaml' in sys.modules)"
    )
    lancer = [sys.executable, "-c", code]
    premier = subprocess.run(lancer, env=env, cwd=RACINE, capture_output=True, text=True)
    assert premier.stdout.split() == ["2.62", "2.50", "True"], premier.stderr
    assert len(list((tmp_path / "cache" / "escalade").glob("jurisprudence-*.marshal"))) == 1
    second = subprocess.run(lancer, env=env, cwd=RACINE, capture_output=True, text=True)
    assert second.stdout.split() == ["2.62", "2.50", "False"], second.stderr


def test_un_texte_change_est_relu_meme_a_taille_et_date_egales(tmp_path: Path, cache: Path) -> None:
    local = _local(tmp_path)
    assert _taux(local, date(2026, 8, 1)) == Decimal("2.50")
    assert cache.is_file()
    fichier = local / "taux.yaml"
    avant = fichier.stat()
    fichier.write_text(EXTENSION.replace('"2.50"', '"2.75"'), encoding="utf-8")
    os.utime(fichier, ns=(avant.st_atime_ns, avant.st_mtime_ns))
    assert fichier.stat().st_size == avant.st_size
    assert fichier.stat().st_mtime_ns == avant.st_mtime_ns
    assert _taux(local, date(2026, 8, 1)) == Decimal("2.75")


def test_un_fichier_ajoute_ou_retire_est_pris_en_compte(tmp_path: Path, cache: Path) -> None:
    local = tmp_path / "local"
    local.mkdir()
    with pytest.raises(Exception, match="2026-08-01"):
        _taux(local, date(2026, 8, 1))  # the shipped data stops on 2026-06-30
    _local(tmp_path)
    assert _taux(local, date(2026, 8, 1)) == Decimal("2.50")
    (local / "taux.yaml").unlink()
    with pytest.raises(Exception, match="2026-08-01"):
        _taux(local, date(2026, 8, 1))


def test_les_donnees_du_cache_sont_validees_comme_le_yaml(tmp_path: Path, cache: Path) -> None:
    local = _local(tmp_path)
    charger(local=local)
    cle, textes, donnees = marshal.loads(cache.read_bytes())
    nom = str(local / "taux.yaml")
    del donnees[nom][SERIE]["valeurs"][("date", "2026-07-01")]["source"]
    cache.write_bytes(marshal.dumps((cle, textes, donnees)))
    with pytest.raises(DonneeJuridiqueInvalide, match="source") as erreur:
        charger(local=local)
    assert erreur.value.fichier == nom


def test_une_loi_invalide_n_est_pas_mise_en_cache(tmp_path: Path, cache: Path) -> None:
    sans_source = EXTENSION.replace('      source: "Arrêté fictif', '      note: "Arrêté fictif')
    local = _local(tmp_path, sans_source)
    for _ in range(2):
        with pytest.raises(DonneeJuridiqueInvalide, match="source"):
            charger(local=local)
    assert not cache.exists()


def test_un_cache_abime_est_ignore_puis_reecrit(tmp_path: Path, cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x00pas du marshal")
    assert _taux(_local(tmp_path), date(2026, 8, 1)) == Decimal("2.50")
    assert marshal.loads(cache.read_bytes())[0][0] == "escalade/jurisprudence 1"


def test_un_dossier_de_cache_impossible_a_creer_ne_gene_pas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bloque = tmp_path / "fichier"
    bloque.write_text("pas un dossier", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(bloque))
    assert fichier_cache([tmp_path / "local"]).parent == bloque / "escalade"
    assert _taux(_local(tmp_path), date(2026, 8, 1)) == Decimal("2.50")
    assert set(tmp_path.iterdir()) == {bloque, tmp_path / "local"}


def test_deux_dossiers_locaux_ont_chacun_leur_cache(tmp_path: Path, cache: Path) -> None:
    """Two projects with their own local law do not overwrite each other's cache."""
    autre = tmp_path / "autre"
    autre.mkdir()
    (autre / "taux.yaml").write_text(EXTENSION.replace('"2.50"', '"2.75"'), encoding="utf-8")
    assert _taux(_local(tmp_path), date(2026, 8, 1)) == Decimal("2.50")
    assert _taux(autre, date(2026, 8, 1)) == Decimal("2.75")
    ecrit = cache.stat().st_ino  # a rewrite replaces the file (a new inode)
    assert _taux(tmp_path / "local", date(2026, 8, 1)) == Decimal("2.50")
    assert cache.stat().st_ino == ecrit  # read from its own cache, not parsed and rewritten
    assert fichier_cache([dossier_livre(), autre]).is_file()
