"""Rendering a context: HTML → PDF/A-3b (WeasyPrint) and DOCX (docxtpl), one Jinja env.

WeasyPrint and docxtpl are imported here, inside the functions that use them, never at
start-up. WeasyPrint logs problems instead of raising them: the `weasyprint` logger is
captured and any warning or error fails the rendering (`RenduInvalide`). The décompte
(JSON, `escalade.droit.serialisation.decompte_en_dict`) is embedded in the PDF/A-3 as an
associated file ("Data" relationship).

After rendering, the text of the document is checked against the context's mandatory
mentions (and, for a consumer, forbidden ones): a template that lacks one is refused.
"""

from __future__ import annotations

import atexit
import html
import io
import json
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from escalade.documents import (
    analyse_html,
    chargement_weasyprint,
    metadonnees_pdf,
    pile_large,
    typographie,
)
from escalade.documents.catalogue import Contexte
from escalade.documents.emplacement_modeles import chemin_modele, dossier_utilisateur, logo
from escalade.documents.environnement import environnement
from escalade.droit.erreurs import ErreurEscalade
from escalade.droit.serialisation import decompte_en_dict
from escalade.droit.valeurs import PARIS

VARIANTE_PDF = "pdf/a-3b"
NIVEAU_ZLIB = 6  # zlib's default: pydyf asks for 9, ~2 ms more a letter for 0.4 % smaller files
NOM_PIECE_JOINTE = "decompte.json"
TAILLE_CACHE = 256
_ESPACES = re.compile(r"\s+")
_BALISES = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<(style|head)\b.*?</\1>", re.S | re.I)


class RenduInvalide(ErreurEscalade):
    """A document that cannot be produced as asked (template, mention, renderer): exit 2."""

    code_sortie = 2


def normaliser(texte: str) -> str:
    """Collapse every kind of space (non-breaking, narrow) and line break into one space."""
    return _ESPACES.sub(" ", texte.replace("\u202f", " ").replace("\u00a0", " ")).strip()


def texte_html(source: str) -> str:
    sans_style = _STYLE.sub(" ", source)
    return normaliser(html.unescape(_BALISES.sub(" ", sans_style)))


def texte_docx(contenu: bytes) -> str:
    """The text of a DOCX body, paragraph by paragraph (runs joined)."""
    with zipfile.ZipFile(io.BytesIO(contenu)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    paragraphes = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    textes = ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphes]
    return normaliser(html.unescape(" ".join(textes)))


def verifier_mentions(contexte: Contexte, texte: str, format_: str) -> None:
    """Refuse a rendering that lacks a mandatory mention or carries a forbidden one."""
    for m in contexte.mentions:
        if normaliser(m.texte).casefold() not in texte.casefold():
            article = f" ({m.article})" if m.article else ""
            raise RenduInvalide(
                f"le modèle « {contexte.modele} » ({format_}) ne contient pas la mention "
                f"obligatoire {m.libelle} : « {normaliser(m.texte)} »{article}",
                fichier=contexte.donnees["dossier"],
                articles=(m.article,) if m.article else (),
            )
    bas = texte.lower()
    for m in contexte.interdites:
        if m.texte.lower() in bas:
            raise RenduInvalide(
                f"le modèle « {contexte.modele} » ({format_}) contient une mention interdite "
                f"contre un consommateur : {m.libelle} ({m.article})",
                fichier=contexte.donnees["dossier"],
                articles=(m.article,) if m.article else (),
            )


def _exiger(contexte: Contexte, extension: str) -> None:
    """A variant may exist in one format only: say so rather than fail on a missing file."""
    if not chemin_modele(f"{contexte.modele}.{extension}").is_file():
        dans = "modeles_lettres/" + (
            f" ni dans {dossier_utilisateur()}/" if dossier_utilisateur() else ""
        )
        raise RenduInvalide(
            f"le modèle « {contexte.modele} » n'existe pas au format {extension.upper()} "
            f"(fichier {contexte.modele}.{extension} absent de {dans})",
            fichier=contexte.donnees["dossier"],
        )


def _avec_logo(donnees: dict[str, Any]) -> dict[str, Any]:
    """The firm's logo, when its templates folder has one: its address for the HTML."""
    chemin = logo()
    return {**donnees, "logo": chemin.as_uri() if chemin else ""}


def rendre_html(contexte: Contexte) -> str:
    from jinja2 import TemplateError

    env = environnement()
    _exiger(contexte, "html")
    try:
        modele = env.get_template(f"{contexte.modele}.html")
        source = typographie.html(modele.render(_avec_logo(contexte.donnees)))
    except TemplateError as e:
        raise RenduInvalide(
            f"modèle « {contexte.modele}.html » inutilisable : {e}",
            fichier=contexte.donnees["dossier"],
        ) from None
    verifier_mentions(contexte, texte_html(source), "HTML")
    return source


def json_decompte(contexte: Contexte) -> str:
    return json.dumps(decompte_en_dict(contexte.decompte), ensure_ascii=False, indent=2)


def _horodatage(le: date) -> datetime:
    return datetime.combine(le, time(12, 0), tzinfo=PARIS)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class PdfRendu:
    contenu: bytes
    pages: int


