"""The holiday calendar of a place, chosen from its postal code.

Sources: Code du travail L3133-1 (the eleven national holidays), L3134-13
(Alsace-Moselle: Good Friday and 26 December), loi n° 83-550 du 30 juin 1983
and décret n° 83-1003 du 23 nov. 1983 (abolition of slavery overseas),
décret n° 2012-553 (Saint-Barthélemy, Saint-Martin). See LEGAL.md §6.

Calendar facts used below (checked on a perpetual calendar):
2026: Easter Sunday 5 April, so Good Friday 3 April, Easter Monday 6 April,
Ascension (Easter + 39) Thursday 14 May, Whit Monday (Easter + 50) 25 May.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.easter import easter
from holidays.countries.france import France

from escalade.droit import calendrier as module_calendrier
from escalade.droit.calendrier import Calendrier, calendrier_pour_code_postal
from escalade.droit.erreurs import EntreeInvalide

L3133_1 = "C. trav. art. L3133-1"
L3134_13 = "C. trav. art. L3134-13"
LOI_1983 = "Loi n° 83-550 du 30 juin 1983"
DECRET_1983 = "Décret n° 83-1003 du 23 nov. 1983"
DECRET_2012 = "Décret n° 2012-553 du 23 avril 2012"


def cal(code_postal: str) -> Calendrier:
    return calendrier_pour_code_postal(code_postal)


# --- Which calendar for which postal code -----------------------------------


@pytest.mark.parametrize(
    ("code_postal", "code", "libelle"),
    [
        ("75002", "metropole", "France métropolitaine"),  # Paris
        ("69006", "metropole", "France métropolitaine"),  # Lyon
        ("01000", "metropole", "France métropolitaine"),  # Bourg-en-Bresse
        ("20000", "metropole", "France métropolitaine"),  # Ajaccio: Corsica is metropolitan
        ("20200", "metropole", "France métropolitaine"),  # Bastia
        ("95000", "metropole", "France métropolitaine"),  # Cergy
        ("54000", "metropole", "France métropolitaine"),  # Nancy: Lorraine, but not Moselle
        ("57000", "57", "Alsace-Moselle (Moselle)"),  # Metz
        ("67000", "6AE", "Alsace-Moselle (Bas-Rhin)"),  # Strasbourg
        ("68100", "6AE", "Alsace-Moselle (Haut-Rhin)"),  # Mulhouse
        ("97110", "971", "Guadeloupe"),  # Pointe-à-Pitre
        ("97133", "BL", "Saint-Barthélemy"),  # not Guadeloupe any more
        ("97150", "MF", "Saint-Martin"),  # not Guadeloupe any more
        ("97200", "972", "Martinique"),  # Fort-de-France
        ("97300", "973", "Guyane"),  # Cayenne
        ("97400", "974", "La Réunion"),  # Saint-Denis
        ("97500", "PM", "Saint-Pierre-et-Miquelon"),
        ("97600", "976", "Mayotte"),  # Mamoudzou
        ("98600", "WF", "Wallis-et-Futuna"),
        ("98714", "PF", "Polynésie française"),  # Papeete
        ("98800", "NC", "Nouvelle-Calédonie"),  # Nouméa
    ],
)
def test_calendrier_du_code_postal(code_postal: str, code: str, libelle: str) -> None:
    calendrier = cal(code_postal)
    assert (calendrier.code, calendrier.libelle) == (code, libelle)


def test_les_espaces_autour_du_code_postal_sont_ignores() -> None:
    assert cal(" 67000 ") == cal("67000")


@pytest.mark.parametrize(
    ("code_postal", "references"),
    [
        ("75002", (L3133_1,)),
        ("57000", (L3133_1, L3134_13)),
        ("67000", (L3133_1, L3134_13)),
        ("68100", (L3133_1, L3134_13)),
        ("97200", (L3133_1, LOI_1983, DECRET_1983)),
        ("97400", (L3133_1, LOI_1983, DECRET_1983)),
        ("97150", (L3133_1, LOI_1983, DECRET_1983, DECRET_2012)),
        ("97133", (L3133_1, LOI_1983, DECRET_1983, DECRET_2012)),
    ],
)
def test_references_du_calendrier(code_postal: str, references: tuple[str, ...]) -> None:
    assert cal(code_postal).references == references


@pytest.mark.parametrize(
    ("code_postal", "extrait_du_message"),
    [
        ("", "5 chiffres"),
        ("7500", "5 chiffres"),  # a digit missing
        ("750021", "5 chiffres"),  # a digit too many
        ("75 02", "5 chiffres"),
        ("2A004", "5 chiffres"),  # an INSEE code of Corsica, not a postal code
        ("ABCDE", "5 chiffres"),
        ("７５００２", "5 chiffres"),  # full-width digits
        ("98000", "Monaco"),  # Monaco is not France
        ("98030", "Monaco"),
        ("00100", "aucun département"),
        ("96000", "aucun département"),
        ("97000", "aucun département"),
        ("97700", "aucun département"),  # INSEE 977 is Saint-Barthélemy, postcode 97133
        ("99000", "aucun département"),
    ],
)
def test_code_postal_refuse(code_postal: str, extrait_du_message: str) -> None:
    with pytest.raises(EntreeInvalide) as erreur:
        cal(code_postal)
    assert erreur.value.champ == "code_postal"
    assert extrait_du_message in erreur.value.message


def test_code_postal_non_textuel_refuse() -> None:
    # A YAML file with `code_postal: 01000` unquoted would give the number 1000.
    with pytest.raises(EntreeInvalide) as erreur:
        calendrier_pour_code_postal(1000)  # type: ignore[arg-type]
    assert erreur.value.champ == "code_postal"


# --- National holidays (C. trav. L3133-1) -------------------------------------


def test_les_onze_jours_feries_nationaux_2026() -> None:
    paris = cal("75002")
    feries = {
        d: paris.nom_ferie(d)
        for d in (date(2026, 1, 1) + _jours(n) for n in range(365))
        if paris.est_ferie(d)
    }
    assert feries == {
        date(2026, 1, 1): "Jour de l'an",
        date(2026, 4, 6): "Lundi de Pâques",  # Easter Sunday 5 April + 1
        date(2026, 5, 1): "Fête du Travail",
        date(2026, 5, 8): "Fête de la Victoire",
        date(2026, 5, 14): "Ascension",  # Easter + 39 days, a Thursday
        date(2026, 5, 25): "Lundi de Pentecôte",  # Easter + 50 days
        date(2026, 7, 14): "Fête nationale",
        date(2026, 8, 15): "Assomption",
        date(2026, 11, 1): "Toussaint",
        date(2026, 11, 11): "Armistice",
        date(2026, 12, 25): "Noël",
    }


@pytest.mark.parametrize("annee", range(2008, 2036))
@pytest.mark.parametrize("code_postal", ["75002", "57000", "67000", "97200", "97400", "97600"])
def test_lundi_de_pentecote_ferie_partout(annee: int, code_postal: str) -> None:
    # Whit Monday is in L3133-1 and counts for art. 642 (Cass. 3e civ.,
    # 21 janv. 2021, n° 19-24.799). Whit Sunday is Easter Sunday + 49 days,
    # Whit Monday the day after: Easter + 50.
    lundi_de_pentecote = easter(annee) + _jours(50)
    assert cal(code_postal).nom_ferie(lundi_de_pentecote) == "Lundi de Pentecôte"


def test_pas_de_jour_ferie_un_jour_ordinaire() -> None:
    assert cal("75002").nom_ferie(date(2026, 3, 10)) is None
    assert not cal("75002").est_ferie(date(2026, 3, 10))


# --- Alsace-Moselle (C. trav. L3134-13) ----------------------------------------


@pytest.mark.parametrize("code_postal", ["57000", "67000", "68100"])
def test_vendredi_saint_et_saint_etienne_en_alsace_moselle(code_postal: str) -> None:
    # Good Friday 2026 = Easter Sunday 5 April - 2 days = Friday 3 April.
    assert cal(code_postal).nom_ferie(date(2026, 4, 3)) == "Vendredi saint"
    assert cal(code_postal).nom_ferie(date(2026, 12, 26)) == "Saint-Étienne"


@pytest.mark.parametrize("code_postal", ["75002", "69006", "54000", "20000"])
def test_ni_vendredi_saint_ni_saint_etienne_ailleurs_en_metropole(code_postal: str) -> None:
    assert not cal(code_postal).est_ferie(date(2026, 4, 3))
    assert not cal(code_postal).est_ferie(date(2026, 12, 26))


# --- Abolition of slavery overseas (loi 83-550, décret 83-1003) ---------------


@pytest.mark.parametrize(
    ("code_postal", "jour"),
    [
        ("97600", date(2026, 4, 27)),  # Mayotte 27 April
        ("97200", date(2026, 5, 22)),  # Martinique 22 May
        ("97110", date(2026, 5, 27)),  # Guadeloupe 27 May
        ("97150", date(2026, 5, 28)),  # Saint-Martin 28 May
        ("97300", date(2026, 6, 10)),  # Guyane 10 June
        ("97400", date(2026, 12, 20)),  # La Réunion 20 December
    ],
)
def test_abolition_de_l_esclavage(code_postal: str, jour: date) -> None:
    assert cal(code_postal).nom_ferie(jour) == "Abolition de l'esclavage"
    # ... and only there: not a holiday in Paris.
    assert not cal("75002").est_ferie(jour)


def test_abolition_de_l_esclavage_propre_a_chaque_territoire() -> None:
    # Martinique's 22 May is not Guadeloupe's, and Guadeloupe's 27 May is not Martinique's.
    assert not cal("97110").est_ferie(date(2026, 5, 22))
    assert not cal("97200").est_ferie(date(2026, 5, 27))


class TestEcartsAvecLegalMd:
    """What the holidays package (v0.109) gives beyond LEGAL.md §6.

    These tests record the package's behaviour, which escalade uses as is, so
    that an upgrade of the package that changes it is noticed. None of these
    days is sourced in LEGAL.md; each extends a deadline by one working day at
    most, which is the conservative direction for a deadline given to a debtor.
    """

    def test_guadeloupe_vendredi_saint_mi_careme_et_victor_schoelcher(self) -> None:
        guadeloupe = cal("97110")
        assert guadeloupe.nom_ferie(date(2026, 4, 3)) == "Vendredi saint"
        assert guadeloupe.nom_ferie(date(2026, 3, 12)) == "Mi-Carême"  # Easter - 24 days
        assert guadeloupe.nom_ferie(date(2026, 7, 21)) == "Fête de Victor Schoelcher"

    @pytest.mark.parametrize("code_postal", ["97200", "97150"])
    def test_victor_schoelcher_en_martinique_et_a_saint_martin(self, code_postal: str) -> None:
        assert cal(code_postal).nom_ferie(date(2026, 7, 21)) == "Fête de Victor Schoelcher"

    def test_saint_barthelemy_9_octobre(self) -> None:
        # LEGAL.md marks Saint-Barthélemy's date UNCONFIRMED.
        assert cal("97133").nom_ferie(date(2026, 10, 9)) == "Abolition de l'esclavage"

    def test_saint_martin_28_mai_des_2012(self) -> None:
        # LEGAL.md: 27 May until about 2017, 28 May since. The package gives 28 May
        # from 2012 and nothing on 27 May.
        assert cal("97150").nom_ferie(date(2015, 5, 28)) == "Abolition de l'esclavage"
        assert not cal("97150").est_ferie(date(2015, 5, 27))


# --- Working days (CPC art. 642) --------------------------------------------------


def test_jours_ouvrables_autour_de_paques_2026() -> None:
    strasbourg, lyon = cal("67000"), cal("69006")
    # Thursday 2 April: an ordinary weekday everywhere.
    assert strasbourg.est_ouvrable(date(2026, 4, 2))
    # Friday 3 April: Good Friday, a holiday in Strasbourg only.
    assert not strasbourg.est_ouvrable(date(2026, 4, 3))
    assert lyon.est_ouvrable(date(2026, 4, 3))
    # Saturday 4, Sunday 5 (Easter, a Sunday anyway), Monday 6 (Easter Monday).
    for jour in (4, 5, 6):
        assert not lyon.est_ouvrable(date(2026, 4, jour))
    assert lyon.est_ouvrable(date(2026, 4, 7))


def test_prochain_jour_ouvrable() -> None:
    strasbourg, lyon = cal("67000"), cal("69006")
    # A working day is its own next working day.
    assert lyon.prochain_jour_ouvrable(date(2026, 4, 3)) == date(2026, 4, 3)
    # Friday 3 (Good Friday), Saturday 4, Sunday 5, Monday 6 (Easter Monday) → Tuesday 7.
    assert strasbourg.prochain_jour_ouvrable(date(2026, 4, 3)) == date(2026, 4, 7)
    # Saturday 4 → Tuesday 7 in Lyon too.
    assert lyon.prochain_jour_ouvrable(date(2026, 4, 4)) == date(2026, 4, 7)


def test_samedi_ni_dimanche_ne_sont_ouvrables() -> None:
    paris = cal("75002")
    assert not paris.est_ouvrable(date(2026, 3, 7))  # Saturday
    assert not paris.est_ouvrable(date(2026, 3, 8))  # Sunday
    assert paris.est_ouvrable(date(2026, 3, 9))  # Monday


# --- Cache --------------------------------------------------------------------


def test_meme_objet_pour_le_meme_code_postal() -> None:
    assert cal("75002") is cal("75002")


def test_le_calendrier_d_une_annee_n_est_construit_qu_une_fois(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    constructions: list[object] = []

    def france_compte(*args: object, **kwargs: object) -> object:
        constructions.append(kwargs.get("years"))
        return France(*args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr("holidays.countries.france.France", france_compte)
    module_calendrier._feries.cache_clear()
    metz = cal("57000")
    for n in range(1000):  # 2050 is outside the generated table: the package is asked, once
        metz.est_ouvrable(date(2050, 1, 1) + _jours(n % 365))
    assert constructions == [2050]
    module_calendrier._feries.cache_clear()


def _jours(n: int) -> timedelta:
    return timedelta(days=n)


def test_la_table_generee_est_celle_du_paquet_holidays() -> None:
    # escalade/droit/jours_feries.json is generated from the holidays package (python -m
    # escalade.droit.calendrier); after an upgrade of the package, regenerate it.
    assert module_calendrier._table() == module_calendrier.generer_table(), (
        "escalade/droit/jours_feries.json est périmé : lancez `python -m escalade.droit.calendrier`"
    )


def test_un_lieu_lu_seul_est_celui_de_la_table_entiere() -> None:
    """Start-up parses only the place asked for (issue 19): each place read alone is the
    place of the whole table, and a place outside the table has no generated year."""
    table = module_calendrier._table()
    assert sorted(table) == module_calendrier.codes_connus()
    for code in table:
        assert module_calendrier._table_du_lieu(code) == table[code], code
    assert module_calendrier._table_du_lieu("99") == {}
    metropole = module_calendrier._table_du_lieu("metropole")
    assert metropole["2026"]["2026-05-25"] == "Lundi de Pentecôte"
