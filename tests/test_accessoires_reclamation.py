"""Principal paid, accessories left: claiming them is a contact the gate lets through, waiving
them is a decision of the creditor recorded in the store; either way the plan's step goes.

The gate decides "settled" on the principal alone and refuses every contact then, except one
of objet `reclamation_accessoires` while the décompte of the contact's day (payments imputed
on interest first, C. civ. 1343-1; a public buyer's on the principal first, CCP R2192-36)
still finds something due. All its other rules apply.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXEMPLES, dossier
from stockage_commun import compter, donnees, horloge, lancer

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import TransitionRefusee
from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.procedures.etapes import appliquer
from escalade.procedures.evenements import AccessoiresAbandonnes
from escalade.recouvrement.conformite import Decision, verifier, verifier_creance
from escalade.recouvrement.politique import politique_par_defaut
from escalade.recouvrement.politique_modele import Politique

# Wednesday 1 July 2026, 10:00 in Paris: a working day inside the letter hours.
MERCREDI = datetime(2026, 7, 1, 10, 0, tzinfo=PARIS)
# Example 03 on 01/07/2026 (see test_plan_accessoires for 30/06): 9 600,00 due 31/10/2025,
# paid 16/03/2026; 10,15 % (ECB 2,15 % + 8 points, fixed, R2192-31 CCP).
# 01/11/2025-16/03/2026, 136 days: 9 600 × 10,15 % × 136 / 365 = 363,0641 -> 363,06.
# A public buyer pays the principal first (CCP R2192-36): the 9 600,00 clears it, no
# interest after 16/03/2026. Indemnity 40,00. Total 363,06 + 40,00 = 403,06, any day after.
NOTE_03 = (
    "Principal des factures payé ; le décompte au 01/07/2026 trouve encore 403,06 € dus : "
    "363,06 € d'intérêts moratoires et 40,00 € d'indemnité forfaitaire. Leur réclamation "
    "est permise (décompte de créance)."
)


@pytest.fixture(autouse=True)
def jurisprudence_livree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI reads the shipped legal data only (no local extension of this machine)."""
    monkeypatch.setenv("ESCALADE_JURISPRUDENCE", str(tmp_path / "aucune_extension"))
    jurisprudence.cache_clear()
    yield
    jurisprudence.cache_clear()


@pytest.fixture(scope="module")
def pol(jur: Jurisprudence) -> Politique:
    return politique_par_defaut(jur)


def exemple_03(**modifs: Any) -> Dossier:
    d = charger_fichier(EXEMPLES / "03_personne_publique.yaml")[0]
    return d.model_copy(update=modifs)


def reclamer(d: Dossier, pol: Politique, jur: Jurisprudence, le: datetime = MERCREDI,
             canal: str = "courrier", **autres: Any) -> Decision:  # fmt: skip
    return verifier(d, canal, le, None, pol, jur, objet="reclamation_accessoires", **autres)


def codes(decision: Decision) -> list[str]:
    return [m.code for m in decision.motifs]


# --- the gate ------------------------------------------------------------------------------


def test_reclamation_permise_avec_le_montant_en_note(jur: Jurisprudence, pol: Politique) -> None:
    decision = reclamer(exemple_03(), pol, jur)
    assert decision.autorise and decision.motifs == () and decision.prochain_creneau is None
    [note] = decision.avertissements
    assert note.code == "accessoires_restants" and note.message == NOTE_03
    assert "CCP art. R2192-31" in note.articles and "CCP art. R2192-36" in note.articles
    assert "C. civ. art. 1343-1" not in note.articles


def test_reclamation_sur_la_facture_payee(jur: Jurisprudence, pol: Politique) -> None:
    decision = reclamer(exemple_03(), pol, jur, facture="FA-2025-0210")
    assert decision.autorise
    assert decision.avertissements[0].message.startswith(
        "Principal de la facture FA-2025-0210 payé ; le décompte au 01/07/2026 trouve encore "
        "403,06 € dus : "
    )


@pytest.mark.parametrize("objet", [None, "relance_1", "abandon_accessoires"])
def test_autre_objet_toujours_refuse_dossier_solde(
    jur: Jurisprudence, pol: Politique, objet: str | None
) -> None:
    decision = verifier(exemple_03(), "courrier", MERCREDI, None, pol, jur, objet=objet)
    assert not decision.autorise and codes(decision) == ["dossier_solde"]
    assert decision.motifs[0].legal and decision.prochain_creneau is None
    assert decision.motifs[0].message.startswith(
        "Dossier D-2026-003 soldé : le principal de toutes les factures est payé."
    )
    # A waiver is not a contact: the refusal says where it is recorded.
    assert ("escalade abandon-accessoires D-2026-003" in decision.motifs[0].message) is (
        objet == "abandon_accessoires"
    )


