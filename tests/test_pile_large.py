"""A letter's layout runs in one large frame-stack chunk (escalade.documents.pile_large):
however deep the caller, its recursion crosses no chunk edge, which CPython 3.11 to 3.13.0
unmapped and mapped again at every crossing (page faults, system time)."""

from __future__ import annotations

import io
import resource
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import FrameType

import pypdf
import pytest

from escalade.documents import pile_large
from escalade.documents.catalogue import Contexte
from escalade.documents.contextes import construire
from escalade.droit.jurisprudence import jurisprudence
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent


def _fautes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _a_la_profondeur(n: int, fonction: Callable[[], int]) -> int:
    return fonction() if n == 0 else _a_la_profondeur(n - 1, fonction)


def _descendre(n: int) -> int:
    return 0 if n == 0 else 1 + _descendre(n - 1)


def _va_et_vient() -> int:
    """200 descents of 1 to 400 frames (~50 KB of frames at the deepest) and back."""
    avant = _fautes()
    for i in range(200):
        _descendre(1 + (i * 37) % 400)
    return _fautes() - avant


def test_une_recursion_qui_va_et_vient_ne_fait_plus_de_fautes_de_page() -> None:
    # Each starting depth, 8 frames apart, moves the chunks' edges under the recursion.
    fautes = [pile_large.appeler(_a_la_profondeur, d, _va_et_vient) for d in range(0, 400, 8)]
    assert max(fautes) < 50, fautes  # 16 KB per crossing unmapped and faulted in otherwise


def test_le_resultat_et_les_erreurs_passent() -> None:
    assert pile_large.appeler(_descendre, 300) == 300
    assert pile_large.appeler(lambda *a, **k: (a, k), 1, x=2) == ((1,), {"x": 2})
    try:
        pile_large.appeler(int, "pas un nombre")
    except ValueError as e:
        assert "pas un nombre" in str(e)
    else:
        raise AssertionError("l'erreur n'est pas remontée")


def test_une_lettre_est_rendue_dans_la_grande_trame(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja and WeasyPrint run under the frame that reserves the large chunk."""
    from escalade.documents import rendu

    dossier = charger_fichier(RACINE / "examples" / "01_b2b_paiements_partiels.yaml")[0]
    contexte = construire("relance_1", dossier, date(2026, 6, 30), jurisprudence())
    vus: list[int] = []
    html_d_origine = rendu.rendre_html

    def rendre_html(c: Contexte) -> str:
        trame: FrameType | None = sys._getframe()
        while trame is not None and trame.f_code is not pile_large._appeler.__code__:
            trame = trame.f_back
        vus.append(0 if trame is None else trame.f_code.co_stacksize)
        return html_d_origine(c)

    monkeypatch.setattr(rendu, "rendre_html", rendre_html)
    pdf = rendu.moteur_pdf().rendre(contexte)
    assert vus == [pile_large._RESERVE]
    texte = pypdf.PdfReader(io.BytesIO(pdf.contenu)).pages[0].extract_text()
    assert dossier.debiteur.nom.split()[0] in texte
