"""Montants en lettres (Code civil 1376 : la somme en lettres prévaut ; LEGAL.md §14).

Les attentes sont écrites à la main d'après les règles de LEGAL.md §14 ; une
implémentation de référence indépendante (sans num2words) et un analyseur qui
relit les mots en nombre complètent les exemples.
"""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import escalade.droit.montant_en_lettres as module
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.montant_en_lettres import (
    MONTANT_MAXIMUM,
    NOMBRE_MAXIMUM,
    montant_en_lettres,
    nombre_en_lettres,
)

# (nombre, orthographe traditionnelle, orthographe de 1990)
NOMBRES: list[tuple[int, str, str]] = [
    (0, "zéro", "zéro"),
    (1, "un", "un"),
    (10, "dix", "dix"),
    (16, "seize", "seize"),
    (17, "dix-sept", "dix-sept"),
    (18, "dix-huit", "dix-huit"),
    (20, "vingt", "vingt"),
    (21, "vingt et un", "vingt-et-un"),
    (22, "vingt-deux", "vingt-deux"),
    (31, "trente et un", "trente-et-un"),
    (41, "quarante et un", "quarante-et-un"),
    (51, "cinquante et un", "cinquante-et-un"),
    (61, "soixante et un", "soixante-et-un"),
    (70, "soixante-dix", "soixante-dix"),
    (71, "soixante et onze", "soixante-et-onze"),
    (72, "soixante-douze", "soixante-douze"),
    (73, "soixante-treize", "soixante-treize"),
    (77, "soixante-dix-sept", "soixante-dix-sept"),
    (80, "quatre-vingts", "quatre-vingts"),
    (81, "quatre-vingt-un", "quatre-vingt-un"),
    (82, "quatre-vingt-deux", "quatre-vingt-deux"),
    (90, "quatre-vingt-dix", "quatre-vingt-dix"),
    (91, "quatre-vingt-onze", "quatre-vingt-onze"),
    (99, "quatre-vingt-dix-neuf", "quatre-vingt-dix-neuf"),
    (100, "cent", "cent"),
    (101, "cent un", "cent-un"),
    (103, "cent trois", "cent-trois"),
    (121, "cent vingt et un", "cent-vingt-et-un"),
    (180, "cent quatre-vingts", "cent-quatre-vingts"),
    (181, "cent quatre-vingt-un", "cent-quatre-vingt-un"),
    (200, "deux cents", "deux-cents"),
    (201, "deux cent un", "deux-cent-un"),
    (234, "deux cent trente-quatre", "deux-cent-trente-quatre"),
    (280, "deux cent quatre-vingts", "deux-cent-quatre-vingts"),
    (300, "trois cents", "trois-cents"),
    (999, "neuf cent quatre-vingt-dix-neuf", "neuf-cent-quatre-vingt-dix-neuf"),
    (1000, "mille", "mille"),
    (1001, "mille un", "mille-un"),
    (1080, "mille quatre-vingts", "mille-quatre-vingts"),
    (1100, "mille cent", "mille-cent"),
    (1200, "mille deux cents", "mille-deux-cents"),
    (1234, "mille deux cent trente-quatre", "mille-deux-cent-trente-quatre"),
    (2000, "deux mille", "deux-mille"),
    (3221, "trois mille deux cent vingt et un", "trois-mille-deux-cent-vingt-et-un"),
    (21_000, "vingt et un mille", "vingt-et-un-mille"),
    (80_000, "quatre-vingt mille", "quatre-vingt-mille"),
    (80_080, "quatre-vingt mille quatre-vingts", "quatre-vingt-mille-quatre-vingts"),
    (81_000, "quatre-vingt-un mille", "quatre-vingt-un-mille"),
    (100_000, "cent mille", "cent-mille"),
    (180_000, "cent quatre-vingt mille", "cent-quatre-vingt-mille"),
    (200_000, "deux cent mille", "deux-cent-mille"),
    (200_200, "deux cent mille deux cents", "deux-cent-mille-deux-cents"),
    (
        700_321,
        "sept cent mille trois cent vingt et un",
        "sept-cent-mille-trois-cent-vingt-et-un",
    ),
    (1_000_000, "un million", "un million"),
    (1_000_001, "un million un", "un million un"),
    (1_001_000, "un million mille", "un million mille"),
    (1_000_080, "un million quatre-vingts", "un million quatre-vingts"),
    (2_000_000, "deux millions", "deux millions"),
    (2_000_080, "deux millions quatre-vingts", "deux millions quatre-vingts"),
    (
        2_200_000,
        "deux millions deux cent mille",
        "deux millions deux-cent-mille",
    ),
    (21_000_000, "vingt et un millions", "vingt-et-un millions"),
    (80_000_000, "quatre-vingts millions", "quatre-vingts millions"),
    (81_000_000, "quatre-vingt-un millions", "quatre-vingt-un millions"),
    (180_000_000, "cent quatre-vingts millions", "cent-quatre-vingts millions"),
    (200_000_000, "deux cents millions", "deux-cents millions"),
    (201_000_000, "deux cent un millions", "deux-cent-un millions"),
    (1_000_000_000, "un milliard", "un milliard"),
    (1_000_001_000, "un milliard mille", "un milliard mille"),
    (2_000_000_000, "deux milliards", "deux milliards"),
    (80_000_000_000, "quatre-vingts milliards", "quatre-vingts milliards"),
    (200_000_000_000, "deux cents milliards", "deux-cents milliards"),
    (
        200_000_000_080,
        "deux cents milliards quatre-vingts",
        "deux-cents milliards quatre-vingts",
    ),
    (
        1_002_003_004,
        "un milliard deux millions trois mille quatre",
        "un milliard deux millions trois-mille-quatre",
    ),
    (
        999_999_999_999,
        "neuf cent quatre-vingt-dix-neuf milliards neuf cent quatre-vingt-dix-neuf millions"
        " neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf",
        "neuf-cent-quatre-vingt-dix-neuf milliards neuf-cent-quatre-vingt-dix-neuf millions"
        " neuf-cent-quatre-vingt-dix-neuf-mille-neuf-cent-quatre-vingt-dix-neuf",
    ),
    (1_000_000_000_000, "un billion", "un billion"),
    (
        2_080_000_000_000,
        "deux billions quatre-vingts milliards",
        "deux billions quatre-vingts milliards",
    ),
]

