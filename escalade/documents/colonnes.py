"""Tables of a letter as lines of aligned text: one block per row, not an HTML table.

WeasyPrint lays an HTML table out cell by cell (a computed style, a box and a block
layout for each cell): on a one-page reminder the invoice table cost ~11 ms of the
~35 ms of layout, the largest single cost of a batch. Here each row is one line of text
and the columns are placed with spacing characters (em, figure, en, no-break, thin and
hair spaces) whose advances are read from the shipped font, so each cell starts (left
columns) or ends (amount columns) at its column's position to within ~0.1 pt (0.05 mm
for gaps of two ems or more, never more than half a hair space). The rows set
`font-kerning: none` and `font-variant-ligatures: none` (lettre.css), so a line's width
is exactly the sum of its glyphs' advances. Text extraction reads the cells row by row,
in order.

When a row would not fit the width, or a character is missing from the font, `aligner`
returns None and the template prints its HTML table instead: never a cut or an overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from markupsafe import Markup

from escalade.documents.emplacement_modeles import dossier_modeles

# The faces lettre.css declares for "Escalade Serif" (normal and bold): a test keeps them
# in step with the stylesheet.
POLICES: Final[dict[bool, str]] = {False: "DejaVuSerif.ttf", True: "DejaVuSerif-Bold.ttf"}
ESPACES: Final = "\u2003\u2007\u2002\u00a0\u2009\u200a"  # em, figure, en, nbsp, thin, hair
MM_PAR_PT: Final = 25.4 / 72


@dataclass(frozen=True)
class _Police:
    avances: dict[int, int]  # code point -> advance (font units)
    unites_em: int
    blancs: tuple[str, ...]  # blancs[u]: spacing characters closest to u units (u < limit)

    def largeur(self, texte: str) -> int | None:
        try:
            return sum(self.avances[ord(c)] for c in texte)
        except KeyError:
            return None

    def blanc(self, unites: int) -> tuple[str, int]:
        """Spacing characters about `unites` wide, and their exact width (font units)."""
        if unites <= 0:
            return "", 0
        em = self.unites_em
        cadratins = max(0, (unites - len(self.blancs)) // em + 1)
        reste = unites - cadratins * em
        texte = "\u2003" * cadratins + self.blancs[reste]
        largeur = self.largeur(texte)
        assert largeur is not None
        return texte, largeur


@lru_cache(maxsize=2)
def police(gras: bool) -> _Police:
    from fontTools.ttLib import TTFont

    f = TTFont(str(dossier_modeles() / "polices" / POLICES[gras]), lazy=True)
    metriques = f["hmtx"].metrics
    avances = {c: metriques[g][0] for c, g in f.getBestCmap().items()}
    unites_em = f["head"].unitsPerEm
    return _Police(avances, unites_em, _blancs(avances, 3 * unites_em))


def _blancs(avances: dict[int, int], limite: int) -> tuple[str, ...]:
    """For each width below `limite`, the nearest sum of spacing characters (exact when
    one exists, with the fewest characters), by dynamic programming over the widths."""
    tailles = [(avances[ord(c)], c) for c in ESPACES if ord(c) in avances]
    atteint: list[str | None] = [None] * limite
    atteint[0] = ""
    for u in range(1, limite):
        candidats = [
            precedent + c
            for largeur, c in tailles
            if largeur <= u and (precedent := atteint[u - largeur]) is not None
        ]
        atteint[u] = min(candidats, key=len, default=None)  # fewest characters
    return tuple(_plus_proche(atteint, u) for u in range(limite))


def _plus_proche(atteint: list[str | None], u: int) -> str:
    for ecart in range(len(atteint)):
        for v in (u - ecart, u + ecart):  # below first on a tie
            if 0 <= v < len(atteint) and (texte := atteint[v]) is not None:
                return texte
    return ""


def _texte(cellule: object) -> str:
    # Jinja's `~` and `join` hand escaped Markup over: measure and return the real text
    # (the template escapes it again on output).
    return str(cellule.unescape()) if isinstance(cellule, Markup) else str(cellule)


def aligner(
    lignes: Sequence[Sequence[object]],
    alignements: str,
    gras: Sequence[int] = (),
    largeur_mm: float = 169.6,
    taille_pt: float = 8.0,
    ecart_min_mm: float = 2.4,
) -> list[str] | None:
    """Rows of cells as lines of text whose columns line up.

    `alignements` has one letter per column: "g" (left) or "d" (right, for amounts);
    `gras` lists the rows set in bold (negative indices count from the end). The columns
    take the full `largeur_mm` (extra room is shared between the gaps), as the HTML table
    of the same width did. None when the rows do not fit, or a character is not in the
    font: the caller then falls back to its HTML table.
    """
    n = len(alignements)
    if not lignes or any(len(ligne) != n for ligne in lignes):
        raise ValueError("chaque ligne doit avoir une cellule par colonne")
    en_gras = {i % len(lignes) for i in gras}
    textes = [[_texte(c) for c in ligne] for ligne in lignes]
    largeurs: list[list[int]] = []
    for i, ligne in enumerate(textes):
        p = police(i in en_gras)
        mesures = [p.largeur(c) for c in ligne]
        if any(m is None for m in mesures):
            return None
        largeurs.append([m or 0 for m in mesures])
    unites_em = police(False).unites_em
    par_mm = unites_em / (taille_pt * MM_PAR_PT)  # font units per millimetre
    colonnes = [max(ligne[k] for ligne in largeurs) for k in range(n)]
    place = largeur_mm * par_mm - sum(colonnes)
    if n > 1 and place < ecart_min_mm * par_mm * (n - 1):
        return None
    ecart = place / (n - 1) if n > 1 else 0.0
    debuts = [sum(colonnes[:k]) + k * ecart for k in range(n)]
    resultat = []
    for i, (ligne, tailles) in enumerate(zip(textes, largeurs, strict=True)):
        p = police(i in en_gras)
        plume, morceaux = 0, []
        for k, (cellule, largeur) in enumerate(zip(ligne, tailles, strict=True)):
            if not cellule:
                continue
            cible = debuts[k] + (colonnes[k] - largeur if alignements[k] == "d" else 0)
            blanc, avance = p.blanc(round(cible) - plume)
            morceaux.append(blanc + cellule)
            plume += avance + largeur
        resultat.append("".join(morceaux))
    return resultat
