"""Route after the mise en demeure: refusals, petites créances first, injonction de payer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from conftest import dossier

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.recouvrement.routes import choisir

# Invoice F1: 1 000,00 € due 1 February 2026, debtor a SAS in Lyon.
# Mise en demeure received Wednesday 4 March 2026, 8 days: the day of reception does not
# count (CPC 641), last day Thursday 12 March 2026; a route is open from 13 March.
MED = {"envoyee_le": "2026-03-02", "recue_le": "2026-03-04", "delai_jours": 8}
LE = date(2026, 3, 20)
CONSOMMATEUR = {
    "nom": "Jean Dupont",
    "type": "consommateur",
    "adresse": {"lignes": ["3 rue des Lilas"], "code_postal": "44000", "ville": "Nantes"},
}


def _facture(numero: str, montant: str, echeance: str = "2026-02-01") -> dict[str, Any]:
    return {"numero": numero, "date_emission": "2026-01-02", "date_echeance": echeance,
            "montant_ttc": montant}  # fmt: skip


def codes(c: Any) -> list[str]:
    return [m.code for m in c.refus]


def test_sous_le_plafond_petites_creances_d_abord(jur: Jurisprudence) -> None:
    c = choisir(dossier(mise_en_demeure=MED), LE, jur)
    assert c.routes == ("petites_creances", "injonction_de_payer")
    assert c.route == "petites_creances"
    # Penalties 2 Feb - 20 Mar 2026 = 27 + 20 = 47 days at 2,15 + 10 = 12,15 %:
    # 1000 × 12,15 % × 47 / 365 = 15,6452 → 15,65 ; R125-1 counts 1 015,65 €.
    assert c.interets == Decimal("15.65")
    assert c.montant_r125_1 == Decimal("1015.65")
    assert c.indemnites == Decimal("40.00")
    assert c.plafond_petites_creances == Decimal("5000.00")
    assert c.possible_le == date(2026, 3, 13)
    assert "CPCE art. R125-1" in c.references and "CPC art. 1405" in c.references
    assert c.juridiction is not None and c.juridiction.categorie == "tribunal_activites_economiques"
    # A commercial court: CPC 750-1 (tribunal judiciaire) is not mentioned.
    assert [n.code for n in c.notes] == []


def test_consommateur_sous_le_plafond_point_750_1(jur: Jurisprudence) -> None:
    c = choisir(dossier(debiteur=CONSOMMATEUR, mise_en_demeure=MED), LE, jur)
    assert c.routes == ("petites_creances", "injonction_de_payer")
    assert [n.code for n in c.notes] == ["dispense_750_1"]
    assert c.notes[0].articles == ("CPC art. 750-1", "CPCE art. L125-1")
    assert "5 000,00 €" in c.notes[0].message
    assert c.juridiction is not None and c.juridiction.categorie == "tribunal_judiciaire"


def test_l_indemnite_ne_compte_pas_dans_le_plafond(jur: Jurisprudence) -> None:
    # 4 900 € : penalties 4900 × 12,15 % × 47 / 365 = 76,6615 → 76,66 ;
    # R125-1: 4 976,66 € ≤ 5 000 € although the total with the 40 € is 5 016,66 €.
    c = choisir(dossier(mise_en_demeure=MED, factures=[_facture("F1", "4900.00")]), LE, jur)
    assert c.montant_r125_1 == Decimal("4976.66")
    assert c.total == Decimal("5016.66")
    assert c.route == "petites_creances"


def test_au_dessus_du_plafond_injonction(jur: Jurisprudence) -> None:
    # 5 000 € : penalties 5000 × 12,15 % × 47 / 365 = 78,2260 → 78,23 ; 5 078,23 € > 5 000 €.
    c = choisir(dossier(mise_en_demeure=MED, factures=[_facture("F1", "5000.00")]), LE, jur)
    assert c.routes == ("injonction_de_payer",)
    assert c.montant_r125_1 == Decimal("5078.23")
    assert "au-dessus du plafond" in c.motif


def test_plafond_de_2019_a_4000(jur: Jurisprudence) -> None:
    # Before 1 January 2020 the threshold was 4 000 € (R125-1, décret 2016-285).
    med = {"envoyee_le": "2019-03-01", "recue_le": "2019-03-04", "delai_jours": 8}
    f = {"numero": "F1", "date_emission": "2019-01-02", "date_echeance": "2019-02-01",
         "montant_ttc": "4500.00"}  # fmt: skip
    c = choisir(dossier(mise_en_demeure=med, factures=[f]), date(2019, 3, 20), jur)
    assert c.plafond_petites_creances == Decimal("4000.00")
    assert c.routes == ("injonction_de_payer",)


def test_litige_conseil_d_action_contradictoire(jur: Jurisprudence) -> None:
    litige = [{"facture": "F1", "ouvert_le": "2026-02-10", "motif": "livraison incomplète"}]
    c = choisir(dossier(mise_en_demeure=MED, litiges=litige), LE, jur)
    assert c.routes == ("assignation",)
    assert "injonction_de_payer" not in c.routes
    assert c.factures_en_litige == ("F1",)
    assert "référé-provision" in c.motif
    assert "CPC art. 835" in c.references


def test_litige_clos_ne_bloque_plus(jur: Jurisprudence) -> None:
    litige = [{"facture": "F1", "ouvert_le": "2026-02-10", "motif": "x", "clos_le": "2026-02-20"}]
    c = choisir(dossier(mise_en_demeure=MED, litiges=litige), LE, jur)
    assert c.route == "petites_creances"


def test_procedure_collective_declaration_au_lieu_d_une_route(jur: Jurisprudence) -> None:
    pc = {"type": "redressement_judiciaire", "jugement_le": "2026-03-05",
          "publication_bodacc_le": "2026-03-10"}  # fmt: skip
    debiteur = {**dossier().debiteur.model_dump(mode="json"), "procedure_collective": pc}
    c = choisir(dossier(mise_en_demeure=MED, debiteur=debiteur), LE, jur)
    assert c.routes == ()
    assert codes(c) == ["procedure_collective"]
    # Two months from the BODACC publication of 10 March 2026: 10 May 2026 is a Sunday,
    # extended to Monday 11 May 2026 (CPC 642).
    assert "11/05/2026" in c.motif
    assert "C. com. art. L622-21" in c.references


def test_dette_prescrite(jur: Jurisprudence) -> None:
    # Due 1 February 2021: 5 years (C. com. L110-4) end on 1 February 2026.
    f = _facture("F0", "500.00", "2021-02-01") | {"date_emission": "2021-01-02"}
    c = choisir(dossier(mise_en_demeure=MED, factures=[f]), LE, jur)
    assert codes(c) == ["prescription"]
    assert "C. com. art. L110-4" in c.references


def test_facture_prescrite_ecartee(jur: Jurisprudence) -> None:
    f0 = _facture("F0", "500.00", "2021-02-01") | {"date_emission": "2021-01-02"}
    c = choisir(dossier(mise_en_demeure=MED, factures=[f0, _facture("F1", "1000.00")]), LE, jur)
    assert c.factures == ("F1",)
    assert c.factures_prescrites == ("F0",)
    assert c.principal == Decimal("1000.00")
    assert "factures_prescrites" in [n.code for n in c.notes]
    assert c.route == "petites_creances"


def test_delai_non_expire(jur: Jurisprudence) -> None:
    c = choisir(dossier(mise_en_demeure=MED), date(2026, 3, 12), jur)
    assert codes(c) == ["delai_en_cours"]
    assert c.possible_le == date(2026, 3, 13)
    assert "CPC art. 642" in c.references


def test_sans_mise_en_demeure(jur: Jurisprudence) -> None:
    assert codes(choisir(dossier(), LE, jur)) == ["sans_mise_en_demeure"]


def test_reception_inconnue(jur: Jurisprudence) -> None:
    c = choisir(dossier(mise_en_demeure={"envoyee_le": "2026-03-02"}), LE, jur)
    assert codes(c) == ["delai_inconnu"]


def test_solde(jur: Jurisprudence) -> None:
    paiement = [{"date": "2026-01-20", "montant": "1000.00", "facture": "F1"}]
    assert codes(choisir(dossier(mise_en_demeure=MED, paiements=paiement), LE, jur)) == ["solde"]


def test_personne_publique_refere_provision(jur: Jurisprudence) -> None:
    debiteur = {"nom": "Commune de Vienne", "type": "personne_publique",
                "adresse": {"lignes": ["Hôtel de ville"], "code_postal": "38200",
                            "ville": "Vienne"}}  # fmt: skip
    c = choisir(dossier(mise_en_demeure=MED, debiteur=debiteur), LE, jur)
    assert c.routes == ("assignation",)
    assert "tribunal administratif" in c.motif
    assert "CJA art. R541-1" in c.references


def test_petites_creances_en_cours_puis_echec(jur: Jurisprudence) -> None:
    # Invitation sent 16 March 2026: one month, until 16 April 2026 (L125-1).
    pc = {"demande_le": "2026-03-14", "invitation_envoyee_le": "2026-03-16"}
    d = dossier(mise_en_demeure=MED, petites_creances=pc)
    en_cours = choisir(d, date(2026, 4, 16), jur)
    assert codes(en_cours) == ["petites_creances_en_cours"]
    assert "16/04/2026" in en_cours.motif
    # Silence for a month = refusal: the injonction is offered, not petites créances again.
    apres = choisir(d, date(2026, 4, 17), jur)
    assert apres.routes == ("injonction_de_payer",)
    assert "sans accord" in apres.motif


def test_accord_petites_creances_plus_de_route(jur: Jurisprudence) -> None:
    pc = {"invitation_envoyee_le": "2026-03-16", "accord_le": "2026-03-25",
          "montant_accord": "1015.65"}  # fmt: skip
    c = choisir(dossier(mise_en_demeure=MED, petites_creances=pc), date(2026, 4, 1), jur)
    assert codes(c) == ["accord_petites_creances"]


def test_une_facture_contestee_n_empeche_pas_de_reclamer_les_autres(jur: Jurisprudence) -> None:
    # F1 (1 000 €) disputed, F2 (2 000 €) not: F2 alone is claimed, under the 5 000 € cap
    # (2 000 € + 2 000 × 12,15 % × 47 / 365 = 31,29 €), F1 goes to a contradictory claim.
    litige = [{"facture": "F1", "ouvert_le": "2026-02-10", "motif": "livraison incomplète"}]
    factures = [_facture("F1", "1000.00"), _facture("F2", "2000.00")]
    c = choisir(dossier(mise_en_demeure=MED, litiges=litige, factures=factures), LE, jur)
    assert c.routes == ("petites_creances", "injonction_de_payer")
    assert c.factures == ("F2",)
    assert c.montant_r125_1 == Decimal("2031.29")
    assert [n.code for n in c.notes if n.code == "factures_contestees_exclues"] == [
        "factures_contestees_exclues"
    ]


def test_taux_non_publie_part_calculee_et_dit(jur: Jurisprudence) -> None:
    # On 2026-11-26 the 2026 S2 ECB anchor is unknown (issue 13: before, the principal alone):
    # penalties arrêtées au 30/06/2026, 02/02 -> 30/06 = 27 + 31 + 30 + 31 + 30 = 149 days at
    # 12,15 %: 1 000,00 × 12,15 % × 149/365 = 49,598630 -> 49,60 ; the cap (5 000 EUR) is
    # compared with 1 049,60 and a note says what runs on may carry the claim over it.
    c = choisir(dossier(mise_en_demeure=MED), date(2026, 11, 26), jur)
    assert c.routes == ("petites_creances", "injonction_de_payer")
    assert c.interets == Decimal("49.60") and c.principal == Decimal("1000.00")
    [note] = [n for n in c.notes if n.code == "plafond_a_parfaire"]
    assert "arrêtés au 30/06/2026" in note.message and "3 950,40 €" in note.message
