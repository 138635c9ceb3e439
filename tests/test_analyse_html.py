"""escalade.documents.analyse_html: tinyhtml5's cache of regular expressions repaired, the
parsed letter unchanged."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import tinyhtml5
from tinyhtml5 import inputstream

from escalade.documents import analyse_html
from escalade.documents.contextes import construire
from escalade.documents.rendu import rendre_html
from escalade.droit.jurisprudence import jurisprudence
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lettre() -> str:
    dossier = charger_fichier(RACINE / "examples" / "01_b2b_paiements_partiels.yaml")[0]
    return rendre_html(construire("relance_1", dossier, date(2026, 6, 30), jurisprudence()))


def _arbre(source: str) -> bytes:
    return ET.tostring(tinyhtml5.parse(source, namespace_html_elements=False))


def test_sans_reparation_le_cache_ne_sert_jamais(
    lettre: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bug the module works around (remove the module once tinyhtml5 fixes it): the
    entries are keyed by the compiled expression, never by what chars_until looks up."""
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    tinyhtml5.parse(lettre, namespace_html_elements=False)
    cles = list(inputstream.characters_until_regex)
    assert cles and all(isinstance(c, re.Pattern) for c, _ in cles)


def test_memes_arbres_et_le_cache_sert(lettre: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    attendu = _arbre(lettre)
    analyse_html.reparer()
    cache = inputstream.characters_until_regex
    assert isinstance(cache, analyse_html._Expressions)
    assert _arbre(lettre) == attendu
    entrees = dict(cache)
    assert entrees and not any(isinstance(c, re.Pattern) for c, _ in entrees)
    # A second letter builds nothing new: every lookup is found.
    assert _arbre(lettre.replace("Madame, Monsieur", "Madame")) != attendu
    assert dict(cache) == entrees
    # The expressions are tinyhtml5's own: "[^...]+" up to one of the characters, or
    # "[...]+" for the characters themselves.
    assert cache[(("&", "<", "\x00"), False)].pattern == "[^\\x26\\x3c\\x00]+"
    assert cache[(frozenset(" "), True)].pattern == "[\\x20]+"
    analyse_html.reparer()  # already repaired: kept as it is
    assert inputstream.characters_until_regex is cache
