"""The JSON text of a décompte, written straight from the `Decompte`.

The very text of `json_indente(decompte_en_dict(d), retrait)` (that is `json.dumps(...,
ensure_ascii=False, indent=2)` of the public shape, SPEC section 7), without building the
dicts and walking them generically: the shape is fixed, so each object is one format string.
On a portfolio of 100 000 invoices the dicts and the generic walk cost about 40 % of the
décompte itself. `escalade.droit.serialisation.decompte_en_dict` stays the definition of the
shape; tests compare the two texts on every example dossier.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal

from escalade.droit.decompte import Decompte, PaiementImpute
from escalade.droit.decompte_facture import ZERO, LigneFacture
from escalade.droit.serialisation import taux

_chaine: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _ou_null(v: str | None) -> str:
    return "null" if v is None else _chaine(v)


def _liste(elements: Iterable[str], r: str) -> str:
    """A JSON array of already written elements, at the indentation `r` (its own line)."""
    texte = ("," + r + "  ").join(elements)
    return "[" + r + "  " + texte + r + "]" if texte else "[]"


def _ligne(ligne: LigneFacture, nature: str, r: str) -> str:
    f = ligne.facture
    accessoires = ligne.interets_dus + ligne.capitalise
    indemnite = ligne.indemnite_due - ligne.indemnite_payee
    r2, r3 = r + "  ", r + "    "
    periodes = _liste(
        (
            f'{{{r3}  "debut": "{p.debut.isoformat()}",{r3}  "fin": "{p.fin.isoformat()}",'
            f'{r3}  "jours": {int.__repr__(p.jours)},{r3}  "taux": "{taux(p.taux)}",'
            f'{r3}  "base": "{p.base:.2f}",{r3}  "montant": "{p.montant:.2f}",'
            f'{r3}  "libelle": {_chaine(p.libelle)}{r3}}}'
            for p in ligne.periodes
        ),
        r2,
    )
    return (
        f'{{{r2}"numero": {_chaine(f.numero)},'
        f'{r2}"date_emission": "{f.date_emission.isoformat()}",'
        f'{r2}"date_echeance": "{f.date_echeance.isoformat()}",'
        f'{r2}"montant_ttc": "{f.montant_ttc:.2f}",'
        f'{r2}"avoirs": "{ligne.avoirs:.2f}",'
        f'{r2}"principal_paye": "{ligne.principal_paye:.2f}",'
        f'{r2}"restant_du": "{ligne.principal:.2f}",'
        f'{r2}"penalites": "{accessoires if nature == "penalites" else ZERO:.2f}",'
        f'{r2}"interets": "{accessoires if nature == "interets" else ZERO:.2f}",'
        f'{r2}"accessoires_courus": "{ligne.interets_courus:.2f}",'
        f'{r2}"accessoires_payes": "{ligne.interets_payes:.2f}",'
        f'{r2}"indemnite": "{indemnite:.2f}",'
        f'{r2}"total": "{ligne.principal + accessoires + indemnite:.2f}",'
        f'{r2}"en_litige": {"true" if ligne.en_litige else "false"},'
        f'{r2}"periodes": {periodes}{r}}}'
    )


def _paiement(p: PaiementImpute, r: str) -> str:
    r2, r3 = r + "  ", r + "    "
    imputations = _liste(
        (
            f'{{{r3}  "facture": {_chaine(i.facture)},'
            f'{r3}  "sur_interets": "{i.sur_interets:.2f}",'
            f'{r3}  "sur_principal": "{i.sur_principal:.2f}",'
            f'{r3}  "sur_indemnite": "{i.sur_indemnite:.2f}"{r3}}}'
            for i in p.imputations
        ),
        r2,
    )
    return (
        f'{{{r2}"date": "{p.date.isoformat()}",{r2}"montant": "{p.montant:.2f}",'
        f'{r2}"facture": {_ou_null(p.facture)},{r2}"regle": {_chaine(p.regle)},'
        f'{r2}"imputations": {imputations},{r2}"non_impute": "{p.non_impute:.2f}"{r}}}'
    )


def json_decompte(d: Decompte, retrait: str = "\n") -> str:
    """`json_indente(decompte_en_dict(d), retrait)`, written directly (see module doc)."""
    r, r1 = retrait, retrait + "  "
    r2 = r1 + "  "
    nature = d.regime.nature
    lignes = d.lignes
    principal = sum((x.principal for x in lignes), ZERO)
    accessoires = sum((x.interets_dus + x.capitalise for x in lignes), ZERO)
    penalites = accessoires if nature == "penalites" else ZERO
    interets = accessoires if nature == "interets" else ZERO
    indemnites = sum((x.indemnite_due - x.indemnite_payee for x in lignes), ZERO)
    trop_percu: Decimal = sum((p.non_impute for p in d.paiements), ZERO)
    a_parfaire = _liste(
        (
            f'{{{r2}  "facture": {_chaine(a.facture)},{r2}  "depuis": "{a.depuis.isoformat()}",'
            f'{r2}  "serie": {_chaine(a.serie)},{r2}  "regle": {_chaine(a.regle)}{r2}}}'
            for a in d.a_parfaire
        ),
        r1,
    )
    arrete_au = "null" if not d.arrete_au else f'"{d.arrete_au.isoformat()}"'
    return (
        f'{{{r1}"dossier": {_chaine(d.dossier)},{r1}"date": "{d.date.isoformat()}",'
        f'{r1}"regime": {_chaine(d.regime.libelle)},'
        f'{r1}"principal": "{principal:.2f}",{r1}"penalites": "{penalites:.2f}",'
        f'{r1}"interets": "{interets:.2f}",{r1}"indemnites": "{indemnites:.2f}",'
        f'{r1}"total": "{principal + penalites + interets + indemnites:.2f}",'
        f'{r1}"trop_percu": "{trop_percu:.2f}",'
        f'{r1}"factures": {_liste((_ligne(x, nature, r2) for x in lignes), r1)},'
        f'{r1}"paiements": {_liste((_paiement(p, r2) for p in d.paiements), r1)},'
        f'{r1}"references": {_liste(map(_chaine, d.references), r1)},'
        f'{r1}"avertissements": {_liste(map(_chaine, d.avertissements), r1)},'
        f'{r1}"arrete_au": {arrete_au},{r1}"a_parfaire": {a_parfaire}{r}}}'
    )