# (montant, orthographe traditionnelle, orthographe de 1990)
MONTANTS: list[tuple[str, str, str]] = [
    ("0", "zéro euro", "zéro euro"),
    ("0.00", "zéro euro", "zéro euro"),
    ("0.01", "un centime", "un centime"),
    ("0.02", "deux centimes", "deux centimes"),
    ("0.21", "vingt et un centimes", "vingt-et-un centimes"),
    ("0.50", "cinquante centimes", "cinquante centimes"),
    ("0.5", "cinquante centimes", "cinquante centimes"),
    ("0.80", "quatre-vingts centimes", "quatre-vingts centimes"),
    ("0.99", "quatre-vingt-dix-neuf centimes", "quatre-vingt-dix-neuf centimes"),
    ("1", "un euro", "un euro"),
    ("1.00", "un euro", "un euro"),
    ("1.01", "un euro et un centime", "un euro et un centime"),
    ("1.10", "un euro et dix centimes", "un euro et dix centimes"),
    ("2", "deux euros", "deux euros"),
    ("2.01", "deux euros et un centime", "deux euros et un centime"),
    ("21", "vingt et un euros", "vingt-et-un euros"),
    ("71", "soixante et onze euros", "soixante-et-onze euros"),
    ("80", "quatre-vingts euros", "quatre-vingts euros"),
    ("80.00", "quatre-vingts euros", "quatre-vingts euros"),
    ("81", "quatre-vingt-un euros", "quatre-vingt-un euros"),
    ("91", "quatre-vingt-onze euros", "quatre-vingt-onze euros"),
    ("100", "cent euros", "cent euros"),
    ("101", "cent un euros", "cent-un euros"),
    ("180", "cent quatre-vingts euros", "cent-quatre-vingts euros"),
    ("200", "deux cents euros", "deux-cents euros"),
    ("201", "deux cent un euros", "deux-cent-un euros"),
    ("280", "deux cent quatre-vingts euros", "deux-cent-quatre-vingts euros"),
    ("1000", "mille euros", "mille euros"),
    ("1001", "mille un euros", "mille-un euros"),
    ("2000", "deux mille euros", "deux-mille euros"),
    (
        "3221",
        "trois mille deux cent vingt et un euros",
        "trois-mille-deux-cent-vingt-et-un euros",
    ),
    (
        "1234.50",
        "mille deux cent trente-quatre euros et cinquante centimes",
        "mille-deux-cent-trente-quatre euros et cinquante centimes",
    ),
    (
        "21.21",
        "vingt et un euros et vingt et un centimes",
        "vingt-et-un euros et vingt-et-un centimes",
    ),
    ("80000", "quatre-vingt mille euros", "quatre-vingt-mille euros"),
    ("200000", "deux cent mille euros", "deux-cent-mille euros"),
    ("1000000", "un million d'euros", "un million d'euros"),
    ("1E+6", "un million d'euros", "un million d'euros"),
    (
        "1000000.50",
        "un million d'euros et cinquante centimes",
        "un million d'euros et cinquante centimes",
    ),
    ("1000080", "un million quatre-vingts euros", "un million quatre-vingts euros"),
    ("2000000", "deux millions d'euros", "deux millions d'euros"),
    ("2000080", "deux millions quatre-vingts euros", "deux millions quatre-vingts euros"),
    ("2001000", "deux millions mille euros", "deux millions mille euros"),
    ("80000000", "quatre-vingts millions d'euros", "quatre-vingts millions d'euros"),
    ("200000000", "deux cents millions d'euros", "deux-cents millions d'euros"),
    ("1000000000", "un milliard d'euros", "un milliard d'euros"),
    ("2000000000", "deux milliards d'euros", "deux milliards d'euros"),
    ("2001000000", "deux milliards un million d'euros", "deux milliards un million d'euros"),
    (
        "999999999999.99",
        "neuf cent quatre-vingt-dix-neuf milliards neuf cent quatre-vingt-dix-neuf millions"
        " neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf euros"
        " et quatre-vingt-dix-neuf centimes",
        "neuf-cent-quatre-vingt-dix-neuf milliards neuf-cent-quatre-vingt-dix-neuf millions"
        " neuf-cent-quatre-vingt-dix-neuf-mille-neuf-cent-quatre-vingt-dix-neuf euros"
        " et quatre-vingt-dix-neuf centimes",
    ),
    ("1000000000000", "un billion d'euros", "un billion d'euros"),
]


