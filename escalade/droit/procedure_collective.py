"""Procédures collectives (sauvegarde, redressement, liquidation judiciaire).

The opening judgment stops every action by prior creditors seeking payment (C. com. L622-21):
no reminder, no court step. Interest stops running (L622-28). Prior creditors must declare
their claims to the mandataire judiciaire within two months of the judgment's publication
in the BODACC (L622-24, R622-24), plus two months for creditors not residing in metropolitan
France; a late creditor may ask to be relieved within six months (L622-26).

References: C. com. art. L622-21, L622-24, R622-24, L622-26, L622-28.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from escalade.droit.calendrier import calendrier_pour_code_postal
from escalade.droit.delais import Echeance, ajouter_mois, calculer_delai
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier

REFERENCES = ("C. com. art. L622-21", "C. com. art. L622-24", "C. com. art. R622-24")


@dataclass(frozen=True)
class DeclarationCreance:
    publication: date | None
    limite: date | None  # last day to declare the claim
    echeance: Echeance | None
    releve_forclusion_jusqu_au: date | None
    motif: str
    references: tuple[str, ...]


def _hors_metropole(code_postal: str) -> bool:
    return code_postal.startswith(("97", "98"))


def declaration_creance(dossier: Dossier, jur: Jurisprudence) -> DeclarationCreance | None:
    pc = dossier.debiteur.procedure_collective
    if pc is None:
        return None
    if pc.publication_bodacc_le is None:
        return DeclarationCreance(
            None, None, None, None,
            "date de publication au BODACC inconnue : le délai de déclaration (deux mois à "
            "compter de la publication) ne peut pas être calculé ; renseignez-la.",
            REFERENCES,
        )  # fmt: skip
    publication = pc.publication_bodacc_le
    mois = jur.entier("declaration_creances_delai", publication)
    references = REFERENCES
    motif = f"deux mois à compter de la publication au BODACC du {publication:%d/%m/%Y}"
    if _hors_metropole(dossier.creancier.adresse.code_postal) != _hors_metropole(
        dossier.debiteur.adresse.code_postal
    ):
        mois += jur.entier("declaration_creances_prolongation_hors_metropole", publication)
        motif += ", prolongé de deux mois (créancier hors du ressort métropolitain ou ultramarin)"
    calendrier = calendrier_pour_code_postal(dossier.debiteur.adresse.code_postal)
    echeance = calculer_delai(publication, mois, "mois", calendrier)
    releve = ajouter_mois(publication, jur.entier("releve_forclusion_delai", publication))
    return DeclarationCreance(
        publication,
        echeance.echeance,
        echeance,
        releve,
        motif,
        references + ("C. com. art. L622-26",) + echeance.references,
    )


def delais_a_la_date(declaration: DeclarationCreance, le: date) -> str:
    """The declaration's deadlines as seen on `le`: a past one is said to be past, never
    printed as if it could still be met (« délai expiré le … »)."""

    def jj(d: date) -> str:
        return f"{d:%d/%m/%Y}"

    if declaration.limite is None:
        return declaration.motif
    if declaration.limite >= le:
        return f"au plus tard le {jj(declaration.limite)} ({declaration.motif})"
    texte = f"délai de déclaration expiré le {jj(declaration.limite)} ({declaration.motif})"
    releve = declaration.releve_forclusion_jusqu_au
    if releve is None:
        return texte
    if releve >= le:
        return (
            f"{texte} ; relevé de forclusion à demander au juge-commissaire au plus tard le "
            f"{jj(releve)} (C. com. art. L622-26)"
        )
    return (
        f"{texte} ; délai du relevé de forclusion également expiré le {jj(releve)} "
        "(C. com. art. L622-26 ; il court plus tard pour un créancier qui ne pouvait pas "
        "connaître sa créance) : le créancier forclos n'est pas admis aux répartitions et "
        "dividendes, et la créance non déclarée est inopposable au débiteur pendant "
        "l'exécution du plan"
    )
