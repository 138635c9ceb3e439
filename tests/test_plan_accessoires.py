"""Principal paid, late-payment accessories left: the plan says so and chases nothing.

The gate decides "settled" on the principal alone
(escalade.recouvrement.conformite.principal_restant),
so it refuses every contact once the invoices' amounts are paid; the décompte imputes the
payments on interest first (C. civ. 1343-1; a public buyer's on the principal first, CCP
R2192-36) and still finds money owed. The plan then gives one informational step,
`accessoires_restants`: no channel, no document, never blocked.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXEMPLES, dossier
from stockage_commun import donnees, lancer

from escalade.documents.lot import ACCESSOIRES_RESTANTS, Ecarte, selectionner
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.action import Action, action_en_dict
from escalade.recouvrement.plan import planifier
from escalade.recouvrement.politique import politique_par_defaut
from escalade.recouvrement.politique_modele import Politique

SUITE = "à réclamer par l'envoi du décompte de créance"


@pytest.fixture(scope="module")
def pol(jur: Jurisprudence) -> Politique:
    return politique_par_defaut(jur)


def exemple_03() -> Dossier:
    return charger_fichier(EXEMPLES / "03_personne_publique.yaml")[0]


def informatif(a: Action | None) -> Action:
    assert a is not None
    assert (a.etape, a.canal, a.document, a.juridiction) == (
        "accessoires_restants", None, None, None
    )  # fmt: skip
    assert not a.bloquee and a.motifs_blocage == () and a.prochain_creneau is None
    assert SUITE in a.motif and "aucune relance automatique" in a.motif
    return a


def test_personne_publique_interets_moratoires_et_indemnite(
    jur: Jurisprudence, pol: Politique
) -> None:
    # Example 03: 9 600,00 € due 31/10/2025, paid in full on 16/03/2026.
    # Rate: ECB 2,15 % on 1 July 2025 (in force since 11/06/2025) + 8 points = 10,15 %,
    # fixed for the whole delay (R2192-31 CCP: half-year in which interest starts, 1/11/2025).
    # 01/11/2025-16/03/2026, 136 days: 9 600 × 10,15 % × 136 / 365 = 363,0641 -> 363,06.
    # A public buyer pays the principal first (CCP R2192-36): the 9 600,00 paid on 16/03/2026
    # clears the principal, interest stops that day (none after 16/03/2026).
    # Indemnity 40,00 (décret 2013-269). Total 363,06 + 40,00 = 403,06.
    # Both payable within 45 days of the principal's payment: 16/03/2026 + 45 days
    # (15 left in March + 30 in April) = Thursday 30/04/2026, a working day.
    a = informatif(planifier(exemple_03(), date(2026, 6, 30), pol, jur))
    assert a.dossier == "D-2026-003" and a.date == date(2026, 6, 30)
    assert a.motif.startswith(
        "Principal des factures payé le 16/03/2026 ; restent dus selon le décompte au "
        "30/06/2026 : 363,06 € d'intérêts moratoires (CCP art. R2192-31) et 40,00 € "
        "d'indemnité forfaitaire pour frais de recouvrement (1 facture payée en retard), soit "
        "403,06 € ; débiteur public (décret n° 2013-269 du 29 mars 2013) : intérêts moratoires "
        "et indemnité forfaitaire sont dus sans demande du créancier, payables dans les 45 "
        "jours suivant la mise en paiement du principal (CCP art. R2192-36), soit au plus tard "
        "le 30/04/2026 ; à réclamer par l'envoi du décompte de créance"
    )
    assert "1343-1" not in a.motif and "de principal" not in a.motif
    assert "escalade lettre D-2026-003 --modele decompte" in a.motif
    assert a.references == (
        "CCP art. R2192-31",
        "Décret n° 2013-269 du 29 mars 2013",
        "Décret n° 2013-269 du 29 mars 2013, art. 9",
        "CJUE, 20 oct. 2022, BFF Finance Iberia, aff. C-585/20",
        "C. civ. art. 1342-10 al. 1",
        "CCP art. R2192-36",
    )
    j = action_en_dict(a)
    assert (j["etape"], j["canal"], j["document"], j["bloquee"], j["motifs"]) == (
        "accessoires_restants", None, None, False, []
    )  # fmt: skip


def b2b_paye_en_retard(**modifs: Any) -> Dossier:
    return dossier(
        factures=[
            {"numero": "F1", "date_emission": "2026-01-02", "date_echeance": "2026-02-01",
             "montant_ttc": "1000.00"},
            {"numero": "F2", "date_emission": "2026-01-16", "date_echeance": "2026-02-15",
             "montant_ttc": "500.00"},
        ],
        paiements=[
            {"date": "2026-03-03", "montant": "1000.00", "facture": "F1"},
            {"date": "2026-03-03", "montant": "500.00", "facture": "F2"},
        ],
        **modifs,
    )  # fmt: skip


def test_b2b_paye_en_retard_penalites_et_40_euros_par_facture(
    jur: Jurisprudence, pol: Politique
) -> None:
    # Default rate 2026 S1: ECB 2,15 % on 1 January 2026 + 10 points = 12,15 % (L441-10 II).
    # F1 1 000,00 due 01/02: 02/02-03/03, 30 days: 1 000 × 12,15 % × 30 / 365 = 9,9863 -> 9,99;
    #   the 1 000,00 paid on 03/03: 9,99 on penalties, 990,01 on principal, 9,99 left;
    #   04/03-30/06, 119 days: 9,99 × 12,15 % × 119 / 365 = 0,3957 -> 0,40.
    # F2 500,00 due 15/02: 16/02-03/03, 16 days: 500 × 12,15 % × 16 / 365 = 2,6630 -> 2,66;
    #   2,66 left; 119 days: 2,66 × 12,15 % × 119 / 365 = 0,1054 -> 0,11.
    # Penalties 0,40 + 0,11 = 0,51; indemnities 2 × 40,00 = 80,00 (D441-5, per invoice);
    # principal 9,99 + 2,66 = 12,65; total 93,16.
    a = informatif(planifier(b2b_paye_en_retard(), date(2026, 6, 30), pol, jur))
    assert (
        "trouve encore dus : 0,51 € de pénalités de retard (C. com. art. L441-10 II), 80,00 € "
        "d'indemnité forfaitaire pour frais de recouvrement (2 factures payées en retard ; "
        "C. com. art. L441-10 II, C. com. art. D441-5) et 12,65 € de principal, qui produit "
        "encore des pénalités, soit 93,16 €"
    ) in a.motif
    assert "débiteur public" not in a.motif
    assert "C. com. art. D441-5" in a.references and "C. civ. art. 1343-1" in a.references


@pytest.mark.parametrize("paye_le", ["2026-01-30", "2026-02-01"])
def test_paye_a_temps_aucune_action(jur: Jurisprudence, pol: Politique, paye_le: str) -> None:
    # Due 01/02/2026: paid on or before the due date, nothing accrued, no indemnity.
    d = dossier(paiements=[{"date": paye_le, "montant": "1000.00"}])
    assert planifier(d, date(2026, 6, 30), pol, jur) is None


def test_consommateur_interets_depuis_la_mise_en_demeure_sans_indemnite(
    jur: Jurisprudence, pol: Politique
) -> None:
    # Consumer, 1 000,00 due 15/01/2026, mise en demeure received 02/02, paid 05/03.
    # Legal rate "autres cas" (professional creditor), 2026 S1: 2,62 %.
    # 03/02-05/03, 31 days: 1 000 × 2,62 % × 31 / 365 = 2,2252 -> 2,23; paid on interest
    # first: 2,23 of principal left; 06/03-30/06, 117 days: 2,23 × 2,62 % × 117 / 365
    # = 0,0187 -> 0,02. Never the 40 EUR against a consumer. Total 2,25.
    consommateur = {"nom": "Jeanne Dupont", "type": "consommateur", "siren": None}
    d = dossier(
        debiteur=consommateur,
        factures=[{"numero": "F1", "date_emission": "2026-01-05", "date_echeance": "2026-01-15",
                   "montant_ttc": "1000.00"}],
        paiements=[{"date": "2026-03-05", "montant": "1000.00"}],
        mise_en_demeure={"envoyee_le": "2026-01-30", "recue_le": "2026-02-02"},
    )  # fmt: skip
    a = informatif(planifier(d, date(2026, 6, 30), pol, jur))
    assert (
        "trouve encore dus : 0,02 € d'intérêts au taux légal (C. civ. art. 1231-6, C. civ. art. "
        "1344-1, CMF art. L313-2) et 2,23 € de principal, qui produit encore des intérêts, "
        "soit 2,25 €"
    ) in a.motif
    assert "indemnité" not in a.motif
    # Without a mise en demeure no interest runs against a consumer: nothing is owed.
    assert planifier(d.model_copy(update={"mise_en_demeure": None}), date(2026, 6, 30), pol,
                     jur) is None  # fmt: skip


def test_taux_non_publie_montant_non_calculable(jur: Jurisprudence, pol: Politique) -> None:
    # Due 15/06/2026, paid 20/07/2026: the penalties of July need the ECB rate on
    # 1 July 2026, which the shipped data do not know: no amount is guessed.
    d = dossier(
        factures=[{"numero": "F1", "date_emission": "2026-05-16", "date_echeance": "2026-06-15",
                   "montant_ttc": "1000.00"}],
        paiements=[{"date": "2026-07-20", "montant": "1000.00"}],
    )  # fmt: skip
    a = informatif(planifier(d, date(2026, 7, 31), pol, jur))
    assert a.motif.startswith(
        "Principal des factures payé, mais des accessoires de retard (pénalités de retard, "
        "indemnité forfaitaire) peuvent rester dus : leur montant ne peut pas encore être "
        "calculé au 31/07/2026, faute de donnée juridique (la série « taux_bce_refinancement »"
    )
    assert "2026-07-01" in a.motif and "Aucun montant n'est avancé" in a.motif
    assert "€" not in a.motif
    assert a.references == ("C. com. art. L441-10 II",)


@pytest.mark.parametrize("objet", ["reclamation_accessoires", "abandon_accessoires"])
def test_accessoires_reclames_ou_abandonnes_plus_d_action(
    jur: Jurisprudence, pol: Politique, objet: str
) -> None:
    d = exemple_03()
    le = datetime(2026, 7, 1, 10, 0, tzinfo=PARIS)
    d = d.model_copy(update={"contacts": [Contact(le=le, canal="courrier", objet=objet)]})
    assert planifier(d, date(2026, 7, 2), pol, jur) is None


def test_procedure_collective_toujours_la_declaration(jur: Jurisprudence, pol: Politique) -> None:
    # A collective proceeding keeps its own step (L622-21), even once the principal is paid.
    pc = {"type": "redressement_judiciaire", "jugement_le": "2026-05-04",
          "publication_bodacc_le": "2026-05-20"}  # fmt: skip
    a = planifier(b2b_paye_en_retard(debiteur={"procedure_collective": pc}), date(2026, 6, 30),
                  pol, jur)  # fmt: skip
    assert a is not None and a.etape == "declaration_creance"


def test_lot_ecarte_le_dossier_avec_sa_raison(jur: Jurisprudence, pol: Politique) -> None:
    taches, ecartes = selectionner([exemple_03()], None, date(2026, 6, 30), jur, pol)
    assert taches == []
    assert ecartes == [
        Ecarte("D-2026-003", "accessoires restants : pas de relance automatique, voir le plan")
    ]


# --- the store: `escalade plan` ---------------------------------------------------------------


def _ecrire(chemin: Path, d: dict[str, Any]) -> Path:
    chemin.write_text(yaml.safe_dump(d, allow_unicode=True), "utf-8")
    return chemin


def test_plan_du_depot_montre_les_accessoires(capsys, depot: Path, tmp_path: Path) -> None:
    en_retard = _ecrire(tmp_path / "s1.yaml", donnees(reference="S-001"))
    a_temps = _ecrire(tmp_path / "s2.yaml", donnees(reference="S-002"))
    code, _, err = lancer(capsys, "importer", str(EXEMPLES / "03_personne_publique.yaml"),
                          str(en_retard), str(a_temps))  # fmt: skip
    assert code == 0, err
    # S-001: 1 200,00 due 31/03/2026 paid on 02/04 (late); S-002 paid on 30/03 (on time).
    # Both move to « solde » and are closed in the store.
    for ref, jour in (("S-001", "2026-04-02"), ("S-002", "2026-03-30")):
        code, out, err = lancer(capsys, "paiement", ref, "--montant", "1200.00", "--date", jour,
                                "--le", jour, "--json")  # fmt: skip
        assert code == 0 and json.loads(out)["dossiers"][0]["etape"] == "solde", err
    code, out, _ = lancer(capsys, "plan", "--date", "2026-06-30", "--json")
    actions = json.loads(out)["actions"]
    assert code == 0
    assert [(a["dossier"], a["etape"], a["canal"], a["document"], a["bloquee"])
            for a in actions] == [
        ("D-2026-003", "accessoires_restants", None, None, False),
        ("S-001", "accessoires_restants", None, None, False),
    ]  # fmt: skip
    # S-001, default rate 12,15 %: 01/04-02/04, 2 days: 1 200 × 12,15 % × 2 / 365 = 0,7989
    # -> 0,80, paid first; 0,80 left, 03/04-30/06, 89 days: 0,80 × 12,15 % × 89 / 365
    # = 0,0237 -> 0,02; + 40,00; total 0,80 + 0,02 + 40,00 = 40,82.
    assert "0,02 € de pénalités de retard" in actions[1]["motif"]
    assert "40,00 € d'indemnité forfaitaire" in actions[1]["motif"]
    assert "0,80 € de principal" in actions[1]["motif"] and "soit 40,82 €" in actions[1]["motif"]
    code, out, _ = lancer(capsys, "plan", "--date", "2026-06-30")
    assert "- D-2026-003 : accessoires_restants le 2026-06-30\n" in out
    assert "363,06 € d'intérêts moratoires" in out and "- S-001 : accessoires_restants" in out
    assert "soit au plus tard le 30/04/2026" in out
    # The gate's design is kept: contacts stay refused on the settled dossier.
    code, out, _ = lancer(capsys, "verifier", "S-001", "--canal", "courrier",
                          "--le", "2026-06-30T10:00", "--json")  # fmt: skip
    assert code == 3 and "dossier_solde" in out
    # The creditor sent the décompte and records it in the dossier file: no more step.
    contact = {"le": "2026-07-01T10:00:00+02:00", "canal": "courrier",
               "objet": "reclamation_accessoires"}  # fmt: skip
    _ecrire(en_retard, donnees(reference="S-001", contacts=[contact]))
    assert lancer(capsys, "importer", str(en_retard))[0] == 0
    code, out, _ = lancer(capsys, "plan", "--date", "2026-07-02", "--json")
    assert [a["dossier"] for a in json.loads(out)["actions"]] == ["D-2026-003"]


def test_lot_du_depot_ecarte_le_dossier(capsys, depot: Path, tmp_path: Path) -> None:
    lancer(capsys, "importer", str(EXEMPLES / "03_personne_publique.yaml"))
    code, out, err = lancer(capsys, "lot", "--date", "2026-06-30", "--sortie",
                            str(tmp_path / "lot"), "--simuler")  # fmt: skip
    assert code == 0, err
    assert f"D-2026-003\t—\t{ACCESSOIRES_RESTANTS}" in out
    assert "plus aucune action prévue" not in out


def test_soldes_retenus_par_le_depot(url_depot: str, jur: Jurisprudence, pol: Politique) -> None:
    """Only settled dossiers paid after a due date and not yet claimed or waived are read."""
    from escalade.stockage import depot as stockage
    from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture
    from escalade.stockage.planification import iterer_soldes_avec_accessoires, planifier_depot

    def solde(reference: str, paye_le: str, **autres: Any) -> Dossier:
        paiement = {"date": paye_le, "montant": "1200.00"}
        return Dossier.model_validate(
            donnees(reference=reference, etape="solde", paiements=[paiement], **autres)
        )

    reclame = [{"le": "2026-07-01T10:00:00+02:00", "canal": "courrier",
                "objet": "reclamation_accessoires"}]  # fmt: skip
    dossiers = [
        solde("S-001", "2026-04-02"),  # due 31/03: late
        solde("S-002", "2026-03-31"),  # on the due date: nothing accrued
        solde("S-003", "2026-04-02", contacts=reclame),
        Dossier.model_validate(donnees(reference="S-004")),  # open, unpaid
    ]
    m = moteur(url_depot)
    with transaction_ecriture(m) as conn:
        stockage.importer(conn, dossiers, datetime(2026, 6, 30, 9, tzinfo=PARIS))
    with transaction_lecture(m) as conn:
        assert [p.dossier.reference for p in iterer_soldes_avec_accessoires(conn, lot=1)] == [
            "S-001"
        ]
        actions = list(planifier_depot(conn, date(2026, 6, 30), pol, jur, lot=1))
    assert [(a.dossier, a.etape) for a in actions] == [
        ("S-001", "accessoires_restants"), ("S-004", "relance_1")
    ]  # fmt: skip
