"""The record of processing (RGPD art. 30) follows the configuration and the retention policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.rgpd.registre import ConfigurationRegistre, registre
from escalade.rgpd.regles_conservation import politique_par_defaut


def test_registre_par_defaut(jur: Jurisprudence) -> None:
    r = registre(ConfigurationRegistre(), politique_par_defaut(jur, date(2026, 6, 30)))
    f = r.fiche
    assert f["responsable"]["nom"] == "à compléter"
    assert [b["article"] for b in f["bases_legales"]] == [
        "RGPD art. 6.1.b", "RGPD art. 6.1.c", "RGPD art. 6.1.f"
    ]  # fmt: skip
    assert "NON CONFIRMÉE" in f["bases_legales"][2]["reserve"]
    assert f["transferts_hors_ue"] == "aucun"
    durees = {d["categorie"]: d["duree"] for d in f["durees_conservation"]}
    assert durees["identite_coordonnees"].startswith(
        "3 ans après la fin de la relation (CNIL, délibération n° 2021-131), puis archive "
        "intermédiaire pour la prescription (professionnel : 5 ans (C. com. art. L110-4), "
        "consommateur : 2 ans (C. conso. art. L218-2), personne publique : 4 ans"
    )
    assert durees["montants_factures"].startswith("10 ans (C. com. art. L123-22)")
    assert r.references[0] == "RGPD art. 30"


def test_registre_suit_la_configuration(jur: Jurisprudence) -> None:
    politique = replace(politique_par_defaut(jur, date(2026, 6, 30)), base_active_ans=2)
    config = ConfigurationRegistre(
        responsable="Atelier Durand SARL",
        dpo="dpo@atelier-durand.fr",
        destinataires=("Cabinet Martin, avocats",),
        mesures=("Sauvegarde chiffrée quotidienne",),
        stockage="PostgreSQL (serveur du cabinet)",
    )
    f = registre(config, politique).fiche
    assert f["responsable"]["nom"] == "Atelier Durand SARL"
    assert f["responsable"]["delegue_protection_donnees"] == "dpo@atelier-durand.fr"
    assert f["destinataires"][-1] == "Cabinet Martin, avocats"
    assert f["mesures_securite"][0] == "Stockage : PostgreSQL (serveur du cabinet)"
    assert f["mesures_securite"][-1] == "Sauvegarde chiffrée quotidienne"
    notes = next(d for d in f["durees_conservation"] if d["categorie"] == "journal_contacts_notes")
    assert notes["duree"].startswith("2 ans après la fin de la relation")