class _Zlib:
    """zlib as pydyf sees it, with the compression level set to `NIVEAU_ZLIB`.

    pydyf (WeasyPrint's PDF writer) compresses every stream at level 9 and has no option
    for it; at level 9 compression was a tenth of a letter's PDF writing. Only the level
    changes: the streams stay Flate-compressed and valid. If a pydyf release stops calling
    `zlib.compressobj`, this simply no longer applies.
    """

    def __getattr__(self, nom: str) -> Any:
        return getattr(zlib, nom)

    @staticmethod
    def compressobj(level: int = NIVEAU_ZLIB, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(min(level, NIVEAU_ZLIB), *args, **kwargs)


class MoteurPdf:
    """A long-lived WeasyPrint renderer: fonts, stylesheet and image cache loaded once."""

    def __init__(self) -> None:
        chargement_weasyprint.importer()  # its libraries opened without 22 searches
        import pydyf
        from weasyprint import CSS, urls
        from weasyprint.text.fonts import FontConfiguration

        if getattr(pydyf, "zlib", None) is zlib:
            pydyf.zlib = _Zlib()  # type: ignore[assignment]
        analyse_html.reparer()  # the HTML parser's regular expressions cached (~0.6 ms)

        self.polices = FontConfiguration()
        # One URL fetcher for every letter: WeasyPrint builds a new one (urllib's opener and
        # its ten handlers, ~0.2 ms) for each HTML and each attachment it is not given one.
        # (Before WeasyPrint 67 the fetcher was a plain function: None keeps it.)
        classe = getattr(urls, "URLFetcher", None)
        self.recuperateur = classe() if classe is not None else None
        # The stylesheet (the firm's, if it has one) loads its fonts relative to itself.
        feuille = chemin_modele("lettre.css")
        self.base_url = str(feuille.parent) + "/"
        self.feuilles = [CSS(filename=str(feuille), font_config=self.polices)]
        self.cache: dict[str, Any] = {}
        self.capture = _Capture()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self.capture)
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)

    def rendre(self, contexte: Contexte) -> PdfRendu:
        # Jinja's and WeasyPrint's recursion in one large frame-stack chunk (pile_large).
        return pile_large.appeler(self._rendre, contexte)

    def _rendre(self, contexte: Contexte) -> PdfRendu:
        from weasyprint import HTML, Attachment

        source = rendre_html(contexte)
        le = contexte.donnees["le"]
        piece = Attachment(
            string=json_decompte(contexte),
            name=NOM_PIECE_JOINTE,
            description="Décompte de créance (JSON)",
            created=_horodatage(le),
            modified=_horodatage(le),
            relationship="Data",
            url_fetcher=self.recuperateur,
        )
        self.capture.messages.clear()
        if len(self.cache) > TAILLE_CACHE:  # each QR code is a new image: keep memory flat
            self.cache.clear()
        corps, metadonnees = metadonnees_pdf.separer(source)  # the same, without its <meta>
        document = HTML(string=corps, base_url=self.base_url, url_fetcher=self.recuperateur).render(
            font_config=self.polices, stylesheets=self.feuilles, cache=self.cache
        )
        metadonnees_pdf.appliquer(document.metadata, metadonnees)
        contenu = document.write_pdf(
            pdf_variant=VARIANTE_PDF, attachments=[piece], pdf_identifier=True
        )
        if self.capture.messages:
            raise RenduInvalide(
                f"WeasyPrint a signalé un problème dans « {contexte.modele} » : "
                + " ; ".join(dict.fromkeys(self.capture.messages)),
                fichier=contexte.donnees["dossier"],
            )
        assert contenu is not None
        return PdfRendu(contenu, len(document.pages))


_MOTEUR: MoteurPdf | None = None


def moteur_pdf() -> MoteurPdf:
    """The process's renderer (one per process: batch workers build theirs once)."""
    global _MOTEUR
    if _MOTEUR is None:
        _MOTEUR = MoteurPdf()
        atexit.register(_liberer)  # before the interpreter tears WeasyPrint's modules down
    return _MOTEUR


def _liberer() -> None:
    global _MOTEUR
    _MOTEUR = None


def liberer_moteur() -> None:
    """Forget the process's renderer: the next one reads the stylesheet again (another
    templates folder was chosen)."""
    _liberer()


def rendre_pdf(contexte: Contexte) -> PdfRendu:
    return moteur_pdf().rendre(contexte)


def contexte_docx(contexte: Contexte, modele_docx: Any) -> dict[str, Any]:
    """The shared context, with the QR code as an image the DOCX can hold."""
    donnees = dict(contexte.donnees)
    chemin = logo()
    if chemin is not None:
        from docx.shared import Mm
        from docxtpl import InlineImage

        donnees["logo"] = InlineImage(modele_docx, str(chemin), height=Mm(15))
    else:
        donnees["logo"] = ""
    if donnees["qr"]:
        from docx.shared import Mm
        from docxtpl import InlineImage

        from escalade.documents.qr import png

        donnees["qr"] = InlineImage(modele_docx, io.BytesIO(png(donnees["qr"])), width=Mm(30))
    return donnees


def _typographie_docx(contenu: bytes) -> bytes:
    """The DOCX with French typography in its body's text runs (`typographie`)."""
    sortie = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(contenu)) as entree,
        zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in entree.infolist():
            donnees = entree.read(info)
            if info.filename == "word/document.xml":
                donnees = typographie.xml_docx(donnees.decode("utf-8")).encode("utf-8")
            z.writestr(info, donnees)
    return sortie.getvalue()


def rendre_docx(contexte: Contexte) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    _exiger(contexte, "docx")
    chemin = chemin_modele(f"{contexte.modele}.docx")
    modele = DocxTemplate(str(chemin))
    try:
        modele.render(contexte_docx(contexte, modele), jinja_env=environnement(), autoescape=True)
    except TemplateError as e:
        raise RenduInvalide(
            f"modèle « {chemin.name} » inutilisable : {e}", fichier=contexte.donnees["dossier"]
        ) from None
    sortie = io.BytesIO()
    modele.save(sortie)
    contenu = _typographie_docx(sortie.getvalue())
    verifier_mentions(contexte, texte_docx(contenu), "DOCX")
    return contenu
