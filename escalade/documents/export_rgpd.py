"""Writing an access export (RGPD art. 15 and 20): JSON for portability, a readable PDF.

The PDF goes through WeasyPrint with the documents' sandboxed, autoescaped Jinja
environment (a name holding HTML prints as text); without WeasyPrint the same page is
written as HTML.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

GABARIT = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Données personnelles — {{ personne }}</title>
<style>
body { font-family: sans-serif; font-size: 9pt; }
h1 { font-size: 14pt; } h2 { font-size: 12pt; margin-top: 1.5em; } h3 { font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
td, th { border: 0.5pt solid #888; padding: 2pt 4pt; vertical-align: top; text-align: left; }
</style></head><body>
{% macro cellule(ligne) %}<tr><td>
{% for k, v in ligne.items() %}{% if v is not none %}
<b>{{ k }}</b> : {{ v }}<br>
{% endif %}{% endfor %}
</td></tr>{% endmacro %}
<h1>Données personnelles détenues sur « {{ personne }} »</h1>
<p>Export établi le {{ le }} en application des articles 15 (droit d'accès) et 20 (droit à
la portabilité) du RGPD. Le fichier JSON joint contient les mêmes données.</p>
{% if not comme_debiteur and not comme_interlocuteur %}
<p>Aucune donnée sur cette personne dans le dépôt.</p>
{% endif %}
{% for d in comme_debiteur %}
<h2>Dossier {{ d.reference }} (créancier : {{ d.creancier }})</h2>
<h3>Identité et coordonnées</h3>
<table>{% for k, v in d.debiteur.items() %}
<tr><th>{{ k }}</th><td>{{ v }}</td></tr>
{% endfor %}</table>
{% for partie in parties %}{% if d[partie] %}
<h3>{{ partie }}</h3>
<table>{% for ligne in d[partie] %}{{ cellule(ligne) }}{% endfor %}</table>
{% endif %}{% endfor %}
{% endfor %}
{% for i in comme_interlocuteur %}
<h2>Interlocuteur du débiteur {{ i.debiteur }} (dossier {{ i.dossier }})</h2>
<table>{% for ligne in i.interlocuteur + i.contacts %}{{ cellule(ligne) }}{% endfor %}</table>
{% endfor %}
</body></html>
"""

PARTIES = ("factures", "paiements", "avoirs", "litiges", "echeanciers", "interruptions",
           "contacts", "historique", "audit", "purges")  # fmt: skip


def _slug(texte: str) -> str:
    from escalade.rgpd.notes_sensibles import normaliser

    return re.sub(r" +", "-", normaliser(texte))[:60] or "personne"


def rendre_html(donnees: dict[str, Any], le: datetime) -> str:
    from escalade.documents.environnement import environnement

    gabarit = environnement().from_string(GABARIT)
    return gabarit.render(**donnees, le=le.strftime("%d/%m/%Y à %H:%M"), parties=PARTIES)


def ecrire_export(donnees: dict[str, Any], sortie: Path, le: datetime) -> list[Path]:
    """Write `<slug>.json` and `<slug>.pdf` (or `.html`) in `sortie`; return their paths.

    The close matches (`candidats`: other people, maybe) are never written into the export
    the data subject receives."""
    donnees = {k: v for k, v in donnees.items() if k != "candidats"}
    base = sortie / f"rgpd-{_slug(donnees['personne'])}-{le.strftime('%Y%m%d-%H%M%S')}"
    chemin_json = base.with_suffix(".json")
    chemin_json.write_text(json.dumps(donnees, ensure_ascii=False, indent=2), encoding="utf-8")
    html = rendre_html(donnees, le)
    try:
        from escalade.documents import chargement_weasyprint

        chargement_weasyprint.importer()
        from weasyprint import HTML
    except ImportError:  # no PDF engine on this machine: the readable copy is HTML
        chemin = base.with_suffix(".html")
        chemin.write_text(html, encoding="utf-8")
    else:
        chemin = base.with_suffix(".pdf")
        HTML(string=html).write_pdf(chemin)
    return [chemin_json, chemin]
