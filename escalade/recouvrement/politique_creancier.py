"""The creditor's recovery policy: its YAML file when one is named, else the default policy.

Shared by the command line (`--politique`, `ESCALADE_POLITIQUE`) and the server (started
with the same option): one function, so both apply the same policy the same way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from escalade.droit.erreurs import EntreeInvalide

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.politique_modele import Politique


def politique_du_creancier(
    chemin: Path | None, jur: Jurisprudence, le: date | None = None
) -> Politique:
    if chemin is None:
        from escalade.recouvrement.politique import politique_par_defaut

        return politique_par_defaut(jur, le)
    if not chemin.exists():
        raise EntreeInvalide("fichier de politique introuvable", fichier=str(chemin))
    # the file reader (and the operators' and A/B rules it reads) only for a file
    from escalade.recouvrement.fichier_politique import charger_politique

    return charger_politique(chemin, jur)