def test_les_autres_regles_s_appliquent(jur: Jurisprudence, pol: Politique) -> None:
    # Sunday 5 July 2026: refused, with the next slot; the amount is still given as a note.
    dimanche = reclamer(exemple_03(), pol, jur, le=datetime(2026, 7, 5, 10, 0, tzinfo=PARIS))
    assert codes(dimanche) == ["dimanche"]
    assert dimanche.avertissements[0].code == "accessoires_restants"
    # Tuesday 14 July 2026, fête nationale.
    ferie = reclamer(exemple_03(), pol, jur, le=datetime(2026, 7, 14, 10, 0, tzinfo=PARIS))
    assert codes(ferie) == ["jour_ferie"]
    # A channel the debtor refused.
    d = exemple_03()
    refuse = d.model_copy(
        update={"debiteur": d.debiteur.model_copy(update={"canaux_refuses": ["courrier"]})}
    )
    assert codes(reclamer(refuse, pol, jur)) == ["canal_refuse"]
    # Quiet hours: a call at 7:00.
    appel = reclamer(exemple_03(), pol, jur, le=datetime(2026, 7, 1, 7, 0, tzinfo=PARIS),
                     canal="telephone")  # fmt: skip
    assert "heure_non_autorisee" in codes(appel)


def test_procedure_collective_refuse_la_reclamation(jur: Jurisprudence, pol: Politique) -> None:
    # L622-21: no action in payment; the claim is declared to the mandataire instead.
    pc = {"type": "redressement_judiciaire", "jugement_le": "2026-05-04",
          "publication_bodacc_le": "2026-05-20"}  # fmt: skip
    d = dossier(
        debiteur={"procedure_collective": pc},
        paiements=[{"date": "2026-03-03", "montant": "1000.00"}],
    )
    decision = reclamer(d, pol, jur)
    assert codes(decision) == ["procedure_collective"] and decision.avertissements == ()


def test_frequence_comptee(jur: Jurisprudence, pol: Politique) -> None:
    # The claim is a real contact: the limits count it like any other. Default: at most
    # 2 contacts a day, all channels (the journal already holds two on 1 July).
    assert pol.tous_canaux[1].nombre == 2 and pol.tous_canaux[1].jours == 1
    journal = [
        Contact(le=datetime(2026, 7, 1, 9, i, tzinfo=PARIS), canal="email", objet="x")
        for i in range(2)
    ]
    decision = verifier(exemple_03(), "courrier", MERCREDI, journal, pol, jur,
                        objet="reclamation_accessoires")  # fmt: skip
    assert codes(decision) == ["frequence_globale"]
    assert decision.avertissements[0].code == "accessoires_restants"


@pytest.mark.parametrize("paye_le", ["2026-01-30", "2026-02-01"])
def test_paye_a_temps_rien_a_reclamer(jur: Jurisprudence, pol: Politique, paye_le: str) -> None:
    # Due 01/02/2026, paid on or before the due date: no penalty, no indemnity (D441-5).
    d = dossier(paiements=[{"date": paye_le, "montant": "1000.00"}])
    decision = reclamer(d, pol, jur)
    assert not decision.autorise and codes(decision) == ["dossier_solde"]
    assert decision.motifs[0].message == (
        "Rien à réclamer : le principal des factures est payé et le décompte au 01/07/2026 ne "
        "trouve ni pénalité, ni intérêt, ni indemnité restant dus."
    )
    assert decision.motifs[0].legal and decision.prochain_creneau is None


def test_taux_non_publie_refus_qui_nomme_la_serie(jur: Jurisprudence, pol: Politique) -> None:
    # Due 15/06/2026, paid 20/07/2026: July's penalties need the ECB rate on 1 July 2026,
    # which the shipped data do not know. No amount is guessed, the claim waits.
    d = dossier(
        factures=[{"numero": "F1", "date_emission": "2026-05-16", "date_echeance": "2026-06-15",
                   "montant_ttc": "1000.00"}],
        paiements=[{"date": "2026-07-20", "montant": "1000.00"}],
    )  # fmt: skip
    decision = reclamer(d, pol, jur, le=datetime(2026, 7, 31, 10, 0, tzinfo=PARIS))
    [motif] = decision.motifs
    assert not decision.autorise and motif.code == "accessoires_non_calculables"
    assert motif.message.startswith(
        "Principal des factures payé : les accessoires de retard restant dus ne peuvent pas "
        "encore être calculés au 31/07/2026, faute de donnée juridique (la série "
        "« taux_bce_refinancement »"
    )
    assert "2026-07-01" in motif.message and "€" not in motif.message
    assert motif.message.endswith(
        "Aucun montant n'est avancé : réclamation possible une fois la valeur ajoutée."
    )
    assert motif.legal and motif.articles == ("C. com. art. L441-10 II",)


