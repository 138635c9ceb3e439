"""Creditor policies (escalade.recouvrement.politique): defaults cited, stricter accepted, looser
rejected."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import EXEMPLES

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.conformite import verifier
from escalade.recouvrement.fichier_politique import charger_politique
from escalade.recouvrement.politique import politique_par_defaut
from escalade.recouvrement.politique_modele import Limite

STRICTE = Path(__file__).parent / "scenarios_conformite" / "politique_stricte.yaml"


def test_defauts_d223_9(jur: Jurisprudence) -> None:
    p = politique_par_defaut(jur)
    tel = p.canaux["telephone"]
    assert tel.jours == (0, 1, 2, 3, 4)  # Monday to Friday
    assert tel.plages == ((600, 780), (840, 1200))  # 10:00-13:00, 14:00-20:00
    assert Limite(nombre=4, jours=30) in tel.limites
    assert p.delai_apres_refus_jours == 60
    assert p.conservation_base_active_ans == 3
    assert "D223-9" in p.sources["limites.appels"]
    assert "2021-131" in p.sources["conservation_base_active_ans"]
    assert p.plans["occasionnel"] == (
        ("relance_1", 1), ("relance_2", 10), ("relance_telephonique", 20),
        ("derniere_relance", 30), ("mise_en_demeure", 45),
    )  # fmt: skip
    assert p.plans["ponctuel"][0] == ("relance_telephonique", 3)
    assert p.delai_mise_en_demeure_jours == {
        "professionnel": 8, "personne_publique": 8, "consommateur": 15,
    }  # fmt: skip
    assert all(6 not in r.jours for r in p.canaux.values())  # never a Sunday


def test_politique_plus_stricte(jur: Jurisprudence) -> None:
    p = charger_politique(STRICTE, jur)
    tel = p.canaux["telephone"]
    assert tel.jours == (0, 1, 2, 3)
    assert tel.plages == ((600, 720),)
    assert Limite(nombre=2, jours=30) in tel.limites and Limite(nombre=4, jours=30) in tel.limites
    assert p.delai_apres_refus_jours == 90
    assert p.plans["occasionnel"][0] == ("relance_1", 3)
    assert p.fichier == str(STRICTE)
    lyon = charger_fichier(EXEMPLES / "01_b2b_paiements_partiels.yaml")[0]
    # 12:30 is allowed by default but not by this policy; the next slot is 10:00 next day.
    d = verifier(lyon, "telephone", datetime(2026, 5, 4, 12, 30, tzinfo=PARIS), [], p, jur)
    assert [m.code for m in d.motifs] == ["heure_non_autorisee"]
    assert d.prochain_creneau == datetime(2026, 5, 5, 10, 0, tzinfo=PARIS)
    # Two calls in 30 days already: the third waits until the first leaves the window.
    appels = [
        Contact(le=datetime(2026, 4, j, 10, 30, tzinfo=PARIS), canal="telephone", objet="x")
        for j in (14, 21)
    ]
    d = verifier(lyon, "telephone", datetime(2026, 5, 4, 10, 0, tzinfo=PARIS), appels, p, jur)
    assert [m.code for m in d.motifs] == ["frequence_canal"]
    # 14 April 10:30 + 30 days = Thursday 14 May, Ascension; Friday is not a call day in this
    # policy: Monday 18 May at 10:00.
    assert d.prochain_creneau == datetime(2026, 5, 18, 10, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("contenu", "champ", "extrait"),
    [
        ("canaux: {telephone: {jours: [lundi, dimanche]}}", "canaux.telephone.jours[1]",
         "dimanche n'est jamais autorisé"),
        ("canaux: {telephone: {jours: [samedi]}}", "canaux.telephone.jours[0]", "plus permissif"),
        ('canaux: {telephone: {plages: ["09:00-13:00"]}}', "canaux.telephone.plages[0]",
         "déborde des plages par défaut (10:00-13:00, 14:00-20:00 ; C. conso. art. D223-9)"),
        ('canaux: {sms: {plages: ["20:00-21:00"]}}', "canaux.sms.plages[0]", "déborde"),
        ("canaux: {telephone: {limites: [{nombre: 6, jours: 30}]}}",
         "canaux.telephone.limites[0].nombre", "plus permissif que le plancher (4 en 30"),
        ("tous_canaux: {limites: [{nombre: 3, jours: 1}]}", "tous_canaux.limites[0].nombre",
         "plus permissif"),
        ("delai_apres_refus_jours: 30", "delai_apres_refus_jours", "plancher de 60 jours"),
        ("conservation_base_active_ans: 5", "conservation_base_active_ans", "3 ans"),
        ("delai_mise_en_demeure_jours: {consommateur: 8}",
         "delai_mise_en_demeure_jours.consommateur", "plancher de 15 jours"),
        ("canaux: {fax: {}}", "canaux.fax", "champ inconnu"),
        ("heures_sup: 1", "heures_sup", "champ inconnu"),
        ("plan: {occasionnel: {relance_1: 10, relance_2: 5, mise_en_demeure: 45}}",
         "plan.occasionnel", "se suivre dans le temps"),
        ('canaux: {telephone: {plages: ["10h00-25:00"]}}', "canaux.telephone.plages[0]",
         "heure « 25:00 » invalide"),
    ],
)  # fmt: skip
def test_politique_plus_permissive_refusee(
    jur: Jurisprudence, tmp_path: Path, contenu: str, champ: str, extrait: str
) -> None:
    fichier = tmp_path / "politique.yaml"
    fichier.write_text(contenu + "\n", encoding="utf-8")
    with pytest.raises(EntreeInvalide) as e:
        charger_politique(fichier, jur)
    assert e.value.fichier == str(fichier)
    assert e.value.champ == champ
    assert extrait in e.value.message
    assert e.value.code_sortie == 2


def test_yaml_invalide(jur: Jurisprudence, tmp_path: Path) -> None:
    fichier = tmp_path / "politique.yaml"
    fichier.write_text("canaux: [\n", encoding="utf-8")
    with pytest.raises(EntreeInvalide) as e:
        charger_politique(fichier, jur)
    assert "YAML invalide" in e.value.message
