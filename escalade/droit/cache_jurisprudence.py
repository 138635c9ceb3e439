"""The law folder's parsed YAML, kept between runs: every command starts by loading the law.

Parsing the YAML files of `jurisprudence/` costs about 10 ms and importing PyYAML as much
again, at every start. Once parsed, the files' paths, texts and parsed data are kept in the
user's cache folder (`$XDG_CACHE_HOME/escalade/`, by default `~/.cache/escalade/`), one file
per set of law folders (the shipped one, and a project's local one), so that two projects
do not overwrite each other's cache. The next
run reads the texts again and takes the parsed data from the cache only when every path
and every text is exactly the one parsed (no date or size heuristic); the law is then
validated from that data as strictly as from the YAML (`escalade.droit.jurisprudence`).
Stored with `marshal`, which runs no code when read (unlike pickle); dates are tagged
tuples, a type YAML never gives. A missing, damaged or stale cache is parsed again and
rewritten once the whole law is valid; a cache folder that cannot be written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

# Bump when this encoding changes. The YAML reading's own code (the modules below) is
# part of the key: a cache written before it changed is ignored.
_FORMAT = "escalade/jurisprudence 1"
_LECTEURS = ("yaml_juridique.py", "lecture_yaml.py")


def fichier_cache(dossiers: Sequence[Path]) -> Path:
    """The cache file of these law folders (the shipped one, then the local one)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    noms = "\0".join(str(d.absolute()) for d in dossiers)
    empreinte = hashlib.sha256(noms.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(base) / "escalade" / f"jurisprudence-{empreinte}.marshal"


def _encoder(x: Any) -> Any:
    if isinstance(x, dict):
        return {_encoder(k): _encoder(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_encoder(v) for v in x]
    if isinstance(x, datetime):
        return ("datetime", x.isoformat())
    if isinstance(x, date):
        return ("date", x.isoformat())
    return x


def _decoder(x: Any) -> Any:
    if type(x) is dict:
        return {_decoder(k): _decoder(v) for k, v in x.items()}
    if type(x) is list:
        return [_decoder(v) for v in x]
    if type(x) is tuple:
        return date.fromisoformat(x[1]) if x[0] == "date" else datetime.fromisoformat(x[1])
    return x


def _textes(chemins: Sequence[Path]) -> dict[str, str] | None:
    """Each file's text, or None when one cannot be read (the regular reading reports it)."""
    try:
        return {str(c): c.read_text(encoding="utf-8") for c in chemins}
    except (OSError, UnicodeDecodeError):
        return None


def _cle() -> tuple[str, ...]:
    ici = Path(__file__).parent
    return (_FORMAT, *(ici.joinpath(m).read_text(encoding="utf-8") for m in _LECTEURS))


def _du_cache(fichier: Path, textes: dict[str, str]) -> dict[str, Any] | None:
    try:
        contenu = marshal.loads(fichier.read_bytes())
        cle, textes_en_cache, donnees = contenu
        if cle != _cle() or textes_en_cache != textes:
            return None
        return {nom: _decoder(d) for nom, d in donnees.items()}
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        return None


class LectureEnCache:
    """Reads the YAML files `chemins` from the cache when all their texts are unchanged.

    `dossiers`: the law folders they come from (they name the cache file); `analyser(chemin,
    texte)` parses one file (`texte` None: read it, reporting its errors).
    """

    def __init__(
        self,
        dossiers: Sequence[Path],
        chemins: Sequence[Path],
        analyser: Callable[[Path, str | None], Any],
    ):
        self._analyser = analyser
        self._fichier = fichier_cache(dossiers)
        self._textes = _textes(chemins)
        self._en_cache = None if self._textes is None else _du_cache(self._fichier, self._textes)
        self._analyses: dict[str, Any] = {}

    def lire(self, chemin: Path) -> Any:
        if self._en_cache is not None:
            return self._en_cache[str(chemin)]
        texte = None if self._textes is None else self._textes[str(chemin)]
        donnees = self._analyser(chemin, texte)
        self._analyses[str(chemin)] = _encoder(donnees)  # a copy, before any validation
        return donnees

    def retenir(self) -> None:
        """Once the whole law was read and validated: keep what was parsed for the next run."""
        if self._en_cache is not None or self._textes is None:
            return
        if set(self._analyses) != set(self._textes):
            return
        cible = self._fichier
        provisoire = cible.with_name(f"{cible.name}.{os.getpid()}")
        try:
            cible.parent.mkdir(parents=True, exist_ok=True)
            provisoire.write_bytes(marshal.dumps((_cle(), self._textes, self._analyses)))
            os.replace(provisoire, cible)  # atomic: a concurrent run reads the old or the new
        except (OSError, ValueError):
            with contextlib.suppress(OSError):  # not even written: nothing to remove
                provisoire.unlink(missing_ok=True)