# --- exemples écrits à la main ------------------------------------------------


@pytest.mark.parametrize(("n", "traditionnelle", "rectifiee"), NOMBRES)
def test_nombre_en_lettres(n: int, traditionnelle: str, rectifiee: str) -> None:
    assert nombre_en_lettres(n) == traditionnelle
    assert nombre_en_lettres(n, "traditionnelle") == traditionnelle
    assert nombre_en_lettres(n, "1990") == rectifiee


@pytest.mark.parametrize(("montant", "traditionnelle", "rectifiee"), MONTANTS)
def test_montant_en_lettres(montant: str, traditionnelle: str, rectifiee: str) -> None:
    assert montant_en_lettres(Decimal(montant)) == traditionnelle
    assert montant_en_lettres(Decimal(montant), "traditionnelle") == traditionnelle
    assert montant_en_lettres(Decimal(montant), "1990") == rectifiee


def test_exemples_de_legal_md_section_14() -> None:
    assert (
        montant_en_lettres(Decimal("1234.50"))
        == "mille deux cent trente-quatre euros et cinquante centimes"
    )
    assert (
        montant_en_lettres(Decimal("1234.50"), "1990")
        == "mille-deux-cent-trente-quatre euros et cinquante centimes"
    )
    assert montant_en_lettres(Decimal("80.00")) == "quatre-vingts euros"
    assert montant_en_lettres(Decimal("200")) == "deux cents euros"
    assert montant_en_lettres(Decimal("200"), "1990") == "deux-cents euros"
    assert montant_en_lettres(Decimal("3221")) == "trois mille deux cent vingt et un euros"
    assert montant_en_lettres(Decimal("3221"), "1990") == "trois-mille-deux-cent-vingt-et-un euros"
    for orthographe in ("traditionnelle", "1990"):
        assert (
            montant_en_lettres(Decimal("2000080"), orthographe)  # type: ignore[arg-type]
            == "deux millions quatre-vingts euros"
        )
    assert nombre_en_lettres(700_321, "1990") == "sept-cent-mille-trois-cent-vingt-et-un"
    assert nombre_en_lettres(103, "1990") == "cent-trois"


