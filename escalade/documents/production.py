"""Producing one document for one dossier: the gate, the context, rendering, file name.

A document that demands payment (`contextes.DEMANDES_DE_PAIEMENT`: the reminders, the
confirmation of a call, the mise en demeure, and the call sheet, since a call is a contact
too) is first put to the claim-side part of the compliance gate
(`escalade.recouvrement.conformite.verifier_creance`, as the plan does for an action without a
channel):
no payment demand under a collective proceeding (C. com. L622-21, L622-7), on a settled
dossier (C. civ. 1342), during a respected payment plan (C. civ. 1103, 1305-2), nor when
every unpaid invoice is disputed or time-barred. The décompte and the échéancier are not
demands and stay producible (a claim declaration needs the décompte). A refusal made of
policy limits only (`Motif.legal` False) may be overridden with a written reason, as for
`escalade contact`; a legal one never.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final, Literal

from escalade.documents.catalogue import DEMANDES_DE_PAIEMENT, canonique, decouper
from escalade.documents.contextes import construire
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier
from escalade.recouvrement.conformite import Decision, verifier_creance

if TYPE_CHECKING:
    from escalade.recouvrement.politique_modele import Politique, TonRelances

Format = Literal["pdf", "docx"]
LITIGE: Final = "facture_en_litige"  # the gate's code for a disputed invoice (policy)


@dataclass(frozen=True)
class Produit:
    dossier: str
    document: str
    format: Format
    nom_fichier: str
    contenu: bytes
    pages: int | None


def controler(
    modele: str, dossier: Dossier, le: date, politique: Politique, jur: Jurisprudence
) -> Decision | None:
    """The gate's claim-side answer for `modele` on day `le`; None for a document that
    demands nothing (décompte, échéancier). The journal is the dossier's own contacts."""
    base, _ = decouper(canonique(modele))
    if base not in DEMANDES_DE_PAIEMENT:
        return None
    return verifier_creance(dossier, le, politique, jur, dossier.contacts)


def derogeable(decision: Decision) -> bool:
    """A refusal made of policy limits only: `--forcer --motif` may override it."""
    return not decision.autorise and not any(m.legal for m in decision.motifs)


def produire(
    dossier: Dossier,
    modele: str,
    le: date,
    jur: Jurisprudence,
    format_: Format = "pdf",
    derogation: Decision | None = None,
    ton: TonRelances | None = None,
) -> Produit:
    """Render `modele` for `dossier` on day `le` (WeasyPrint or docxtpl imported lazily).

    `derogation`: the policy refusal the operator overrode; when it is about disputed
    invoices, the letter claims them (otherwise it would have nothing to claim)."""
    from escalade.documents import rendu

    litiges_reclames = derogation is not None and any(m.code == LITIGE for m in derogation.motifs)
    contexte = construire(modele, dossier, le, jur, litiges_reclames=litiges_reclames, ton=ton)
    if format_ == "pdf":
        pdf = rendu.rendre_pdf(contexte)
        contenu, pages = pdf.contenu, pdf.pages
    else:
        contenu, pages = rendu.rendre_docx(contexte), None
    return Produit(
        dossier.reference,
        modele,
        format_,
        f"{contexte.nom_fichier}.{format_}",
        contenu,
        pages,
    )
