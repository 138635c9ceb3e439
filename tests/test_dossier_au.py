"""Issue 17 items 11 and 12: a command's --date sees the dossier as it stood that day, and a
collective proceeding's past deadlines are said to be past."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import EXEMPLES
from stockage_commun import donnees, lancer

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.dossier_au import dossier_au
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.conformite import verifier_creance
from escalade.recouvrement.plan import planifier
from escalade.recouvrement.politique import politique_par_defaut

# 1300 EUR on 2 June pay the 1200 EUR invoice due 31 March and its penalties (BCE 2.15 % +
# 10 points = 12.15 % over 63 days, 1 April to 2 June: 25.17 EUR).
PAYE_LE_2_JUIN = {"paiements": [{"date": "2026-06-02", "montant": "1300.00", "facture": "FA-1"}]}


def _fichier(tmp_path: Path, nom: str, **changements: object) -> Path:
    chemin = tmp_path / nom
    chemin.write_text(yaml.safe_dump(donnees(**changements), allow_unicode=True), "utf-8")
    return chemin


def test_dossier_au_oublie_ce_qui_suit_la_date() -> None:
    # Example 02: reminders on 9 and 20 January 2026, mise en demeure sent 27 February,
    # received 2 March.
    d = charger_fichier(EXEMPLES / "02_b2c_mise_en_demeure.yaml")[0]
    au_15_janvier = dossier_au(d, date(2026, 1, 15))
    assert [c.objet for c in au_15_janvier.contacts] == ["relance_1"]
    assert au_15_janvier.mise_en_demeure is None
    au_28_fevrier = dossier_au(d, date(2026, 2, 28))
    med = au_28_fevrier.mise_en_demeure
    assert med is not None and med.envoyee_le == date(2026, 2, 27) and med.recue_le is None
    assert dossier_au(d, date(2026, 3, 2)) is d  # nothing after 2 March: no copy at all
    assert d.mise_en_demeure is not None and d.mise_en_demeure.recue_le == date(2026, 3, 2)


def test_plan_ignore_la_mise_en_demeure_posterieure(capsys, depot: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    med = {"envoyee_le": "2026-07-02", "recue_le": "2026-07-04", "delai_jours": 8}
    lancer(capsys, "importer", str(_fichier(tmp_path, "s.yaml", mise_en_demeure=med)))
    code, out, err = lancer(capsys, "plan", "--date", "2026-06-30", "--json")
    assert code == 0, err
    # Due 31 March, occasional debtor, no contact known on 30 June: the first reminder,
    # late (J+1 = 1 April), not the follow-up of a letter sent two days later.
    [action] = json.loads(out)["actions"]
    assert (action["etape"], action["date"]) == ("relance_1", "2026-06-30")
    code, out, _ = lancer(capsys, "plan", "--date", "2026-07-20", "--json")
    # On 20 July the letter counts: received 4 July, 8 days, deadline 12 July (a Sunday,
    # extended to Monday 13 July): the route from then.
    assert json.loads(out)["actions"][0]["etape"] == "petites_creances"  # 1200 EUR: under the cap


def test_decompte_verifier_lettre_a_une_date_anterieure_au_paiement(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _fichier(tmp_path, "s.yaml", **PAYE_LE_2_JUIN)
    code, out, _ = lancer(capsys, "decompte", str(f), "--date", "2026-06-01", "--json")
    assert code == 0 and json.loads(out)["principal"] == "1200.00"
    code, out, _ = lancer(capsys, "decompte", str(f), "--date", "2026-06-03", "--json")
    assert code == 0 and json.loads(out)["principal"] == "0.00"
    # Monday 1 June 10:00: the payment of 2 June is unknown, the reminder is allowed.
    code, out, _ = lancer(capsys, "verifier", str(f), "--canal", "email", "--le",
                          "2026-06-01T10:00", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["autorise"] is True
    code, out, _ = lancer(capsys, "verifier", str(f), "--canal", "email", "--le",
                          "2026-06-03T10:00", "--json")  # fmt: skip
    assert code == 3 and "solde" in json.dumps(json.loads(out)["motifs"])
    sortie = tmp_path / "lettres"
    code, _, err = lancer(capsys, "lettre", str(f), "--modele", "relance_1", "--sortie",
                          str(sortie), "--date", "2026-06-01")  # fmt: skip
    assert code == 0, err
    assert [p.suffix for p in sortie.iterdir()] == [".pdf"]
    code, _, err = lancer(capsys, "lettre", str(f), "--modele", "relance_1", "--sortie",
                          str(tmp_path / "apres"), "--date", "2026-06-03")  # fmt: skip
    assert code == 3, err


@pytest.mark.parametrize(
    ("le", "present", "absent"),
    [
        (date(2026, 6, 1), "au plus tard le 20/07/2026", "expiré"),
        (date(2026, 9, 1), "délai de déclaration expiré le 20/07/2026 (deux mois à compter de "
         "la publication au BODACC du 20/05/2026) ; relevé de forclusion à demander au "
         "juge-commissaire au plus tard le 20/11/2026", "également"),
        (date(2026, 12, 3), "délai de déclaration expiré le 20/07/2026 (deux mois à compter de "
         "la publication au BODACC du 20/05/2026) ; délai du relevé de forclusion également "
         "expiré le 20/11/2026", "au plus tard"),
    ],
)  # fmt: skip
def test_procedure_collective_delais_passes(jur: Jurisprudence, le: date, present: str,
                                            absent: str) -> None:  # fmt: skip
    # Example 05: BODACC publication 20 May 2026; two months: 20 July; relevé de forclusion
    # six months from the publication: 20 November 2026 (C. com. L622-26).
    d = charger_fichier(EXEMPLES / "05_procedure_collective.yaml")[0]
    pol = politique_par_defaut(jur)
    a = planifier(d, le, pol, jur)
    assert a is not None and a.etape == "declaration_creance"
    assert present in a.motif and absent not in a.motif
    [motif] = verifier_creance(d, le, pol, jur).motifs
    assert present in motif.message and absent not in motif.message
