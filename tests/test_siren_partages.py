"""Issue 17 item 16: one SIREN under several debtor names is shown at import, not merged
silently (a call to one counts against the others' limits)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from stockage_commun import DOSSIER, donnees, lancer


def _fichier(tmp_path: Path, nom: str, **changements: object) -> Path:
    chemin = tmp_path / nom
    chemin.write_text(yaml.safe_dump(donnees(**changements), allow_unicode=True), "utf-8")
    return chemin


def _debiteur(nom: str) -> dict[str, object]:
    return {**DOSSIER["debiteur"], "nom": nom}


def test_meme_siren_noms_differents_signale(
    depot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _fichier(tmp_path, "a.yaml")  # Boulangerie Martin SAS, SIREN 552100554
    b = _fichier(tmp_path, "b.yaml", reference="S-002", debiteur=_debiteur("Pâtisserie Roux"))
    c = _fichier(tmp_path, "c.yaml", reference="S-003",
                 debiteur=_debiteur("BOULANGERIE MARTIN S.A.S."))  # fmt: skip
    code, out, err = lancer(capsys, "importer", str(a), str(c))
    assert code == 0 and err == ""  # same name, case and punctuation aside: nothing to say
    code, out, err = lancer(capsys, "importer", str(b), "--json")
    assert code == 0
    assert json.loads(out)["siren_partages"] == [
        {"siren": "552100554", "noms": [
            {"nom": "Boulangerie Martin SAS", "dossiers": ["S-001", "S-003"]},
            {"nom": "Pâtisserie Roux", "dossiers": ["S-002"]},
        ]}
    ]  # fmt: skip
    assert err.startswith(
        "Attention : le SIREN 552100554 désigne des débiteurs aux noms différents : "
        "« Boulangerie Martin SAS » (S-001, S-003), « Pâtisserie Roux » (S-002). Le dépôt les "
        "traite comme une seule personne"
    )
    # Importing a file that does not touch that SIREN says nothing.
    autre = {**DOSSIER["debiteur"], "siren": "404833048", "nom": "Transports Lefèvre SARL"}
    d = _fichier(tmp_path, "d.yaml", reference="S-004", debiteur=autre)
    code, _, err = lancer(capsys, "importer", str(d))
    assert code == 0 and err == ""