def test_un_entier_est_un_nombre_d_euros_pas_de_centimes() -> None:
    # Le mode « currency » de num2words lit 80 comme quatre-vingts centimes.
    assert montant_en_lettres(80) == "quatre-vingts euros"  # type: ignore[arg-type]
    assert montant_en_lettres(1_000_000) == "un million d'euros"  # type: ignore[arg-type]


def test_zeros_non_significatifs_acceptes() -> None:
    assert montant_en_lettres(Decimal("1.230")) == "un euro et vingt-trois centimes"
    assert montant_en_lettres(Decimal("-0")) == "zéro euro"


def test_maximums() -> None:
    assert nombre_en_lettres(NOMBRE_MAXIMUM).startswith("neuf cent quatre-vingt-dix-neuf billions ")
    assert montant_en_lettres(MONTANT_MAXIMUM).endswith(" euros et quatre-vingt-dix-neuf centimes")


def test_doctests() -> None:
    resultat = doctest.testmod(module, raise_on_error=False)
    assert resultat.attempted > 0
    assert resultat.failed == 0


# --- entrées refusées ------------------------------------------------------------


@pytest.mark.parametrize(
    ("montant", "message"),
    [
        (Decimal("-5"), "montant négatif : -5"),
        (Decimal("-0.01"), "montant négatif : -0.01"),
        (Decimal("1.234"), "un montant a au plus deux décimales : 1.234"),
        (Decimal("0.001"), "un montant a au plus deux décimales : 0.001"),
        (
            Decimal("1.0000000000000000000000000000001"),
            "un montant a au plus deux décimales : 1.0000000000000000000000000000001",
        ),
        (Decimal("NaN"), "montant non fini : NaN"),
        (Decimal("Infinity"), "montant non fini : Infinity"),
        (Decimal("1E+15"), "montant trop grand pour être écrit en lettres : 1E+15"),
    ],
)
def test_montant_refuse(montant: Decimal, message: str) -> None:
    with pytest.raises(EntreeInvalide) as erreur:
        montant_en_lettres(montant)
    assert erreur.value.message == message


@pytest.mark.parametrize("montant", [1.5, 0.1, "12.50", None, True])
def test_montant_qui_n_est_pas_un_decimal(montant: object) -> None:
    with pytest.raises(EntreeInvalide, match="Decimal"):
        montant_en_lettres(montant)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "message"),
    [
        (-1, "nombre négatif : -1"),
        (10**15, "nombre trop grand pour être écrit en lettres : 1000000000000000"),
        (1.0, "un nombre entier est attendu : 1.0"),
        (True, "un nombre entier est attendu : True"),
        (Decimal("3"), "un nombre entier est attendu : Decimal('3')"),
    ],
)
def test_nombre_refuse(n: object, message: str) -> None:
    with pytest.raises(EntreeInvalide) as erreur:
        nombre_en_lettres(n)  # type: ignore[arg-type]
    assert erreur.value.message == message


