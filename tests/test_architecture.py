"""The package's layers (ARCHITECTURE.md): imports go one way, top to bottom, with no cycle.

Every `import` and `from ... import` of every module of `escalade/` is read with `ast`, those
inside functions too (a local import is still a dependency), and checked against the order of
the layers. A module may import from its own layer or from the layers below it, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAQUET = Path(__file__).resolve().parents[1] / "escalade"

# Bottom to top: each layer may import only from itself and the layers before it.
COUCHES = (
    "droit",
    "entrees",
    "rgpd",
    "recouvrement",
    "procedures",
    "documents",
    "pilotage",
    "stockage",
    "serveur",
    "cli",
)
LIMITE_LIGNES = 400


def _nom(chemin: Path) -> str:
    parties = chemin.relative_to(PAQUET.parent).with_suffix("").parts
    return ".".join(parties[:-1] if parties[-1] == "__init__" else parties)


def _modules() -> dict[str, Path]:
    return {
        _nom(p): p for p in PAQUET.rglob("*.py") if "migrations" not in p.relative_to(PAQUET).parts
    }


MODULES = _modules()


def _importes(nom: str, chemin: Path) -> set[str]:
    paquet = nom if chemin.name == "__init__.py" else nom.rpartition(".")[0]
    cibles: set[str] = set()
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.Import):
            cibles.update(a.name for a in noeud.names)
        elif isinstance(noeud, ast.ImportFrom):
            if noeud.level:
                base = paquet.split(".")[: len(paquet.split(".")) - noeud.level + 1]
                module = ".".join([*base, *([noeud.module] if noeud.module else [])])
            else:
                module = noeud.module or ""
            for alias in noeud.names:
                complet = f"{module}.{alias.name}"
                cibles.add(complet if complet in MODULES else module)
    return {c for c in cibles if c in MODULES and c != nom}


GRAPHE = {nom: _importes(nom, chemin) for nom, chemin in MODULES.items()}


def _couche(nom: str) -> int | None:
    parties = nom.split(".")
    if len(parties) < 2 or parties[1] not in COUCHES:
        return None
    return COUCHES.index(parties[1])


def test_chaque_module_est_dans_une_couche() -> None:
    hors = sorted(n for n in MODULES if n != "escalade" and _couche(n) is None)
    assert hors == [], f"modules hors des couches de ARCHITECTURE.md : {hors}"


def test_aucune_couche_n_importe_une_couche_superieure() -> None:
    montantes = []
    for nom, cibles in GRAPHE.items():
        bas = _couche(nom)
        for cible in cibles:
            haut = _couche(cible)
            if bas is not None and haut is not None and haut > bas:
                montantes.append(f"{nom} -> {cible}")
    assert sorted(montantes) == []


def test_le_droit_n_importe_rien_du_reste() -> None:
    hors_droit = [
        f"{nom} -> {cible}"
        for nom, cibles in GRAPHE.items()
        if nom.startswith("escalade.droit")
        for cible in cibles
        if not cible.startswith("escalade.droit")
    ]
    assert hors_droit == []


def _cycles(graphe: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    bas: dict[str, int] = {}
    pile: list[str] = []
    sur_pile: set[str] = set()
    composantes: list[list[str]] = []

    def visiter(v: str) -> None:
        index[v] = bas[v] = len(index)
        pile.append(v)
        sur_pile.add(v)
        for w in graphe[v]:
            if w not in index:
                visiter(w)
                bas[v] = min(bas[v], bas[w])
            elif w in sur_pile:
                bas[v] = min(bas[v], index[w])
        if bas[v] == index[v]:
            composante = []
            while True:
                w = pile.pop()
                sur_pile.discard(w)
                composante.append(w)
                if w == v:
                    break
            if len(composante) > 1:
                composantes.append(sorted(composante))

    for v in sorted(graphe):
        if v not in index:
            visiter(v)
    return composantes


def test_aucun_cycle_d_imports() -> None:
    assert _cycles(GRAPHE) == []


def test_le_detecteur_voit_un_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("nom", sorted(MODULES))
def test_aucun_module_ne_depasse_400_lignes(nom: str) -> None:
    lignes = len(MODULES[nom].read_text(encoding="utf-8").splitlines())
    assert lignes <= LIMITE_LIGNES, f"{MODULES[nom]} : {lignes} lignes"


def test_plus_aucun_ancien_module_au_sommet() -> None:
    au_sommet = sorted(p.name for p in PAQUET.glob("*.py") if p.name != "__init__.py")
    assert au_sommet == []