def test_verifier_creance_prend_l_objet(jur: Jurisprudence, pol: Politique) -> None:
    # The claim-level entry point takes the objet too; without it, the old answer.
    assert verifier_creance(exemple_03(), MERCREDI.date(), pol, jur,
                            objet="reclamation_accessoires").autorise  # fmt: skip
    assert codes(verifier_creance(exemple_03(), MERCREDI.date(), pol, jur)) == ["dossier_solde"]


# --- the waiver, a transition --------------------------------------------------------------------


def test_abandon_transition(jur: Jurisprudence) -> None:
    apres = appliquer(exemple_03(), AccessoiresAbandonnes(le=date(2026, 7, 1)), date(2026, 7, 1),
                      jur)  # fmt: skip
    assert apres.etape == "solde"
    assert apres.historique[-1].motif == "accessoires de retard abandonnés le 01/07/2026"


def test_abandon_refuse_principal_du_ou_rien_a_abandonner(jur: Jurisprudence) -> None:
    le = date(2026, 7, 1)
    with pytest.raises(TransitionRefusee) as refus:
        appliquer(dossier(), AccessoiresAbandonnes(le=le), le, jur)
    assert refus.value.message == (
        "Abandon des accessoires refusé : au 01/07/2026, le principal reste dû sur F1 "
        "(1 000,00 €) ; l'abandon porte sur les accessoires de retard restant dus une fois le "
        "principal payé."
    )
    a_temps = dossier(paiements=[{"date": "2026-02-01", "montant": "1000.00"}])
    with pytest.raises(TransitionRefusee, match=r"^Rien à abandonner : le principal est payé"):
        appliquer(a_temps, AccessoiresAbandonnes(le=le), le, jur)


def test_abandon_d_un_montant_non_calculable(jur: Jurisprudence) -> None:
    # A missing rate keeps the amount unknown: the waiver covers it, nothing is guessed.
    d = dossier(
        factures=[{"numero": "F1", "date_emission": "2026-05-16", "date_echeance": "2026-06-15",
                   "montant_ttc": "1000.00"}],
        paiements=[{"date": "2026-07-20", "montant": "1000.00"}],
    )  # fmt: skip
    le = date(2026, 7, 31)
    assert appliquer(d, AccessoiresAbandonnes(le=le), le, jur).etape == "solde"


# --- the store, end to end -----------------------------------------------------------------------


def _ecrire(chemin: Path, d: dict[str, Any]) -> Path:
    chemin.write_text(yaml.safe_dump(d, allow_unicode=True), "utf-8")
    return chemin


def _plan(capsys: pytest.CaptureFixture[str], jour: str) -> list[tuple[str, str]]:
    code, out, err = lancer(capsys, "plan", "--date", jour, "--json")
    assert code == 0, err
    return [(a["dossier"], a["etape"]) for a in json.loads(out)["actions"]]