def test_orthographe_inconnue() -> None:
    with pytest.raises(EntreeInvalide, match="orthographe inconnue"):
        nombre_en_lettres(1, "1835")  # type: ignore[arg-type]
    with pytest.raises(EntreeInvalide, match="orthographe inconnue"):
        montant_en_lettres(Decimal(1), "rectifiee")  # type: ignore[arg-type]


# --- référence indépendante (règles de LEGAL.md §14, sans num2words) -------------

# fmt: off
_UNITES = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
    "dix-neuf",
)
# fmt: on
_DIZAINES = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _reference_moins_de_cent(n: int, finale: bool) -> str:
    if n < 20:
        return _UNITES[n]
    dizaine, unite = divmod(n, 10)
    if dizaine == 7:
        return "soixante et onze" if unite == 1 else "soixante-" + _UNITES[10 + unite]
    if dizaine == 9:
        return "quatre-vingt-" + _UNITES[10 + unite]
    if dizaine == 8:
        if unite == 0:
            return "quatre-vingts" if finale else "quatre-vingt"
        return "quatre-vingt-" + _UNITES[unite]
    if unite == 0:
        return _DIZAINES[dizaine]
    if unite == 1:
        return _DIZAINES[dizaine] + " et un"
    return _DIZAINES[dizaine] + "-" + _UNITES[unite]


def _reference_moins_de_mille(n: int, finale: bool) -> str:
    centaines, reste = divmod(n, 100)
    parties = []
    if centaines == 1:
        parties.append("cent")
    elif centaines:
        parties.append(_UNITES[centaines] + (" cents" if reste == 0 and finale else " cent"))
    if reste:
        parties.append(_reference_moins_de_cent(reste, finale))
    return " ".join(parties)


def _reference(n: int) -> str:
    if n == 0:
        return "zéro"
    parties = []
    for valeur, nom in ((10**12, "billion"), (10**9, "milliard"), (10**6, "million")):
        quotient, n = divmod(n, valeur)
        if quotient:
            nom_accorde = nom + "s" if quotient > 1 else nom
            parties.append(f"{_reference_moins_de_mille(quotient, True)} {nom_accorde}")
    milliers, n = divmod(n, 1000)
    if milliers:
        parties.append(
            "mille" if milliers == 1 else _reference_moins_de_mille(milliers, False) + " mille"
        )
    if n:
        parties.append(_reference_moins_de_mille(n, True))
    return " ".join(parties)


def test_reference_exhaustive_jusqu_a_vingt_mille() -> None:
    for n in range(20_001):
        assert nombre_en_lettres(n) == _reference(n), n


@pytest.mark.parametrize("echelle", [10**3, 10**6, 10**9, 10**12])
def test_reference_chaque_tranche_devant_mille_et_les_noms(echelle: int) -> None:
    for tranche in range(1000):
        assert nombre_en_lettres(tranche * echelle) == _reference(tranche * echelle), tranche


@given(st.integers(min_value=0, max_value=NOMBRE_MAXIMUM))
def test_reference_grands_nombres(n: int) -> None:
    assert nombre_en_lettres(n) == _reference(n)


@given(
    st.integers(min_value=0, max_value=999),
    st.sampled_from([10**3, 10**6, 10**9, 10**12]),
    st.integers(min_value=0, max_value=999),
)
def test_reference_nombres_ronds(tete: int, echelle: int, queue: int) -> None:
    n = tete * echelle + queue
    assert nombre_en_lettres(n) == _reference(n)


# --- relecture : les mots redonnent le nombre --------------------------------------

_VALEURS = {mot: valeur for valeur, mot in enumerate(_UNITES)} | {
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
}
_NOMS = {
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**12,
    "billions": 10**12,
}
_NUMERAUX = set(_VALEURS) | {"cent", "cents", "mille", "et"}


