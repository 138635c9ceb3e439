"""Generate the DOCX templates of modeles_lettres/ (docxtpl syntax) with python-docx.

The generated .docx files are sources, committed next to this script: edit this script
and run it again (`.venv/bin/python modeles_lettres/generer_docx.py`), or edit a .docx in
Word or LibreOffice by hand. Each template uses the same context and the same Jinja
environment as its HTML twin (escalade.documents); tests check that every variable it
names is in the context and that the rendered text carries every mandatory mention.

Jinja tags are written each in a run of its own so that Word never splits them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

ICI = Path(__file__).resolve().parent
POLICE = "DejaVu Serif"
DATE_FIXE = "2026-01-01T00:00:00"  # reproducible files: no generation timestamp


def _champ(paragraphe: Any, code: str, taille: float) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph: computed by the word processor."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for type_, texte in (("begin", None), (None, code), ("end", None)):
        run = paragraphe.add_run()
        run.font.size = Pt(taille)
        if type_ is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {texte} "
            run._r.append(instr)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), type_)
            run._r.append(fld)


def nouveau(suite: str = "{{ expediteur.nom }} – Réf. {{ reference }}") -> Any:
    """A new A4 document; from page 2 on, a header repeats `suite` (sender and reference)
    and the page number (« page 2/3 »); the first page has the letterhead instead."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(18), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    style = doc.styles["Normal"]
    style.font.name = POLICE
    style.font.size = Pt(9)
    style.paragraph_format.space_after = Pt(3)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribut in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(
            f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{attribut.split(':')[1]}",
            POLICE,
        )
    props = doc.core_properties
    props.author = "escalade"
    props.title = "{{ titre }} – {{ reference }}"
    props.comments = ""
    from datetime import datetime

    props.created = props.modified = datetime.fromisoformat(DATE_FIXE)
    props.last_modified_by = "escalade"
    props.revision = 1
    section.different_first_page_header_footer = True
    entete_suite = section.header.paragraphs[0]
    entete_suite.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    entete_suite.add_run(suite + " – page ").font.size = Pt(7.5)
    _champ(entete_suite, "PAGE", 7.5)
    entete_suite.add_run("/").font.size = Pt(7.5)
    _champ(entete_suite, "NUMPAGES", 7.5)
    return doc


def para(
    conteneur: Any,
    *morceaux: str,
    gras: bool = False,
    align: str | None = None,
    taille: float | None = None,
) -> Any:
    """A paragraph; each piece is a run (a piece starting with '*' is bold)."""
    p = conteneur.add_paragraph()
    for m in morceaux:
        run = p.add_run(m[1:] if m.startswith("*") else m)
        run.bold = gras or m.startswith("*")
        if taille:
            run.font.size = Pt(taille)
    if align == "droite":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "justifie":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return p


