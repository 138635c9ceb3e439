"""What every transition of a dossier shares: the refusal, the date as written, the checks
that an invoice is known, that no collective proceeding is open and that the claim is
due, and the step crossed in the dossier's history."""

from __future__ import annotations

from datetime import date

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide, TransitionRefusee
from escalade.droit.modele import Dossier, EtapeDatee
from escalade.droit.valeurs import Etape
from escalade.recouvrement.etat_creance import (
    echeancier_respecte,
    etats_factures,
    procedure_en_cours,
)

REF_L622_21 = ("C. com. art. L622-21",)
REF_L622_7 = ("C. com. art. L622-7",)
REF_SOLDE = ("C. civ. art. 1342",)
REF_TERME = ("C. civ. art. 1103", "C. civ. art. 1305-2")


def refus(message: str, articles: tuple[str, ...] = ()) -> TransitionRefusee:
    return TransitionRefusee(message, articles=articles)


def jj(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def facture_connue(dossier: Dossier, numero: str) -> None:
    if all(f.numero != numero for f in dossier.factures):
        raise EntreeInvalide(
            f"facture « {numero} » absente du dossier {dossier.reference}", champ="facture"
        )


def pas_de_procedure(dossier: Dossier, le: date, quoi: str, articles: tuple[str, ...]) -> None:
    if procedure_en_cours(dossier, le):
        pc = dossier.debiteur.procedure_collective
        assert pc is not None
        raise refus(
            f"{quoi} refusé(e) : procédure collective ouverte le {jj(pc.jugement_le)} ; "
            "seule la déclaration de créance au mandataire judiciaire est possible.",
            articles,
        )


def exigible(d: Dossier, le: date, jur: Jurisprudence, quoi: str) -> None:
    etats = etats_factures(d, le, jur)
    if all(x.payee for x in etats):
        raise refus(f"{quoi} refusée : le dossier est soldé.", REF_SOLDE)
    if all(x.payee or x.prescription.acquise for x in etats):
        refs = tuple(dict.fromkeys(r for x in etats for r in x.prescription.references))
        raise refus(f"{quoi} refusée : les factures impayées sont prescrites.", refs)
    if echeancier_respecte(d, le) is not None:
        raise refus(f"{quoi} refusée : l'échéancier convenu est respecté.", REF_TERME)


def franchir(dossier: Dossier, etape: Etape, le: date, motif: str) -> Dossier:
    historique = [*dossier.historique, EtapeDatee(etape=etape, le=le, motif=motif)]
    return dossier.model_copy(update={"etape": etape, "historique": historique})