def _relire(texte: str) -> int:
    total = courant = 0
    precedent = ""
    for mot in texte.replace("-", " ").split(" "):
        if mot == "et":
            continue
        if mot in ("vingt", "vingts") and precedent == "quatre":
            courant += 80 - 4  # quatre-vingt(s)
        elif mot in _VALEURS:
            courant += _VALEURS[mot]
        elif mot in ("cent", "cents"):
            centaines, unites = divmod(courant, 100)
            courant = centaines * 100 + (unites or 1) * 100
        elif mot == "mille":
            total += (courant or 1) * 1000
            courant = 0
        else:
            total += courant * _NOMS[mot]
            courant = 0
        precedent = mot
    return total + courant


@given(
    st.integers(min_value=0, max_value=NOMBRE_MAXIMUM), st.sampled_from(["traditionnelle", "1990"])
)
def test_relecture(n: int, orthographe: str) -> None:
    assert _relire(nombre_en_lettres(n, orthographe)) == n  # type: ignore[arg-type]


# --- propriétés -------------------------------------------------------------------

montants = st.decimals(
    min_value=Decimal(0), max_value=MONTANT_MAXIMUM, places=2, allow_nan=False, allow_infinity=False
)
petits_montants = st.decimals(
    min_value=Decimal(0), max_value=Decimal("10000"), places=2, allow_nan=False
)
nombres = st.integers(min_value=0, max_value=NOMBRE_MAXIMUM)


@given(st.one_of(montants, petits_montants))
def test_jamais_zero_centime(montant: Decimal) -> None:
    for orthographe in ("traditionnelle", "1990"):
        texte = montant_en_lettres(montant, orthographe)  # type: ignore[arg-type]
        assert "zéro centime" not in texte
        assert ("zéro" in texte) == (montant == 0)
        assert ("centime" in texte) == (montant % 1 != 0)


@given(st.one_of(montants, petits_montants), st.sampled_from(["traditionnelle", "1990"]))
def test_espaces_propres(montant: Decimal, orthographe: str) -> None:
    texte = montant_en_lettres(montant, orthographe)  # type: ignore[arg-type]
    assert "  " not in texte
    assert texte == texte.strip()
    assert "--" not in texte
    assert "- " not in texte
    assert " -" not in texte


@given(st.one_of(montants, petits_montants), st.sampled_from(["traditionnelle", "1990"]))
def test_relecture_du_montant(montant: Decimal, orthographe: str) -> None:
    mots = montant_en_lettres(montant, orthographe).split(" ")  # type: ignore[arg-type]
    euros, centimes = divmod(int(montant * 100), 100)
    unites_euro = [i for i, mot in enumerate(mots) if mot in {"euro", "euros", "d'euros"}]
    if unites_euro:
        (position,) = unites_euro
        assert _relire(" ".join(mots[:position])) == euros
        reste = mots[position + 1 :]
        if reste:
            assert reste[0] == "et"
            reste = reste[1:]
    else:
        assert euros == 0
        reste = mots
    if centimes:
        assert reste[-1] in {"centime", "centimes"}
        assert _relire(" ".join(reste[:-1])) == centimes
    else:
        assert reste == []


@given(st.one_of(montants, petits_montants))
def test_unites_accordees(montant: Decimal) -> None:
    texte = montant_en_lettres(montant)
    euros, centimes = divmod(int(montant * 100), 100)
    mots = texte.split(" ")
    if euros == 0 and centimes:
        assert "euro" not in texte
    elif euros <= 1:
        assert "euro" in mots
        assert "euros" not in mots
    elif euros % 10**6 == 0:
        assert "d'euros" in mots
    else:
        assert "euros" in mots
        assert "d'euros" not in mots
    if centimes == 1:
        assert mots[-2:] == ["un", "centime"]
    elif centimes:
        assert mots[-1] == "centimes"