def controle(conteneur: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}), removed at rendering."""
    conteneur.add_paragraph().add_run("{%p " + tag + " %}")


def indente(p: Any, mm: float) -> Any:
    p.paragraph_format.left_indent = Mm(mm)
    return p


def _sans_retour(cellule: Any) -> None:
    """A cell whose text never wraps (an invoice number, a date)."""
    from docx.oxml import OxmlElement

    cellule._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _seule(texte: str) -> bool:
    """A cell holding one printed expression and nothing else."""
    return texte.startswith("{{") and texte.endswith("}}") and texte.count("{{") == 1


def _a_droite(texte: str) -> bool:
    return _seule(texte) and ("| montant" in texte or "| pourcent" in texte or ".jours" in texte)


def _sans_coupure(texte: str) -> bool:
    return _seule(texte) and ("numero" in texte or "| date_courte" in texte)


def tableau(
    doc: Any,
    entetes: list[str],
    cellules: list[str],
    boucle: str,
    total: list[str] | None = None,
    largeurs: list[float] | None = None,
    sous_lignes: tuple[str, list[str], tuple[int, int]] | None = None,
) -> None:
    """A table whose middle row repeats: {%tr for ... %} row / data row / {%tr endfor %} row.

    Amount columns are right-aligned (header, rows, total); invoice numbers and dates never
    wrap. `sous_lignes`: a nested loop of detail rows under each row (loop, cells, and the
    first and last cells merged to hold the detail's text)."""
    t = doc.add_table(rows=1, cols=len(entetes))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    droite = [_a_droite(c) for c in cellules]

    def remplir(rang: Any, textes: list[str], gras: bool = False, taille: float = 8) -> None:
        for i, (cellule, texte) in enumerate(zip(rang.cells, textes, strict=True)):
            paragraphe = cellule.paragraphs[0]
            run = paragraphe.add_run(texte)
            run.bold = gras
            run.font.size = Pt(taille)
            if droite[i]:
                paragraphe.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if _sans_coupure(texte):
                _sans_retour(cellule)

    taille = 7 if largeurs else 8
    remplir(t.rows[0], entetes, gras=True, taille=taille)
    t.add_row().cells[0].paragraphs[0].add_run("{%tr for " + boucle + " %}")
    remplir(t.add_row(), cellules, taille=taille)
    if sous_lignes:
        t.add_row().cells[0].paragraphs[0].add_run("{%tr for " + sous_lignes[0] + " %}")
        detail = t.add_row()
        remplir(detail, sous_lignes[1], taille=7)
        debut, fin = sous_lignes[2]
        fusion = detail.cells[debut].merge(detail.cells[fin])
        for vide in fusion.paragraphs[1:]:  # the merged cells' empty paragraphs
            if not vide.text:
                vide._p.getparent().remove(vide._p)
        t.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    t.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    if total:
        remplir(t.add_row(), total, gras=True, taille=taille)
    if largeurs:
        _largeurs(t, largeurs)
    doc.add_paragraph()


def _largeurs(t: Any, largeurs: list[float]) -> None:
    """Fixed column widths (the grid and every cell, as Word and LibreOffice read them) and
    narrow cell margins (0.8 mm): a wide table fits the 172 mm of text without wrapping a
    number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    t.autofit = False
    for colonne, largeur in zip(t.columns, largeurs, strict=True):
        colonne.width = Mm(largeur)
    for rang in t.rows:
        for cellule, largeur in zip(rang.cells, largeurs, strict=False):
            cellule.width = Mm(largeur)
    marges = OxmlElement("w:tblCellMar")
    for cote in ("left", "right"):
        m = OxmlElement(f"w:{cote}")
        m.set(qn("w:w"), str(round(0.8 / 25.4 * 1440)))
        m.set(qn("w:type"), "dxa")
        marges.append(m)
    t._tbl.tblPr.append(marges)
    disposition = OxmlElement("w:tblLayout")
    disposition.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(disposition)


ACCESSOIRE = '{% if accessoires.nature == "penalites" %}Pénalités{% else %}Intérêts{% endif %}'


def factures(
    doc: Any, liste: str = "factures", totaux: str = "totaux", libelle: str = "Total dû"
) -> None:
    """The invoices claimed (or, in the décompte, those in dispute: `liste`, `totaux`);
    a disputed invoice is never in a claimed table."""
    entetes = ["Facture", "Émise le", "Échéance", "Montant TTC", "Reste dû", ACCESSOIRE]
    cellules = [
        "{{ f.numero }}",
        "{{ f.date_emission | date_courte }}",
        "{{ f.date_echeance | date_courte }}",
        "{{ f.montant_ttc | montant }}",
        "{{ f.restant_du | montant }}",
        "{{ f.accessoires | montant }}",
    ]
    total = [
        libelle,
        "",
        "",
        "",
        "{{ " + totaux + ".principal | montant }}",
        "{{ " + totaux + ".accessoires | montant }}",
    ]
    controle(doc, f"if indemnite.applicable or {totaux}.indemnites")
    tableau(
        doc,
        [*entetes, "Indemnité", "Total"],
        [*cellules, "{{ f.indemnite | montant }}", "{{ f.total | montant }}"],
        f"f in {liste}",
        [
            *total,
            "{{ " + totaux + ".indemnites | montant }}",
            "{{ " + totaux + ".total | montant }}",
        ],
        largeurs=[24, 18, 18, 22, 22, 22, 22, 24],
    )
    controle(doc, "else")
    tableau(
        doc,
        [*entetes, "Total"],
        [*cellules, "{{ f.total | montant }}"],
        f"f in {liste}",
        [*total, "{{ " + totaux + ".total | montant }}"],
        largeurs=[24, 19, 19, 27, 27, 28, 28],
    )
    controle(doc, "endif")
    if liste == "factures":  # the claimed amount stops at arrete_au: the rest runs on
        controle(doc, "if a_parfaire")
        para(doc, "{{ a_parfaire.phrase }}", gras=True)
        controle(doc, "endif")


def litiges(doc: Any, etat: str = "non réclamée", dans: str = "dans ce courrier") -> None:
    """The invoices in dispute on the letter's date: named apart, never claimed."""
    s = "{% if litiges | length > 1 %}s{% endif %}"
    controle(doc, "if litiges")
    para(
        doc,
        f"Facture{s} en litige, {etat}{s} {dans} : ",
        "{% for f in litiges %}{{ f.numero }} du {{ f.date_emission | date_courte }} "
        "(litige ouvert le {{ f.litige.ouvert_le | date_courte }}, motif : "
        "« {{ f.litige.motif }} »){% if not loop.last %} ; {% endif %}{% endfor %}.",
        align="justifie",
    )
    controle(doc, "endif")


def prescrites(doc: Any, etat: str = "non réclamée", dans: str = "") -> None:
    """The time-barred invoices on the letter's date: named apart, never claimed."""
    s = "{% if prescrites | length > 1 %}s{% endif %}"
    controle(doc, "if prescrites")
    para(
        doc,
        f"Facture{s} prescrite{s}, {etat}{s}{' ' + dans if dans else ''} : ",
        "{% for f in prescrites %}{{ f.numero }} (prescription acquise le "
        "{{ f.prescription.acquise_le | date_courte }}){% if not loop.last %} ; {% endif %}"
        "{% endfor %}.",
        align="justifie",
    )
    controle(doc, "endif")


def accord(pluriel: str, singulier: str) -> str:
    """The wording for several invoices claimed, or for one."""
    return "{% if factures | length > 1 %}" + pluriel + "{% else %}" + singulier + "{% endif %}"


def historique(doc: Any, interne: bool = False) -> None:
    """Earlier contacts: date, channel, object; their result on the call sheet only."""
    controle(doc, "if historique")
    tableau(
        doc,
        ["Date", "Moyen", "Objet", *(["Résultat"] if interne else [])],
        [
            "{{ c.date | date_courte }}",
            "{{ c.canal }}",
            "{{ c.objet }}",
            *(["{{ c.resultat }}"] if interne else []),
        ],
        "c in historique",
    )
    controle(doc, "endif")


def paiement(doc: Any) -> None:
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    gauche, droite = t.rows[0].cells
    _largeurs(t, [132, 40])
    gauche.paragraphs[0].add_run("Règlement de ").bold = True
    gauche.paragraphs[0].add_run("{{ totaux.total | montant }}").bold = True
    gauche.paragraphs[0].add_run(" par virement à l'ordre {{ paiement.beneficiaire | de }}")
    para(gauche, "{% if paiement.iban %}IBAN : {{ paiement.iban }}{% endif %}")
    para(gauche, "{% if paiement.bic %}BIC : {{ paiement.bic }}{% endif %}")
    para(gauche, "Référence à rappeler : {{ paiement.reference }}")
    para(
        gauche,
        "{% if qr %}Ou scannez le code QR avec votre application bancaire.{% endif %}",
        taille=7.5,
    )
    para(
        gauche,
        "Contact : {{ contact.nom }}",
        "{% if contact.telephone %}, tél. {{ contact.telephone }}{% endif %}",
        "{% if contact.email %}, {{ contact.email }}{% endif %}",
    )
    droite.paragraphs[0].add_run("{% if qr %}")
    droite.paragraphs[0].add_run("{{ qr }}")
    droite.paragraphs[0].add_run("{% endif %}")
    doc.add_paragraph()


def accessoires_phrase(doc: Any, condition: str | None = None) -> None:
    if condition:
        controle(doc, condition)
    controle(doc, 'if accessoires.nature == "penalites"')
    para(
        doc,
        "Conformément à l'article L441-10 II du code de commerce, des pénalités de retard "
        "courent de plein droit depuis le lendemain de chaque échéance, au taux de "
        '{{ accessoires.taux | join(", ") }}',
        "{% if indemnite.applicable %}, et une indemnité forfaitaire pour frais de recouvrement "
        "de {{ indemnite.unitaire | montant }} est due pour chaque facture payée en retard "
        "(C. com. art. L441-10 II et D441-5){% endif %}.",
        align="justifie",
    )
    controle(doc, 'elif accessoires.base == "C. commande publique art. R2192-31"')
    para(
        doc,
        "Des intérêts moratoires courent de plein droit depuis le lendemain de chaque "
        'échéance ({{ accessoires.base }}), au taux de {{ accessoires.taux | join(", ") }}',
        "{% if indemnite.applicable %}, et une indemnité forfaitaire pour frais de recouvrement "
        "de {{ indemnite.unitaire | montant }} est due par facture (décret n° 2013-269 du "
        "29 mars 2013){% endif %}.",
        align="justifie",
    )
    controle(doc, "else")
    para(
        doc,
        "Les sommes dues porteront intérêts au taux légal à compter de la mise en demeure "
        '({{ accessoires.base }}), soit actuellement {{ accessoires.taux | join(", ") }}.',
        align="justifie",
    )
    controle(doc, "endif")
    if condition:
        controle(doc, "endif")


def entete(doc: Any, destinataire: bool = True, envoi: str | None = None) -> None:
    # The firm's logo, when its templates folder has one (escalade.documents.rendu).
    controle(doc, "if logo")
    para(doc, "{{ logo }}")
    controle(doc, "endif")
    para(
        doc,
        "*{{ expediteur.nom }}",
        "{% if expediteur.forme_juridique %} ({{ expediteur.forme_juridique }}"
        "{% if expediteur.capital_social %} au capital de "
        "{{ expediteur.capital_social | capital }}{% endif %})"
        "{% elif expediteur.capital_social %} (au capital de "
        "{{ expediteur.capital_social | capital }}){% endif %}",
    )
    controle(doc, "for l in expediteur.adresse")
    para(doc, "{{ l }}")
    controle(doc, "endfor")
    para(
        doc,
        "{% if expediteur.siren %}SIREN {{ expediteur.siren }}"
        "{% if expediteur.rcs %} RCS {{ expediteur.rcs }}{% endif %}{% endif %}",
    )
    para(doc, "{% if expediteur.telephone %}Tél. {{ expediteur.telephone }}{% endif %}")
    para(doc, "{{ expediteur.email }}")
    para(doc, "Réf. : {{ reference }} – Dossier : {{ dossier }}", taille=7.5, align="droite")
    if destinataire:
        if envoi:
            indente(para(doc, envoi, taille=7.5), 95)
        indente(para(doc, "*{{ debiteur.nom }}"), 95)
        controle(doc, "if debiteur.representant")
        indente(para(doc, "À l'attention de {{ debiteur.representant }}"), 95)
        controle(doc, "endif")
        controle(doc, "for l in debiteur.adresse")
        indente(para(doc, "{{ l }}"), 95)
        controle(doc, "endfor")
    para(doc, "{{ lieu }}, le {{ le | date_longue }}", align="droite")
    controle(doc, "if mandataire")
    controle(doc, "if mandataire.premiere_lettre")
    para(
        doc,
        '{{ mandataire.nom }}, {{ mandataire.adresse | join(", ") }}, '
        "{{ mandataire.activite }}. Nous intervenons pour le compte de notre mandant, "
        'le créancier : {{ creancier.nom }}, {{ creancier.adresse | join(", ") }}.',
        taille=7.5,
        align="justifie",
    )
    controle(doc, "else")
    para(
        doc,
        "{{ mandataire.nom }}, agissant pour le compte de {{ creancier.nom }}. Rappel de "
        "notre première lettre : référence {{ mandataire.premiere_lettre_reference }} du "
        "{{ mandataire.premiere_lettre_date | date_longue }}.",
        taille=7.5,
    )
    controle(doc, "endif")
    controle(doc, "endif")


def objet(doc: Any, texte: str) -> None:
    para(doc, "Objet : " + texte, gras=True)


def avec_la_suite(p: Any) -> Any:
    """A paragraph kept on the page of the next one (the closing with the signature)."""
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.keep_together = True
    return p


def salutations(doc: Any) -> None:
    avec_la_suite(para(doc, SALUTATIONS))


def fin(doc: Any, signature: bool = True) -> None:
    if signature:
        # "pour <creditor>" only when a collection agency signs for the creditor; the
        # closing formula and the signature stay on one page.
        avec_la_suite(indente(para(doc, "{{ contact.nom }}"), 95))
        controle(doc, "if contact.nom != expediteur.nom")
        avec_la_suite(indente(para(doc, "{{ expediteur.nom }}"), 95))
        controle(doc, "endif")
        controle(doc, "if mandataire")
        indente(para(doc, "pour {{ creancier.nom }}"), 95)
        controle(doc, "endif")
    controle(doc, "if mandataire and mandataire.premiere_lettre")
    para(
        doc,
        "*Article L111-8 du code des procédures civiles d'exécution",
        " (reproduit en application de l'article R124-4 du même code) :",
        taille=7.5,
    )
    controle(doc, "for al in l111_8")
    para(doc, "« {{ al }} »", taille=7.5, align="justifie")
    controle(doc, "endfor")
    controle(doc, "endif")


SALUTATIONS = (
    "Nous vous prions d'agréer, {{ salutation }}, l'expression de nos salutations distinguées."
)


def relance_1() -> Any:
    doc = nouveau()
    entete(doc)
    objet(
        doc,
        "Relance : facture{% if factures | length > 1 %}s{% endif %} impayée"
        "{% if factures | length > 1 %}s{% endif %} (dossier {{ dossier }})",
    )
    para(doc, "{{ salutation }},")
    para(
        doc,
        "Sauf erreur ou omission de notre part, nous n'avons pas reçu à ce jour le règlement ",
        accord("des factures ci-dessous, arrivées", "de la facture ci-dessous, arrivée"),
        " à échéance :",
        align="justifie",
    )
    factures(doc)
    litiges(doc)
    prescrites(doc)
    # The wording follows the delay (policy `ton_relances`).
    para(
        doc,
        '{% if retard.ton == "courtois" %}',
        "Il s'agit peut-être d'un simple oubli. Nous vous remercions de bien vouloir "
        "procéder au règlement de la somme de ",
        '{% elif retard.ton == "ferme" %}',
        accord("La plus ancienne de ces factures est échue", "Cette facture est échue"),
        " depuis le {{ retard.depuis | date_longue }}, soit {{ retard.jours }} jours. Nous "
        "vous demandons de bien vouloir procéder au règlement de la somme de ",
        "{% else %}",
        accord("La plus ancienne de ces factures est échue", "Cette facture est échue"),
        " depuis le {{ retard.depuis | date_longue }}, soit {{ retard.jours }} jours : ce "
        "retard est important. Nous vous demandons de procéder sans délai au règlement de "
        "la somme de ",
        "{% endif %}",
        "*{{ totaux.total | montant }}",
        '{% if retard.ton == "ancien" %}.{% else %} dès réception de ce courrier.{% endif %}',
        " Si votre paiement a été effectué entre-temps, nous vous prions de ne pas tenir "
        "compte de cette relance.",
        align="justifie",
    )
    paiement(doc)
    para(
        doc,
        "Pour toute question sur ",
        accord("ces factures", "cette facture"),
        ", notre service reste à votre disposition.",
    )
    salutations(doc)
    fin(doc)
    return doc


def relance_1_b() -> Any:
    """Variant B of relance_1 (A/B test of the wording): same context and mentions."""
    doc = nouveau()
    entete(doc)
    objet(
        doc,
        "Facture{% if factures | length > 1 %}s{% endif %} en attente de règlement "
        "(dossier {{ dossier }})",
    )
    para(doc, "{{ salutation }},")
    para(
        doc,
        "Sauf erreur ou omission de notre part, ",
        "{% if factures | length > 1 %}les factures ci-dessous, arrivées à échéance, restent"
        "{% else %}la facture ci-dessous, arrivée à échéance, reste{% endif %}",
        " à régler :",
        align="justifie",
    )
    factures(doc)
    litiges(doc)
    prescrites(doc)
    para(
        doc,
        "Pour régulariser la somme de ",
        "*{{ totaux.total | montant }}",
        ", un virement sur le compte ci-dessous suffit",
        "{% if qr %}, ou le code QR à scanner avec votre application bancaire{% endif %}",
        ".",
        align="justifie",
    )
    paiement(doc)
    para(
        doc,
        "Une question ou une difficulté sur ",
        accord("l'une de ces factures", "cette facture"),
        " ? Dites-le-nous : nous chercherons avec vous une solution. Si vous avez réglé "
        "entre-temps, merci de ne pas tenir compte de ce courrier.",
        align="justifie",
    )
    salutations(doc)
    fin(doc)
    return doc


def relance_2() -> Any:
    doc = nouveau()
    entete(doc)
    objet(
        doc,
        "{{ titre }} : "
        + accord("factures impayées", "facture impayée")
        + " (dossier {{ dossier }})",
    )
    para(doc, "{{ salutation }},")
    # Only the contacts the dossier records up to the letter's date are cited.
    controle(doc, "if historique")
    para(
        doc,
        "Malgré ",
        "{% if historique | length > 1 %}nos relances successives, la dernière du"
        "{% else %}notre relance du{% endif %}",
        " {{ (historique | last).date | date_longue }} ({{ (historique | last).canal }}), ",
        accord("les factures suivantes restent impayées", "la facture suivante reste impayée"),
        " à ce jour :",
    )
    controle(doc, "else")
    para(
        doc,
        "Sauf erreur de notre part, ",
        accord(
            "les factures suivantes, arrivées à échéance, restent impayées",
            "la facture suivante, arrivée à échéance, reste impayée",
        ),
        " à ce jour :",
    )
    controle(doc, "endif")
    factures(doc)
    litiges(doc)
    prescrites(doc)
    controle(doc, "if consommateur")
    para(
        doc,
        "Nous vous demandons de régler sans délai la somme de ",
        "*{{ totaux.total | montant }}",
        ". À défaut, nous serons contraints de vous adresser "
        "une mise en demeure, à compter de laquelle les sommes dues porteront intérêts au taux "
        "légal ({{ accessoires.base }}).",
        align="justifie",
    )
    controle(doc, "else")
    para(
        doc,
        "Nous vous demandons de régler sans délai la somme de ",
        "*{{ totaux.total | montant }}",
        ".",
    )
    controle(doc, "endif")
    accessoires_phrase(doc, "if not consommateur")
    paiement(doc)
    para(
        doc,
        "Vous trouverez ci-joint une copie ",
        accord("des factures concernées", "de la facture concernée"),
        ".",
    )
    salutations(doc)
    para(doc, 'Pièces jointes : {{ pieces_jointes | join(" ; ") }}.', taille=7.5)
    fin(doc)
    return doc


def derniere_relance() -> Any:
    doc = nouveau()
    entete(doc)
    objet(doc, "Dernière relance avant mise en demeure (dossier {{ dossier }})")
    para(doc, "{{ salutation }},")
    controle(doc, "if historique")
    para(
        doc,
        "{% if historique | length > 1 %}Nos précédentes relances sont restées sans effet"
        "{% else %}Notre précédente relance est restée sans effet{% endif %}",
        " :",
    )
    historique(doc)
    controle(doc, "endif")
    para(
        doc,
        accord("Les factures suivantes demeurent impayées", "La facture suivante demeure impayée"),
        " :",
    )
    factures(doc)
    litiges(doc)
    prescrites(doc)
    para(
        doc,
        "Nous vous demandons ",
        "{% if historique %}une dernière fois, à titre amiable"
        "{% else %}à titre amiable, avant toute mise en demeure{% endif %}",
        ", de régler la somme de ",
        "*{{ totaux.total | montant }}",
        ". Sans règlement de votre part à bref délai, nous "
        "vous adresserons une mise en demeure par lettre recommandée avec accusé de "
        "réception, préalable à une action en justice.",
        align="justifie",
    )
    accessoires_phrase(doc, "if not consommateur")
    paiement(doc)
    salutations(doc)
    fin(doc)
    return doc


def mise_en_demeure() -> Any:
    doc = nouveau()
    entete(
        doc,
        envoi="Lettre recommandée avec accusé de réception"
        "{% if numero_lrar %} n° {{ numero_lrar }}{% endif %}",
    )
    objet(doc, "Mise en demeure de payer (dossier {{ dossier }})")
    para(doc, "{{ salutation }},")
    controle(doc, "if historique | length > 1")
    para(
        doc,
        "Nous vous avons relancé à plusieurs reprises au sujet ",
        accord(
            "des factures ci-dessous, sans obtenir leur règlement",
            "de la facture ci-dessous, sans obtenir son règlement",
        ),
        " :",
    )
    controle(doc, "elif historique")
    para(
        doc,
        "Nous vous avons relancé le {{ (historique | last).date | date_longue }} "
        "({{ (historique | last).canal }}) au sujet ",
        accord(
            "des factures ci-dessous, sans obtenir leur règlement",
            "de la facture ci-dessous, sans obtenir son règlement",
        ),
        " :",
    )
    controle(doc, "else")
    para(
        doc,
        accord(
            "Les factures ci-dessous, arrivées à échéance, restent impayées",
            "La facture ci-dessous, arrivée à échéance, reste impayée",
        ),
        " à ce jour :",
    )
    controle(doc, "endif")
    historique(doc)
    factures(doc)
    litiges(doc)
    prescrites(doc)
    para(
        doc,
        "Par la présente, nous vous ",
        "*mettons en demeure",
        ", au sens de l'article 1344 du code civil, de nous régler la somme de ",
        "*{{ totaux.total | montant }}",
        " ({{ totaux.total | en_lettres }}), dont {{ totaux.principal | montant }} "
        "({{ totaux.principal | en_lettres }}) en principal",
        "{% if totaux.accessoires %}, {{ totaux.accessoires | montant }} "
        "({{ totaux.accessoires | en_lettres }}) de "
        '{% if accessoires.nature == "penalites" %}pénalités{% else %}intérêts{% endif %}'
        "{% endif %}",
        "{% if totaux.indemnites %} et {{ totaux.indemnites | montant }} "
        "({{ totaux.indemnites | en_lettres }}) d'indemnités forfaitaires{% endif %}",
        ", arrêtée au {{ (a_parfaire.arrete_au if a_parfaire else le) | date_longue }}"
        "{% if a_parfaire %}, outre {{ a_parfaire.outre }} jusqu'à parfait paiement{% endif %}.",
        align="justifie",
    )
    para(
        doc,
        "Ce règlement doit nous parvenir dans un délai de {{ delai.jours_lettres }} jours "
        "à compter de la réception de la présente lettre",
        "{% if delai.echeance %}, soit au plus tard le {% endif %}",
        "*{% if delai.echeance %}{{ delai.echeance | date_longue }}{% endif %}",
        " (code de procédure civile, articles 641 et 642).",
        align="justifie",
    )
    accessoires_phrase(doc)
    para(
        doc, "{% if consommateur %}La présente mise en demeure fait courir ces intérêts.{% endif %}"
    )
    paiement(doc)
    para(
        doc,
        "À défaut de règlement dans ce délai, nous engagerons sans autre avis ",
        # The route and the court come from escalade.recouvrement.routes and
        # escalade.droit.juridiction.
        '{% if suite.voie == "petites_creances" %}la procédure simplifiée de recouvrement '
        "des petites créances (CPCE art. L125-1), puis, à défaut d'accord, une requête en "
        "injonction de payer devant le {{ suite.tribunal }} (code de procédure civile, "
        "articles 1405 et suivants)"
        '{% elif suite.voie == "injonction_de_payer" %}une requête en injonction de payer '
        "devant le {{ suite.tribunal }} (code de procédure civile, articles 1405 et suivants)"
        '{% elif suite.voie == "assignation" %}une action en paiement devant le '
        "{{ suite.tribunal }}, en référé-provision ou au fond (code de procédure civile, "
        "articles 835 et 873)"
        "{% else %}une demande de provision devant le juge des référés du "
        "{{ suite.tribunal }} (code de justice administrative, article R541-1){% endif %}",
        ", les frais de procédure s'ajoutant alors aux sommes dues.",
        align="justifie",
    )
    salutations(doc)
    fin(doc)
    return doc


def fiche_appel() -> Any:
    doc = nouveau()
    entete(doc, destinataire=False)
    objet(doc, "Fiche d'appel – {{ debiteur.nom }} (dossier {{ dossier }}) – document interne")
    para(doc, "Débiteur", gras=True)
    para(
        doc,
        "{{ debiteur.nom }}",
        "{% if debiteur.forme_juridique %} ({{ debiteur.forme_juridique }}){% endif %}",
        ', {{ debiteur.adresse | join(", ") }}',
        "{% if debiteur.siren %}, SIREN {{ debiteur.siren }}{% endif %}.",
        "{% if debiteur.telephone %} Standard : {{ debiteur.telephone }}.{% endif %}",
        "{% if debiteur.email %} Courriel : {{ debiteur.email }}.{% endif %}",
    )
    controle(doc, "if interlocuteurs")
    tableau(
        doc,
        ["Interlocuteur", "Fonction", "Téléphone", "Courriel"],
        ["{{ i.nom }}", "{{ i.role }}", "{{ i.telephone }}", "{{ i.email }}"],
        "i in interlocuteurs",
    )
    controle(doc, "endif")
    para(
        doc,
        "{% if canaux_refuses %}Canaux refusés par le débiteur : "
        '{{ canaux_refuses | join(", ") }}.{% endif %}',
    )
    para(
        doc,
        "{% if procedure_collective %}Procédure collective ({{ procedure_collective.type }}, "
        "jugement du {{ procedure_collective.le | date_longue }}) : aucune relance ; déclarer "
        "la créance.{% endif %}",
        gras=True,
    )
    para(doc, "Factures", gras=True)
    factures(doc)
    controle(doc, "if litiges")
    para(doc, "Factures en litige, à ne pas réclamer", gras=True)
    controle(doc, "for f in litiges")
    para(
        doc,
        "Facture {{ f.numero }} ({{ f.total | montant }}) : {{ f.litige.motif }} (litige ouvert "
        "le {{ f.litige.ouvert_le | date_courte }}). Objection probable : voir ci-dessous.",
    )
    controle(doc, "endfor")
    controle(doc, "endif")
    prescrites(doc)
    para(doc, "Historique des contacts", gras=True)
    para(doc, "{% if not historique %}Aucun contact enregistré.{% endif %}")
    historique(doc, interne=True)
    para(doc, "Objections probables et réponses", gras=True)
    tableau(
        doc, ["Objection", "Réponse"], ["{{ o.objection }}", "{{ o.reponse }}"], "o in objections"
    )
    para(doc, "Compte rendu", gras=True)
    para(
        doc,
        "Date et heure : ........................ Interlocuteur : ..............................",
    )
    para(
        doc,
        "Accord obtenu (montant, date, moyen de paiement) : ...................................",
    )
    para(doc, "À confirmer par écrit le jour même (modèle « confirmation_appel »).")
    fin(doc, signature=False)
    return doc


def confirmation_appel() -> Any:
    doc = nouveau()
    entete(doc)
    objet(
        doc,
        "Confirmation de notre entretien téléphonique du {{ appel.date | date_longue }} "
        "(dossier {{ dossier }})",
    )
    para(doc, "{{ salutation }},")
    para(
        doc,
        "Nous faisons suite à notre entretien téléphonique du {{ appel.date | date_longue }}",
        "{% if appel.interlocuteur %} avec {{ appel.interlocuteur }}{% endif %}",
        " au sujet ",
        accord("des factures suivantes", "de la facture suivante"),
        " :",
    )
    factures(doc)
    litiges(doc)
    prescrites(doc)
    para(
        doc,
        "Nous vous confirmons ce qui a été convenu :",
        "{% if appel.resultat %} {{ appel.resultat }}.{% endif %}",
        "{% if appel.note %} {{ appel.note }}{% endif %}",
    )
    controle(doc, "if echeances")
    tableau(
        doc,
        ["Échéance", "Montant"],
        ["{{ e.date | date_longue }}", "{{ e.montant | montant }}"],
        "e in echeances",
    )
    controle(doc, "endif")
    para(
        doc,
        "Le montant total restant dû s'élève à ",
        "*{{ totaux.total | montant }}",
        ". Si ce résumé ne correspond pas à notre échange, merci de nous le signaler par retour.",
    )
    paiement(doc)
    salutations(doc)
    fin(doc)
    return doc


def decompte() -> Any:
    doc = nouveau()
    entete(doc)
    objet(
        doc,
        "Décompte de créance {% if a_parfaire %}au {{ le | date_longue }}, accessoires arrêtés "
        "au {{ a_parfaire.arrete_au | date_longue }}, à parfaire{% else %}arrêté au "
        "{{ le | date_longue }}{% endif %} (dossier {{ dossier }})",
    )
    para(
        doc,
        'Créancier : {{ creancier.nom }}, {{ creancier.adresse | join(", ") }}. '
        'Débiteur : {{ debiteur.nom }}, {{ debiteur.adresse | join(", ") }}.',
    )
    para(
        doc,
        "Récapitulatif",
        "{% if litiges or prescrites %} des factures réclamées{% endif %}",
        gras=True,
    )
    controle(doc, "if litiges")
    factures(doc, libelle="Montant réclamé")
    para(doc, "Factures en litige, non réclamées", gras=True)
    factures(doc, "litiges", "totaux_litiges", "Total en litige")
    litiges(doc, "non réclamée", "tant que le litige est ouvert")
    controle(doc, "elif prescrites")
    factures(doc, libelle="Montant réclamé")
    controle(doc, "else")
    factures(doc)
    controle(doc, "endif")
    prescrites(doc)
    para(
        doc,
        "{% if litiges or prescrites %}Montant réclamé{% else %}Total dû{% endif %} au "
        "{{ le | date_longue }} : ",
        "*{{ totaux.total | montant }}",
        " ({{ totaux.total | en_lettres }}).",
        "{% if litiges %} Créance totale, litiges compris : {{ creance.total | montant }}, dont "
        "{{ totaux_litiges.total | montant }} en litige, non réclamés.{% endif %}",
    )
    para(
        doc,
        "Détail des ",
        '{% if accessoires.nature == "penalites" %}pénalités{% else %}intérêts{% endif %}',
        " ({{ accessoires.base }})",
        gras=True,
    )
    tableau(
        doc,
        ["Facture", "Du", "Au", "Jours", "Base", "Taux", "Montant"],
        [
            "{{ p.facture }}",
            "{{ p.debut | date_courte }}",
            "{{ p.fin | date_courte }}",
            "{{ p.jours }}",
            "{{ p.base | montant }}",
            "{{ p.taux | pourcent }}",
            "{{ p.montant | montant }}",
        ],
        "p in periodes",
    )
    controle(doc, "if paiements")
    para(doc, "Paiements reçus et imputation", gras=True)
    tableau(
        doc,
        ["Date", "Montant", "Imputation"],
        [
            "{{ x.date | date_courte }}",
            "{{ x.montant | montant }}",
            "{{ x.regle }}{% for i in x.imputations %} ; {{ i.facture }} : "
            "{{ i.sur_principal | montant }} en principal{% if i.sur_interets %}, "
            "{{ i.sur_interets | montant }} sur les intérêts ou pénalités{% endif %}"
            "{% if i.sur_indemnite %}, {{ i.sur_indemnite | montant }} sur l'indemnité"
            "{% endif %}{% endfor %}",
        ],
        "x in paiements",
    )
    controle(doc, "endif")
    controle(doc, "if avertissements")
    para(doc, "Observations", gras=True)
    controle(doc, "for a in avertissements")
    para(doc, "{{ a }}")
    controle(doc, "endfor")
    controle(doc, "endif")
    para(doc, 'Références : {{ references | join(" ; ") }}.', taille=7.5)
    fin(doc, signature=False)
    return doc


def echeancier() -> Any:
    doc = nouveau()
    entete(doc)
    objet(doc, "Échéancier de paiement (dossier {{ dossier }})")
    para(
        doc,
        'Entre {{ creancier.nom }}, {{ creancier.adresse | join(", ") }}, créancier, et '
        '{{ debiteur.nom }}, {{ debiteur.adresse | join(", ") }}, débiteur, il est convenu le '
        "{{ echeancier.convenu_le | date_longue }} ce qui suit.",
        align="justifie",
    )
    para(
        doc,
        "Le débiteur reconnaît devoir, au {{ le | date_longue }}, la somme de "
        "{{ totaux.total | montant }} ({{ totaux.total | en_lettres }}) au titre ",
        accord("des factures suivantes", "de la facture suivante"),
        " :",
        align="justifie",
    )
    factures(doc)
    litiges(doc, "non comprise", "dans le présent échéancier")
    prescrites(doc, "non comprise", "dans le présent échéancier")
    para(
        doc,
        "Il s'engage à payer la somme de ",
        "*{{ echeancier.total | montant }}",
        " (",
        "*{{ echeancier.total | en_lettres }}",
        ") en {{ echeancier.nombre }} échéance",
        "{% if echeancier.nombre > 1 %}s{% endif %} :",
    )
    tableau(
        doc,
        ["Échéance", "Montant", "En lettres"],
        ["{{ e.date | date_courte }}", "{{ e.montant | montant }}", "{{ e.montant | en_lettres }}"],
        "e in echeancier.echeances",
    )
    # The agreement adds up: a plan below the debt acknowledged says what is waived.
    controle(doc, "if echeancier.abandon")
    para(
        doc,
        "Sous réserve du paiement de chaque échéance à sa date, le créancier renonce au "
        "surplus de la somme reconnue, soit ",
        "*{{ echeancier.abandon | montant }}",
        " ({{ echeancier.abandon | en_lettres }}) : ",
        "{% for p in echeancier.abandon_parts %}{{ p.montant | montant }} {{ p.nature | de }}"
        "{% if not loop.last %}{% if loop.revindex == 2 %} et {% else %}, {% endif %}"
        "{% endif %}{% endfor %}",
        ". À défaut, cette somme redevient exigible avec le solde.",
        align="justifie",
    )
    controle(doc, "elif echeancier.supplement")
    para(
        doc,
        "Le total de l'échéancier excède de {{ echeancier.supplement | montant }} la somme "
        "reconnue ce jour : ce supplément couvre les intérêts ou pénalités qui courent "
        "jusqu'au dernier paiement.",
        align="justifie",
    )
    controle(doc, "endif")
    para(
        doc,
        "Les paiements se font par virement sur le compte ci-dessous, en rappelant la "
        "référence {{ paiement.reference }}",
        "{% if paiement.iban %} (IBAN : {{ paiement.iban }}{% if paiement.bic %}, BIC : "
        "{{ paiement.bic }}{% endif %}){% endif %}",
        ". Tant que les échéances sont respectées, le créancier suspend toute action de "
        "recouvrement. Le défaut de paiement d'une seule échéance à sa date rend, après mise "
        "en demeure restée sans effet, la totalité du solde immédiatement exigible.",
        align="justifie",
    )
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    g, d = t.rows[0].cells
    g.paragraphs[0].add_run("Pour le créancier : {{ creancier.nom }}")
    d.paragraphs[0].add_run("Le débiteur, {{ debiteur.nom }} :")
    para(d, "« Bon pour accord sur la somme de ... (en lettres et en chiffres) »", taille=7.5)
    for _ in range(3):
        para(d, "")
    fin(doc, signature=False)
    return doc


MODELES = {
    "relance_1": relance_1,
    "relance_1@B": relance_1_b,
    "relance_2": relance_2,
    "fiche_appel": fiche_appel,
    "confirmation_appel": confirmation_appel,
    "derniere_relance": derniere_relance,
    "mise_en_demeure": mise_en_demeure,
    "decompte": decompte,
    "echeancier": echeancier,
}


def main() -> None:
    for nom, fabrique in MODELES.items():
        chemin = ICI / f"{nom}.docx"
        fabrique().save(str(chemin))
        print(chemin)


if __name__ == "__main__":
    main()
