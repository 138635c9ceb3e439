"""The email of a reminder: a short text and HTML body, the letter as a PDF/A attachment.

The bodies come from editable templates in `modeles_lettres/` (`courriel_<document>.txt`
and `courriel_<document>.html`, else `courriel.txt` / `courriel.html`), rendered with the
letter's own context (`escalade.documents.contextes.construire`): the same amounts, invoices
and payment details as the attached letter. The text template is not HTML-escaped; the HTML
one is. Pure apart from rendering: the date, the sender and the Message-ID are parameters,
sending is `escalade.stockage.smtp`'s business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from escalade.documents.catalogue import canonique, decouper
from escalade.documents.contextes import construire
from escalade.documents.emplacement_modeles import dossier_modeles
from escalade.documents.environnement import FILTRES
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier


@dataclass(frozen=True)
class Courriel:
    dossier: str
    modele: str
    destinataire: str
    message_id: str
    message: EmailMessage
    nom_pdf: str
    pdf: bytes


def destinataire(dossier: Dossier) -> str | None:
    """The debtor's email, else the first contact person's who has one."""
    d = dossier.debiteur
    if d.email:
        return d.email
    return next((i.email for i in d.interlocuteurs if i.email), None)


@lru_cache(maxsize=1)
def _environnement() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(dossier_modeles())),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTRES)
    return env


def gabarit(modele: str, extension: str) -> str:
    """The body template of `modele` (its own, else the generic one)."""
    base, _ = decouper(canonique(modele))
    propre = f"courriel_{modele}.{extension}"
    for nom in (propre, f"courriel_{base}.{extension}", f"courriel.{extension}"):
        if (dossier_modeles() / nom).is_file():
            return nom
    raise EntreeInvalide(
        f"modèle de courriel introuvable : {propre} (ni courriel.{extension})",
        fichier=str(dossier_modeles()),
    )


def corps(modele: str, donnees: dict[str, Any]) -> tuple[str, str]:
    """The text and the HTML body of `modele` for a letter's context."""
    env = _environnement()
    texte = env.get_template(gabarit(modele, "txt")).render(**donnees)
    html = env.get_template(gabarit(modele, "html")).render(**donnees)
    return texte, html


def composer(
    dossier: Dossier,
    modele: str,
    le: date,
    moment: datetime,
    jur: Jurisprudence,
    expediteur: str,
    message_id: str,
    pdf: bytes | None = None,
) -> Courriel:
    """The message for `dossier` (its letter rendered as PDF/A unless `pdf` is given)."""
    from escalade.documents import rendu

    a = destinataire(dossier)
    if a is None:
        raise EntreeInvalide(
            "aucune adresse électronique pour le débiteur ni ses interlocuteurs",
            champ="debiteur.email",
            fichier=dossier.reference,
        )
    contexte = construire(modele, dossier, le, jur)
    if pdf is None:
        pdf = rendu.rendre_pdf(contexte).contenu
    texte, html = corps(modele, contexte.donnees)
    nom_pdf = f"{contexte.nom_fichier}.pdf"
    m = EmailMessage()
    m["Subject"] = f"{contexte.donnees['titre']} – dossier {dossier.reference}"
    m["From"] = expediteur
    m["To"] = a
    m["Date"] = format_datetime(moment)
    m["Message-ID"] = message_id
    m["Content-Language"] = "fr"
    m.set_content(texte)
    m.add_alternative(html, subtype="html")
    m.add_attachment(pdf, maintype="application", subtype="pdf", filename=nom_pdf)
    return Courriel(dossier.reference, modele, a, message_id, m, nom_pdf, pdf)
