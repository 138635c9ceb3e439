"""WeasyPrint imported with its libraries opened by their sonames, without the library
searches of `ctypes.util.find_library` (escalade.documents.chargement_weasyprint)."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from escalade.documents import chargement_weasyprint

RACINE = Path(__file__).resolve().parent.parent
# In a fresh interpreter: every process started while WeasyPrint is imported is noted.
SONDE = """
import json, subprocess, sys
lances = []
class Note(subprocess.Popen):
    def __init__(self, args, *a, **k):
        lances.append(args if isinstance(args, str) else " ".join(map(str, args)))
        super().__init__(args, *a, **k)
subprocess.Popen = Note
if sys.argv[1] == "escalade":
    from escalade.documents import chargement_weasyprint
    chargement_weasyprint.importer()
else:
    import weasyprint
import ctypes.util
from weasyprint import HTML
import weasyprint.text.ffi as ffi
pdf = HTML(string="<p>Bonjour Lyon</p>").write_pdf()
print(json.dumps({"lances": lances, "pdf": pdf.decode("latin-1"),
                  "restauree": ctypes.util.find_library.__module__}))
"""


def _sonde(mode: str, tmp_path: Path) -> dict[str, object]:
    sortie = subprocess.run([sys.executable, "-c", SONDE, mode], capture_output=True,
                            text=True, check=True, cwd=RACINE)  # fmt: skip
    resultat: dict[str, object] = json.loads(sortie.stdout.splitlines()[-1])
    chemin = tmp_path / f"{mode}.pdf"
    chemin.write_bytes(str(resultat["pdf"]).encode("latin-1"))
    texte = subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True)
    resultat["texte"] = texte.stdout
    return resultat


@pytest.mark.skipif(sys.platform != "linux", reason="the searches are Linux's ldconfig, gcc, ld")
def test_weasyprint_importe_sans_aucune_recherche(tmp_path: Path) -> None:
    sans = _sonde("escalade", tmp_path)
    assert sans["lances"] == []
    assert "Bonjour Lyon" in str(sans["texte"])
    assert sans["restauree"] == "ctypes.util"  # the standard function put back
    # The same import made plainly starts ldconfig for the names it searches.
    avec = _sonde("weasyprint", tmp_path)
    lances = avec["lances"]
    assert isinstance(lances, list)
    assert any("ldconfig" in c for c in lances), lances
    assert "Bonjour Lyon" in str(avec["texte"])


@pytest.mark.skipif(sys.platform != "linux", reason="elsewhere WeasyPrint is imported as it is")
def test_une_bibliotheque_introuvable_par_son_soname_est_cherchee_comme_avant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A module that needs `find_library` to answer: the first import fails (its advice
    printed is not shown), the second one, with the standard search, succeeds."""
    (tmp_path / "faux_moteur.py").write_text(
        "import ctypes.util\n"
        "if ctypes.util.find_library('c') is None:\n"
        "    print('conseil de WeasyPrint')\n"
        "    raise OSError('bibliothèque introuvable')\n"
        "TROUVEE = ctypes.util.find_library('c')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "faux_moteur", raising=False)
    standard = ctypes.util.find_library
    chargement_weasyprint.importer("faux_moteur")
    assert standard("c") == sys.modules["faux_moteur"].TROUVEE
    assert ctypes.util.find_library is standard
    assert "conseil" not in capsys.readouterr().out


def test_un_module_absent_reste_une_erreur_d_import() -> None:
    with pytest.raises(ImportError):
        chargement_weasyprint.importer("moteur_qui_n_existe_pas")
    assert ctypes.util.find_library.__module__ == "ctypes.util"
