"""The management report as HTML or PDF/A, with its charts (rendering edge, no computation).

Charts are drawn by matplotlib (Agg backend, no display) as SVG with the text turned into
paths: the chart needs no font on the reader's machine and renders the same everywhere.
The SVG is embedded in the HTML (`modeles_lettres/rapport.html`, rendered by the letters'
shared, sandboxed Jinja environment and its French filters); WeasyPrint turns the HTML into
a PDF/A-3b with the report's declared fonts (DejaVu, shipped in `modeles_lettres/polices/`)
embedded. matplotlib and WeasyPrint are imported here only, by `escalade rapport`.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from escalade.documents.emplacement_modeles import dossier_modeles
from escalade.documents.environnement import environnement
from escalade.droit.erreurs import ErreurEscalade
from escalade.droit.format_fr import date_courte
from escalade.pilotage.definitions_indicateurs import (
    CONVENTIONS,
    DEFINITIONS,
    ETAPES_FR,
    HORIZONS,
    VOIES_FR,
)
from escalade.pilotage.ecarts_decompte import DEFINITION as DEFINITION_ECARTS
from escalade.pilotage.ecarts_decompte import EcartDecompte
from escalade.pilotage.indicateurs import Indicateurs
from escalade.pilotage.resultats_ab import ResultatAB

VARIANTE_PDF = "pdf/a-3b"
COULEUR = "#1f4e79"
MOIS_FR = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


class RapportInvalide(ErreurEscalade):
    """A report that cannot be produced (renderer problem): exit 2."""

    code_sortie = 2


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "path",  # text as paths: no font needed to read the chart
            "svg.hashsalt": "escalade",  # stable ids: the same figures give the same file
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(figure: Any) -> str:
    sortie = io.StringIO()
    figure.savefig(sortie, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(figure)
    # An <img> data URI, not inline <svg>: each chart keeps its own ids and styles (inline
    # SVGs of one page would share matplotlib's "figure_1", "patch_1"... ids).
    return "data:image/svg+xml;base64," + base64.b64encode(sortie.getvalue().encode()).decode()


def _euros(x: float, _pos: Any = None) -> str:
    return f"{x:,.0f} €".replace(",", "\u202f")


def graphique_balance(r: Indicateurs) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    libelles = ["Non échu", "1–30 j", "31–60 j", "61–90 j", "> 90 j"]
    valeurs = [float(t.montant) for t in r.balance_agee]
    ax.bar(libelles, valeurs, color=[COULEUR, "#6a9fcb", "#e0a030", "#d06020", "#a01010"])
    ax.yaxis.set_major_formatter(_euros)
    ax.set_title(f"Balance âgée au {date_courte(r.au)}", loc="left")
    return _svg(fig)


def graphique_courbe(r: Indicateurs) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    points = [(k, float(v)) for k, v in r.courbe if v is not None]
    if points:
        ax.plot([k for k, _ in points], [v for _, v in points], color=COULEUR, linewidth=1.6)
    for t in r.taux_recouvrement:
        if t.taux is not None:
            ax.scatter([t.jours], [float(t.taux)], color="#d06020", zorder=3, s=14)
    ax.set_xlim(0, 90)
    ax.set_ylim(0, 100)
    ax.set_xlabel("jours après l'échéance")
    ax.set_ylabel("% du principal payé")
    ax.set_title("Courbe de recouvrement (cohorte observée 90 jours)", loc="left")
    return _svg(fig)


def segments_dso(r: Indicateurs) -> tuple[list[str], list[list[tuple[int, float]]]]:
    """Every month's label, and the runs of consecutive months with a DSO (index, days): a
    month without one (no sales that month) breaks the line instead of being skipped, so the
    chart never joins two months across a gap."""
    etiquettes = [f"{MOIS_FR[m.au.month - 1]} {m.au.year % 100:02d}" for m in r.dso_mensuel]
    segments: list[list[tuple[int, float]]] = []
    courant: list[tuple[int, float]] = []
    for i, m in enumerate(r.dso_mensuel):
        if m.jours is None:
            if courant:
                segments.append(courant)
            courant = []
        else:
            courant.append((i, float(m.jours)))
    if courant:
        segments.append(courant)
    return etiquettes, segments


def graphique_dso(r: Indicateurs) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    etiquettes, segments = segments_dso(r)
    for segment in segments:
        ax.plot([i for i, _ in segment], [v for _, v in segment], marker="o", color=COULEUR,
                linewidth=1.6)  # fmt: skip
    ax.set_xticks(range(len(etiquettes)), etiquettes)
    if len(segments) > 1 or sum(len(x) for x in segments) < len(etiquettes):
        ax.set_title("DSO mensuel (mois sans chiffre d'affaires : non calculable, laissé vide)",
                     loc="left")  # fmt: skip
    else:
        ax.set_title("DSO mensuel", loc="left")
    ax.set_ylabel("jours")
    ax.tick_params(axis="x", labelrotation=45)
    return _svg(fig)


def contexte(
    r: Indicateurs,
    creancier: str | None,
    experiences: Sequence[ResultatAB],
    le: date,
    ecarts: tuple[Sequence[EcartDecompte], Sequence[str]] = ((), ()),
) -> dict[str, Any]:
    total_balance = sum((t.montant for t in r.balance_agee), Decimal(0))
    return {
        "r": r,
        "le": le,
        "ecarts": ecarts[0],
        "non_verifies": ecarts[1],
        "definition_ecarts": DEFINITION_ECARTS,
        "creancier": creancier,
        "total_balance": total_balance,
        "total_voies": sum(r.recouvre_par_voie.values(), Decimal(0)),
        "definitions": DEFINITIONS,
        "conventions": CONVENTIONS,
        "etapes_fr": ETAPES_FR,
        "voies_fr": VOIES_FR,
        "horizons": HORIZONS,
        "experiences": experiences,
        "graphiques": {
            "balance": graphique_balance(r),
            "courbe": graphique_courbe(r),
            "dso": graphique_dso(r),
        },
    }


def rendre_html(donnees: dict[str, Any]) -> str:
    return environnement().get_template("rapport.html").render(donnees)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def rendre_pdf(source: str) -> bytes:
    """HTML -> PDF/A-3b; a WeasyPrint warning (missing font, bad CSS) fails the report."""
    from escalade.documents import chargement_weasyprint

    chargement_weasyprint.importer()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    capture = _Capture()
    journal = logging.getLogger("weasyprint")
    journal.addHandler(capture)
    try:
        polices = FontConfiguration()
        # The stylesheet is inlined by the template (a standalone HTML file); fonts resolve
        # against modeles_lettres/.
        contenu = HTML(string=source, base_url=str(dossier_modeles()) + "/").write_pdf(
            font_config=polices, pdf_variant=VARIANTE_PDF, pdf_identifier=True
        )
    finally:
        journal.removeHandler(capture)
    if capture.messages:
        raise RapportInvalide(
            "WeasyPrint a signalé un problème dans le rapport : "
            + " ; ".join(dict.fromkeys(capture.messages))
        )
    assert contenu is not None
    return bytes(contenu)