def test_reclamation_enregistree_puis_plus_d_etape(
    capsys: pytest.CaptureFixture[str], depot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    horloge(monkeypatch, "2026-07-01T10:01")  # the contacts are made "now" (gated)
    assert lancer(capsys, "importer", str(EXEMPLES / "03_personne_publique.yaml"))[0] == 0
    assert ("D-2026-003", "accessoires_restants") in _plan(capsys, "2026-07-01")
    # verifier, fast path (plain sqlite3 on a store at the current revision).
    code, out, _ = lancer(capsys, "verifier", "D-2026-003", "--canal", "courrier", "--objet",
                          "reclamation_accessoires", "--le", "2026-07-01T10:00",
                          "--json")  # fmt: skip
    decision = json.loads(out)
    assert code == 0 and decision["autorise"] is True and decision["motifs"] == []
    assert decision["avertissements"][0]["message"] == NOTE_03
    code, out, _ = lancer(capsys, "verifier", "D-2026-003", "--canal", "courrier",
                          "--le", "2026-07-01T10:00")  # fmt: skip
    assert code == 3 and "[dossier_solde]" in out
    # The same with objet relance_1 is refused by the law: nothing recorded.
    code, out, err = lancer(capsys, "contact", "D-2026-003", "--canal", "courrier", "--objet",
                            "relance_1", "--le", "2026-07-01T10:00", "--json")  # fmt: skip
    assert code == 3
    assert [m["code"] for m in json.loads(out)["decision"]["motifs"]] == ["dossier_solde"]
    assert compter(str(depot), "contacts") == 0
    # The claim, re-checked in the recording transaction: allowed and recorded.
    code, out, err = lancer(capsys, "contact", "D-2026-003", "--canal", "courrier", "--objet",
                            "reclamation_accessoires", "--le", "2026-07-01T10:00")  # fmt: skip
    assert code == 0, err
    assert out == (
        f"Contact n° 1 enregistré pour D-2026-003.\n  note : [accessoires_restants] {NOTE_03}\n"
    )
    assert compter(str(depot), "contacts") == 1
    assert "D-2026-003" not in [d for d, _ in _plan(capsys, "2026-07-02")]


def test_verifier_en_depot_passe_l_objet(url_depot: str, jur: Jurisprudence,
                                         pol: Politique) -> None:  # fmt: skip
    """The regular store path (PostgreSQL, or SQLite when the fast path steps aside)."""
    from escalade.stockage import depot as stockage
    from escalade.stockage.journal import verifier_en_depot
    from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture

    m = moteur(url_depot)
    with transaction_ecriture(m) as conn:
        stockage.importer(conn, [exemple_03()], datetime(2026, 6, 30, 9, tzinfo=PARIS))
    with transaction_lecture(m) as conn:
        oui = verifier_en_depot(conn, "D-2026-003", "courrier", MERCREDI, pol, jur,
                                objet="reclamation_accessoires")  # fmt: skip
        non = verifier_en_depot(conn, "D-2026-003", "courrier", MERCREDI, pol, jur)
    assert oui.autorise and oui.avertissements[0].message == NOTE_03
    assert codes(non) == ["dossier_solde"]


def test_contact_taux_non_publie_refuse(
    capsys: pytest.CaptureFixture[str], depot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    horloge(monkeypatch, "2026-07-31T10:01")  # the contacts are made "now" (gated)
    facture = {"numero": "FA-1", "date_emission": "2026-05-16", "date_echeance": "2026-06-15",
               "montant_ttc": "1200.00"}  # fmt: skip
    paiement = {"date": "2026-07-20", "montant": "1200.00"}
    f = _ecrire(tmp_path / "s.yaml", donnees(factures=[facture], paiements=[paiement]))
    assert lancer(capsys, "importer", str(f))[0] == 0
    code, out, err = lancer(capsys, "contact", "S-001", "--canal", "courrier", "--objet",
                            "reclamation_accessoires", "--le", "2026-07-31T10:00")  # fmt: skip
    assert code == 3 and "[accessoires_non_calculables]" in out
    assert "« taux_bce_refinancement »" in out
    assert "refus légal : aucune dérogation possible" in err
    # A legal refusal: --forcer cannot pass it.
    code, _, _ = lancer(capsys, "contact", "S-001", "--canal", "courrier", "--objet",
                        "reclamation_accessoires", "--le", "2026-07-31T10:00", "--forcer",
                        "--motif", "urgence")  # fmt: skip
    assert code == 3 and compter(str(depot), "contacts") == 0


def test_abandon_enregistre_hors_controle_et_journalise(
    capsys: pytest.CaptureFixture[str], depot: Path
) -> None:
    assert lancer(capsys, "importer", str(EXEMPLES / "03_personne_publique.yaml"))[0] == 0
    # Sunday 5 July 2026: no contact is allowed that day, but a waiver is not a contact.
    # Principal paid first on 16/03/2026, no interest after it: 363,06 + 40,00 = 403,06.
    args = ("abandon-accessoires", "D-2026-003", "--date", "2026-07-05", "--le", "2026-07-05",
            "--motif", "geste commercial", "--operateur", "alice")  # fmt: skip
    code, out, err = lancer(capsys, *args, "--json")
    assert code == 0, err
    r = json.loads(out)
    assert (r["deja_enregistre"], r["montant"], r["non_calculable"]) == (False, "403.06", None)
    assert r["dossiers"] == [{"dossier": "D-2026-003", "etape_avant": None, "etape": "solde"}]
    assert compter(str(depot), "contacts") == 0  # the contact journal is untouched
    assert "D-2026-003" not in [d for d, _ in _plan(capsys, "2026-07-06")]
    code, out, _ = lancer(capsys, "journal", "D-2026-003", "--json")
    audit = [e for e in json.loads(out)["evenements"] if e["action"] == "abandon_accessoires"]
    assert [(e["operateur"], e["detail"]) for e in audit] == [
        ("alice", "accessoires de retard abandonnés au 05/07/2026, 403,06 € selon le décompte : "
                  "geste commercial")
    ]  # fmt: skip
    # Recorded twice: nothing duplicated, not even the audit line.
    code, out, _ = lancer(capsys, *args)
    assert code == 0
    assert out == "Abandon des accessoires déjà enregistré pour D-2026-003 (aucun doublon créé).\n"
    assert compter(str(depot), "audit") == 1


def test_abandon_montant_non_calculable_journalise(
    capsys: pytest.CaptureFixture[str], depot: Path, tmp_path: Path
) -> None:
    # July's penalties need the ECB rate on 1 July 2026: the waiver is recorded, the amount
    # is not guessed, the audit line names the missing series.
    facture = {"numero": "FA-1", "date_emission": "2026-05-16", "date_echeance": "2026-06-15",
               "montant_ttc": "1200.00"}  # fmt: skip
    paiement = {"date": "2026-07-20", "montant": "1200.00"}
    f = _ecrire(tmp_path / "s.yaml", donnees(factures=[facture], paiements=[paiement]))
    assert lancer(capsys, "importer", str(f))[0] == 0
    code, out, err = lancer(capsys, "abandon-accessoires", "S-001", "--date", "2026-07-31",
                            "--le", "2026-07-31", "--motif", "client historique")  # fmt: skip
    assert code == 0, err
    assert out.startswith(
        "Abandon des accessoires enregistré pour S-001 (montant non calculable à ce jour, faute "
        "de donnée juridique) : étape aucune → solde ; inscrit au journal d'audit.\n"
        "  donnée manquante : la série « taux_bce_refinancement »"
    )
    code, out, _ = lancer(capsys, "journal", "S-001", "--json")
    [audit] = [e for e in json.loads(out)["evenements"] if e["action"] == "abandon_accessoires"]
    assert audit["detail"].startswith(
        "accessoires de retard abandonnés au 31/07/2026, montant non calculable (la série "
        "« taux_bce_refinancement »"
    )
    assert audit["detail"].endswith("(valeur non publiée ou non confirmée)) : client historique")
    assert _plan(capsys, "2026-07-31") == []


def test_abandon_refuse_sans_rien_ecrire(
    capsys: pytest.CaptureFixture[str], depot: Path, tmp_path: Path
) -> None:
    lancer(capsys, "importer", str(_ecrire(tmp_path / "s.yaml", donnees())))
    code, _, err = lancer(capsys, "abandon-accessoires", "S-001", "--date", "2026-07-01",
                          "--le", "2026-07-01", "--motif", "geste")  # fmt: skip
    assert code == 2
    assert "le principal reste dû sur FA-1 (1 200,00 €)" in err
    code, _, err = lancer(capsys, "abandon-accessoires", "S-001", "--date", "2026-07-01",
                          "--motif", " ")  # fmt: skip
    assert code == 2 and "demande un motif écrit" in err
    assert (compter(str(depot), "audit"), compter(str(depot), "historique")) == (0, 0)


def test_abandon_sur_un_dossier_rouvert(capsys: pytest.CaptureFixture[str], depot: Path,
                                        tmp_path: Path) -> None:  # fmt: skip
    """A waived dossier that a file re-import reopens (its étape given) stays without the step."""
    paye_tard = [{"date": "2026-04-02", "montant": "1200.00"}]  # due 31/03/2026
    f = _ecrire(tmp_path / "s.yaml", donnees(paiements=paye_tard, etape="relance_1"))
    assert lancer(capsys, "importer", str(f))[0] == 0
    assert _plan(capsys, "2026-06-30") == [("S-001", "accessoires_restants")]
    code, out, err = lancer(capsys, "abandon-accessoires", "S-001", "--date", "2026-06-30",
                            "--le", "2026-06-30", "--motif", "montant minime")  # fmt: skip
    # 01/04-02/04, 2 days: 1 200 × 12,15 % × 2 / 365 = 0,80, paid first; 03/04-30/06,
    # 89 days: 0,80 × 12,15 % × 89 / 365 = 0,02; + 40,00 + 0,80 of principal = 40,82.
    assert code == 0, err
    assert out == (
        "Abandon des accessoires enregistré pour S-001 (40,82 € selon le décompte au "
        "30/06/2026) : étape relance_1 → solde ; inscrit au journal d'audit.\n"
    )
    assert _plan(capsys, "2026-06-30") == []
    assert lancer(capsys, "importer", str(f))[0] == 0  # back to relance_1: open again
    assert _plan(capsys, "2026-06-30") == []