@given(st.integers(min_value=0, max_value=99))
def test_traditionnelle_sous_cent_sans_espace_sauf_et(n: int) -> None:
    texte = nombre_en_lettres(n)
    assert " " not in texte.replace(" et ", "-")
    if " et " in texte:
        assert n % 10 == 1 and 20 < n < 80


@given(nombres)
def test_traditionnelle_trait_d_union_seulement_sous_cent(n: int) -> None:
    # Chaque mot composé avec trait d'union vaut moins de cent.
    for mot in nombre_en_lettres(n).split(" "):
        if "-" in mot:
            assert _relire(mot) < 100, mot
            assert not set(mot.split("-")) & {"cent", "cents", "mille", "et"}


@given(nombres)
def test_1990_espaces_seulement_autour_des_noms(n: int) -> None:
    mots = nombre_en_lettres(n, "1990").split(" ")
    for position, mot in enumerate(mots):
        if mot in _NOMS:
            continue
        assert set(mot.split("-")) <= _NUMERAUX, mot
        # Deux groupes de numéraux ne se suivent jamais sans nom entre eux.
        if position + 1 < len(mots):
            assert mots[position + 1] in _NOMS


@given(st.one_of(montants, petits_montants))
def test_1990_montant_espaces_seulement_autour_des_mots_permis(montant: Decimal) -> None:
    permis = set(_NOMS) | {"euro", "euros", "d'euros", "centime", "centimes"}
    mots = montant_en_lettres(montant, "1990").split(" ")
    for mot in mots:
        if mot in permis:
            continue
        if mot == "et":
            # Le seul « et » isolé est entre les euros et les centimes.
            assert mots[mots.index("et") - 1] in {"euro", "euros", "d'euros"}
            assert mots[-1] in {"centime", "centimes"}
            continue
        assert set(mot.split("-")) <= _NUMERAUX, mot
    assert mots.count("et") <= 1


@given(nombres)
def test_1990_et_traditionnelle_ne_different_que_par_les_traits_d_union(n: int) -> None:
    traditionnelle = nombre_en_lettres(n)
    rectifiee = nombre_en_lettres(n, "1990")
    assert traditionnelle.replace(" ", "-") == rectifiee.replace(" ", "-")
    assert traditionnelle.count("-") <= rectifiee.count("-")


@given(st.one_of(montants, petits_montants))
def test_1990_et_traditionnelle_montants(montant: Decimal) -> None:
    traditionnelle = montant_en_lettres(montant)
    rectifiee = montant_en_lettres(montant, "1990")
    assert traditionnelle.replace(" ", "-") == rectifiee.replace(" ", "-")


@given(nombres, st.sampled_from(["traditionnelle", "1990"]))
def test_accords(n: int, orthographe: str) -> None:
    mots = nombre_en_lettres(n, orthographe).replace("-", " ").split(" ")  # type: ignore[arg-type]
    assert "milles" not in mots
    multiplicateurs = set(_UNITES[2:10])
    debut_du_groupe = 0  # premier mot après le dernier nom (million, milliard, billion)
    for position, mot in enumerate(mots):
        precedent = mots[position - 1] if position else None
        suivant = mots[position + 1] if position + 1 < len(mots) else None
        if mot in ("vingts", "cents"):
            # Le s seulement multiplié, et en fin de nombre ou devant un nom.
            assert suivant is None or suivant in _NOMS
            assert precedent == "quatre" if mot == "vingts" else precedent in multiplicateurs
        if suivant is None and mot == "vingt":
            assert precedent != "quatre"
        if suivant is None and mot == "cent":
            assert precedent not in multiplicateurs
        if mot == "mille":
            # mille est invariable et jamais précédé d'un « un » seul.
            assert mots[debut_du_groupe:position] != ["un"]
        if mot in _NOMS:
            multiplicateur = _relire(" ".join(mots[debut_du_groupe:position]))
            assert multiplicateur >= 1
            assert mot.endswith("s") == (multiplicateur > 1)
            debut_du_groupe = position + 1
