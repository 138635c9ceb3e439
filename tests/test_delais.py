"""Deadlines under Code de procédure civile art. 640 to 642.

How each expectation is computed by hand:
1. Art. 641 al. 1: the day of the event does not count, so the last day of a
   time limit of N days is the day of the event + N (8 days from Sunday
   1 March 2026 end on Monday 9 March 2026).
2. Art. 641 al. 2: months and years end on the same date number, or on the
   last day of the month when it has none.
3. Art. 642: a last day that is a Saturday, a Sunday or a public holiday of
   the place moves to the next working day, as many times as needed.

Calendar facts (perpetual calendar):
- 2026: Easter Sunday 5 April; Good Friday 3 April (Alsace-Moselle only);
  Easter Monday 6 April; Ascension Thursday 14 May; Whit Monday 25 May;
  Friday 22 May (Martinique); Christmas Friday 25 December.
- 2025: Christmas Thursday 25 December, Saint-Étienne Friday 26 December.
- 2024: Friday 20 December (La Réunion).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escalade.droit.calendrier import Calendrier, calendrier_pour_code_postal
from escalade.droit.delais import Echeance, ajouter_mois, calculer_delai
from escalade.droit.erreurs import EntreeInvalide

CPC = ("CPC art. 640", "CPC art. 641", "CPC art. 642")
L3133_1 = "C. trav. art. L3133-1"
L3134_13 = "C. trav. art. L3134-13"
OUTRE_MER = ("Loi n° 83-550 du 30 juin 1983", "Décret n° 83-1003 du 23 nov. 1983")

PARIS, LYON, METZ, STRASBOURG = "75002", "69006", "57000", "67000"
FORT_DE_FRANCE, SAINT_DENIS_REUNION = "97200", "97400"


def jours(depart: date, duree: int, code_postal: str) -> Echeance:
    return calculer_delai(depart, duree, "jours", calendrier_pour_code_postal(code_postal))


# --- Art. 641: counting ------------------------------------------------------------


def test_le_jour_de_l_evenement_ne_compte_pas() -> None:
    # Sunday 1 March 2026 + 8 days = Monday 9 March 2026, a working day.
    echeance = jours(date(2026, 3, 1), 8, PARIS)
    assert echeance.echeance_brute == date(2026, 3, 9)
    assert echeance.echeance == date(2026, 3, 9)
    assert not echeance.prorogee
    assert echeance.motif_prorogation is None
    assert echeance.references == CPC
    assert echeance.calendrier == "France métropolitaine"


def test_quinze_jours() -> None:
    # Monday 2 March 2026 + 15 days = Tuesday 17 March 2026.
    assert jours(date(2026, 3, 2), 15, PARIS).echeance == date(2026, 3, 17)


def test_duree_nulle() -> None:
    # 0 days: the time limit ends on the day of the event itself (Tuesday 10 March).
    assert jours(date(2026, 3, 10), 0, PARIS).echeance == date(2026, 3, 10)


def test_l_echeance_garde_ses_donnees_d_entree() -> None:
    echeance = jours(date(2026, 3, 1), 8, PARIS)
    assert (echeance.depart, echeance.duree, echeance.unite) == (date(2026, 3, 1), 8, "jours")


# --- Art. 642: weekends -------------------------------------------------------------


def test_samedi_reporte_au_lundi() -> None:
    # Friday 22 May 2026 + 8 days = Saturday 30 May → Sunday 31 → Monday 1 June 2026.
    echeance = jours(date(2026, 5, 22), 8, PARIS)
    assert echeance.echeance_brute == date(2026, 5, 30)
    assert echeance.echeance == date(2026, 6, 1)
    assert echeance.prorogee
    assert echeance.motif_prorogation == "samedi 30 mai 2026, dimanche 31 mai 2026"
    # Only a weekend was skipped: no holiday text is cited.
    assert echeance.references == CPC


def test_ferie_tombant_un_dimanche_ne_cite_pas_le_code_du_travail() -> None:
    # Friday 16 October 2026 + 15 days = Saturday 31 October → Sunday 1 November
    # (Toussaint, but a Sunday anyway) → Monday 2 November 2026.
    echeance = jours(date(2026, 10, 16), 15, PARIS)
    assert echeance.echeance == date(2026, 11, 2)
    assert echeance.motif_prorogation == (
        "samedi 31 octobre 2026, dimanche 1er novembre 2026 (Toussaint)"
    )
    assert echeance.references == CPC


# --- Easter 2026 ----------------------------------------------------------------------


def test_vendredi_saint_a_strasbourg() -> None:
    # Thursday 26 March 2026 + 8 days = Friday 3 April 2026, Good Friday: a holiday in
    # the Bas-Rhin (L3134-13). Then Saturday 4, Sunday 5 (Easter), Monday 6 (Easter
    # Monday) → Tuesday 7 April 2026.
    echeance = jours(date(2026, 3, 26), 8, STRASBOURG)
    assert echeance.echeance_brute == date(2026, 4, 3)
    assert echeance.echeance == date(2026, 4, 7)
    assert echeance.motif_prorogation == (
        "vendredi saint 3 avril 2026, samedi 4 avril 2026, dimanche 5 avril 2026, "
        "lundi de Pâques 6 avril 2026"
    )
    assert echeance.references == (*CPC, L3133_1, L3134_13)
    assert echeance.calendrier == "Alsace-Moselle (Bas-Rhin)"


def test_vendredi_saint_a_lyon() -> None:
    # Same deadline in Lyon: Good Friday is not a holiday there, it stays on Friday 3 April.
    echeance = jours(date(2026, 3, 26), 8, LYON)
    assert echeance.echeance == date(2026, 4, 3)
    assert not echeance.prorogee
    assert echeance.references == CPC


def test_samedi_de_paques_a_paris() -> None:
    # Friday 27 March 2026 + 8 days = Saturday 4 April → Sunday 5 → Easter Monday 6
    # → Tuesday 7 April 2026.
    echeance = jours(date(2026, 3, 27), 8, PARIS)
    assert echeance.echeance == date(2026, 4, 7)
    assert echeance.motif_prorogation == (
        "samedi 4 avril 2026, dimanche 5 avril 2026, lundi de Pâques 6 avril 2026"
    )
    assert echeance.references == (*CPC, L3133_1)


# --- Ascension and Whit Monday 2026 --------------------------------------------------


def test_ascension() -> None:
    # Wednesday 6 May 2026 + 8 days = Thursday 14 May, Ascension → Friday 15 May 2026.
    echeance = jours(date(2026, 5, 6), 8, PARIS)
    assert echeance.echeance == date(2026, 5, 15)
    assert echeance.motif_prorogation == "Ascension 14 mai 2026"
    assert echeance.references == (*CPC, L3133_1)


def test_lundi_de_pentecote() -> None:
    # Sunday 10 May 2026 + 15 days = Monday 25 May, Whit Monday → Tuesday 26 May 2026.
    # Whit Monday counts (Cass. 3e civ., 21 janv. 2021, n° 19-24.799).
    echeance = jours(date(2026, 5, 10), 15, PARIS)
    assert echeance.echeance == date(2026, 5, 26)
    assert echeance.motif_prorogation == "lundi de Pentecôte 25 mai 2026"


# --- Christmas ---------------------------------------------------------------------------


def test_noel_2026_a_paris() -> None:
    # Thursday 10 December 2026 + 15 days = Friday 25 December (Christmas), then
    # Saturday 26, Sunday 27 → Monday 28 December 2026.
    echeance = jours(date(2026, 12, 10), 15, PARIS)
    assert echeance.echeance == date(2026, 12, 28)
    assert echeance.motif_prorogation == (
        "Noël 25 décembre 2026, samedi 26 décembre 2026, dimanche 27 décembre 2026"
    )


def test_noel_2026_a_metz() -> None:
    # In Metz 26 December is also a holiday (Saint-Étienne), but a Saturday anyway:
    # the same Monday 28 December 2026.
    echeance = jours(date(2026, 12, 10), 15, METZ)
    assert echeance.echeance == date(2026, 12, 28)
    assert echeance.motif_prorogation == (
        "Noël 25 décembre 2026, samedi 26 décembre 2026 (Saint-Étienne), dimanche 27 décembre 2026"
    )
    assert echeance.references == (*CPC, L3133_1, L3134_13)


def test_noel_2025_a_paris() -> None:
    # Wednesday 17 December 2025 + 8 days = Thursday 25 December (Christmas)
    # → Friday 26 December 2025, an ordinary working day in Paris.
    echeance = jours(date(2025, 12, 17), 8, PARIS)
    assert echeance.echeance == date(2025, 12, 26)
    assert echeance.motif_prorogation == "Noël 25 décembre 2025"


def test_noel_2025_a_strasbourg() -> None:
    # Same deadline in Strasbourg: Thursday 25 (Christmas), Friday 26 (Saint-Étienne),
    # Saturday 27, Sunday 28 → Monday 29 December 2025.
    echeance = jours(date(2025, 12, 17), 8, STRASBOURG)
    assert echeance.echeance == date(2025, 12, 29)
    assert echeance.motif_prorogation == (
        "Noël 25 décembre 2025, Saint-Étienne 26 décembre 2025, "
        "samedi 27 décembre 2025, dimanche 28 décembre 2025"
    )


# --- Overseas -------------------------------------------------------------------------------


def test_martinique_22_mai_puis_pentecote() -> None:
    # Thursday 7 May 2026 + 15 days = Friday 22 May, abolition of slavery in Martinique,
    # then Saturday 23, Sunday 24, Monday 25 (Whit Monday) → Tuesday 26 May 2026.
    echeance = jours(date(2026, 5, 7), 15, FORT_DE_FRANCE)
    assert echeance.echeance == date(2026, 5, 26)
    assert echeance.motif_prorogation == (
        "abolition de l'esclavage 22 mai 2026, samedi 23 mai 2026, dimanche 24 mai 2026, "
        "lundi de Pentecôte 25 mai 2026"
    )
    assert echeance.references == (*CPC, L3133_1, *OUTRE_MER)
    assert echeance.calendrier == "Martinique"


def test_22_mai_a_paris() -> None:
    # Same deadline in Paris: Friday 22 May 2026 is an ordinary working day.
    assert jours(date(2026, 5, 7), 15, PARIS).echeance == date(2026, 5, 22)


def test_reunion_20_decembre() -> None:
    # Thursday 5 December 2024 + 15 days = Friday 20 December 2024, abolition of slavery
    # in La Réunion → Saturday 21, Sunday 22 → Monday 23 December 2024.
    assert jours(date(2024, 12, 5), 15, SAINT_DENIS_REUNION).echeance == date(2024, 12, 23)
    # In Paris it stays on Friday 20 December 2024.
    assert jours(date(2024, 12, 5), 15, PARIS).echeance == date(2024, 12, 20)


@pytest.mark.parametrize(
    ("code_postal", "depart", "brute", "echeance"),
    [
        # Mayotte: Sunday 19 April + 8 = Monday 27 April 2026 → Tuesday 28 April.
        ("97600", date(2026, 4, 19), date(2026, 4, 27), date(2026, 4, 28)),
        # Guadeloupe: Tuesday 12 May + 15 = Wednesday 27 May 2026 → Thursday 28 May.
        ("97110", date(2026, 5, 12), date(2026, 5, 27), date(2026, 5, 28)),
        # Saint-Martin: Wednesday 13 May + 15 = Thursday 28 May 2026 → Friday 29 May.
        ("97150", date(2026, 5, 13), date(2026, 5, 28), date(2026, 5, 29)),
        # Guadeloupe on the same day: 28 May is a working day there.
        ("97110", date(2026, 5, 13), date(2026, 5, 28), date(2026, 5, 28)),
        # Guyane: Tuesday 26 May + 15 = Wednesday 10 June 2026 → Thursday 11 June.
        ("97300", date(2026, 5, 26), date(2026, 6, 10), date(2026, 6, 11)),
    ],
)
def test_abolition_de_l_esclavage_outre_mer(
    code_postal: str, depart: date, brute: date, echeance: date
) -> None:
    resultat = jours(depart, (brute - depart).days, code_postal)
    assert (resultat.echeance_brute, resultat.echeance) == (brute, echeance)


# --- Art. 641 al. 2: months and years ----------------------------------------------------


def mois(depart: date, duree: int, code_postal: str = PARIS) -> Echeance:
    return calculer_delai(depart, duree, "mois", calendrier_pour_code_postal(code_postal))


def test_un_mois_depuis_le_31_janvier() -> None:
    # 31 January 2026 + 1 month: February has no 31st → last day, Saturday 28 February
    # 2026 → Sunday 1 March → Monday 2 March 2026.
    echeance = mois(date(2026, 1, 31), 1)
    assert echeance.echeance_brute == date(2026, 2, 28)
    assert echeance.echeance == date(2026, 3, 2)
    assert echeance.unite == "mois"


def test_un_mois_depuis_le_31_janvier_annee_bissextile() -> None:
    # 2028 is a leap year: 31 January + 1 month = Tuesday 29 February 2028.
    assert mois(date(2028, 1, 31), 1).echeance == date(2028, 2, 29)


def test_meme_quantieme() -> None:
    # 15 March 2026 + 2 months = Friday 15 May 2026 (same date number).
    assert mois(date(2026, 3, 15), 2).echeance == date(2026, 5, 15)
    # 31 May 2026 + 1 month: June has 30 days → Tuesday 30 June 2026.
    assert mois(date(2026, 5, 31), 1).echeance == date(2026, 6, 30)


def test_six_mois_a_cheval_sur_l_annee() -> None:
    # 31 August 2026 + 6 months = February 2027, no 31st → Sunday 28 February 2027
    # → Monday 1 March 2027.
    echeance = mois(date(2026, 8, 31), 6)
    assert echeance.echeance_brute == date(2027, 2, 28)
    assert echeance.echeance == date(2027, 3, 1)


def test_un_an_depuis_le_29_fevrier() -> None:
    # 29 February 2028 + 1 year: 2029 has no 29 February → Wednesday 28 February 2029.
    cal = calendrier_pour_code_postal(PARIS)
    echeance = calculer_delai(date(2028, 2, 29), 1, "ans", cal)
    assert echeance.echeance_brute == date(2029, 2, 28)
    assert echeance.echeance == date(2029, 2, 28)
    assert echeance.unite == "ans"


def test_cinq_ans() -> None:
    # 15 March 2026 + 5 years = Saturday 15 March 2031 → Monday 17 March 2031.
    cal = calendrier_pour_code_postal(PARIS)
    assert calculer_delai(date(2026, 3, 15), 5, "ans", cal).echeance == date(2031, 3, 17)


@pytest.mark.parametrize(
    ("depart", "n", "attendu"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
    ],
)
def test_ajouter_mois(depart: date, n: int, attendu: date) -> None:
    assert ajouter_mois(depart, n) == attendu


# --- Bad input -----------------------------------------------------------------------------


def test_duree_negative_refusee() -> None:
    with pytest.raises(EntreeInvalide) as erreur:
        jours(date(2026, 3, 1), -1, PARIS)
    assert erreur.value.champ == "duree"
    assert "positive ou nulle" in erreur.value.message


@pytest.mark.parametrize("duree", [True, 8.0, "8"])
def test_duree_non_entiere_refusee(duree: object) -> None:
    with pytest.raises(EntreeInvalide) as erreur:
        jours(date(2026, 3, 1), duree, PARIS)  # type: ignore[arg-type]
    assert erreur.value.champ == "duree"


def test_unite_inconnue_refusee() -> None:
    cal = calendrier_pour_code_postal(PARIS)
    with pytest.raises(EntreeInvalide) as erreur:
        calculer_delai(date(2026, 3, 1), 2, "semaines", cal)  # type: ignore[arg-type]
    assert erreur.value.champ == "unite"


def test_date_hors_plage_refusee() -> None:
    with pytest.raises(EntreeInvalide):
        jours(date(9999, 12, 1), 400, PARIS)


# --- Properties ------------------------------------------------------------------------------

CODES_POSTAUX = [
    PARIS, LYON, "20000", METZ, STRASBOURG, "68100", "97110", "97133", "97150",
    FORT_DE_FRANCE, "97300", SAINT_DENIS_REUNION, "97500", "97600", "98600", "98714", "98800",
]  # fmt: skip

dates = st.dates(min_value=date(2008, 1, 1), max_value=date(2035, 12, 31))
codes = st.sampled_from(CODES_POSTAUX)


@settings(max_examples=500, deadline=None)
@given(depart=dates, duree=st.integers(min_value=0, max_value=400), code_postal=codes)
def test_une_echeance_en_jours_tombe_un_jour_ouvrable(
    depart: date, duree: int, code_postal: str
) -> None:
    cal = calendrier_pour_code_postal(code_postal)
    echeance = calculer_delai(depart, duree, "jours", cal)
    assert echeance.echeance_brute == depart + timedelta(days=duree)
    assert echeance.echeance >= echeance.echeance_brute
    assert cal.est_ouvrable(echeance.echeance)
    _verifier_report(echeance, cal)


@settings(max_examples=300, deadline=None)
@given(
    depart=dates,
    duree=st.integers(min_value=0, max_value=60),
    unite=st.sampled_from(["mois", "ans"]),
    code_postal=codes,
)
def test_une_echeance_en_mois_ou_ans_tombe_un_jour_ouvrable(
    depart: date, duree: int, unite: str, code_postal: str
) -> None:
    cal = calendrier_pour_code_postal(code_postal)
    echeance = calculer_delai(depart, duree, unite, cal)  # type: ignore[arg-type]
    n = duree if unite == "mois" else 12 * duree
    brute = echeance.echeance_brute
    # Same date number, or the last day of a shorter month (art. 641 al. 2).
    assert (brute.year * 12 + brute.month) - (depart.year * 12 + depart.month) == n
    assert brute.day == depart.day or (brute.day < depart.day and _dernier_jour(brute))
    assert cal.est_ouvrable(echeance.echeance)
    _verifier_report(echeance, cal)


def _verifier_report(echeance: Echeance, cal: Calendrier) -> None:
    """The deadline is the first working day from the raw one, never later (art. 642)."""
    jour = echeance.echeance_brute
    while jour < echeance.echeance:
        assert not cal.est_ouvrable(jour)
        jour += timedelta(days=1)
    assert echeance.prorogee == (echeance.echeance != echeance.echeance_brute)
    assert (echeance.motif_prorogation is None) == (not echeance.prorogee)
    assert echeance.references[:3] == CPC


def _dernier_jour(d: date) -> bool:
    return (d + timedelta(days=1)).month != d.month
