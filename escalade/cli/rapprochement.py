"""`escalade paiements RELEVE`: a bank statement matched against the open invoices.

The statement (CAMT.053 or CSV) is read and validated whole (`escalade.entrees.releve_bancaire`),
matched by `escalade.entrees.rapprochement`; the sure matches are recorded as payments through
the pure core in one transaction, the others listed for a person to confirm. A credit is never
matched twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.parametres import DATE, aujourdhui, imprimer_json, maintenant
from escalade.droit.erreurs import TransitionRefusee


def _factures_ouvertes(conn: Any, le: date) -> list[Any]:
    from escalade.entrees.rapprochement import FactureOuverte
    from escalade.recouvrement.etat_creance import principal_restant
    from escalade.stockage import depot

    ouvertes = []
    for stocke in depot.iterer_ouverts(conn):
        d = stocke.dossier
        restants = principal_restant(d, le)
        for f in d.factures:
            if restants.get(f.numero, 0) > 0:
                ouvertes.append(
                    FactureOuverte(
                        d.reference, f.numero, restants[f.numero], d.debiteur.nom, f.date_emission
                    )
                )
    return ouvertes


def _deja_rapproches(conn: Any) -> frozenset[str]:
    from sqlalchemy import select

    from escalade.stockage import schema as s

    return frozenset(
        r
        for r in conn.execute(
            select(s.paiements.c.reference).where(s.paiements.c.reference.is_not(None)).distinct()
        ).scalars()
    )


def _enregistrer_paiements(conn: Any, surs: Sequence[Any], le: date) -> list[dict[str, Any]]:
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures import etapes, evenements
    from escalade.stockage import depot
    from escalade.stockage.journal import verrouiller_debiteur

    jur = jurisprudence()
    instant = maintenant()
    faits = []
    for proposition in surs:
        credit = proposition.credit
        for a in proposition.affectations:
            stocke = depot.charger(conn, a.dossier)
            verrouiller_debiteur(conn, stocke.debiteur_id)
            evenement = evenements.Paiement(
                date=credit.date, montant=a.montant, facture=a.facture, reference=credit.identite
            )
            avant = stocke.dossier.etape
            try:
                apres = etapes.appliquer(stocke.dossier, evenement, le, jur)
            except TransitionRefusee as e:
                faits.append({"credit": credit.identite, "dossier": a.dossier, "refus": e.message})
                continue
            depot.enregistrer_dossier(conn, apres, instant)
            faits.append(
                {
                    "credit": credit.identite,
                    "dossier": a.dossier,
                    "facture": a.facture,
                    "montant": format(a.montant, "f"),
                    "date": credit.date.isoformat(),
                    "etape_avant": avant,
                    "etape": apres.etape,
                    "motif": proposition.motif,
                }
            )
    return faits


def _proposition_en_dict(p: Any) -> dict[str, Any]:
    return {
        "credit": p.credit.identite,
        "date": p.credit.date.isoformat(),
        "montant": format(p.credit.montant, "f"),
        "libelle": p.credit.libelle,
        "debiteur": p.credit.debiteur,
        "ligne": p.credit.ligne,
        "motif": p.motif,
        "propositions": [
            {"dossier": a.dossier, "facture": a.facture, "montant": format(a.montant, "f")}
            for a in p.affectations
        ],
    }


@commande(name="paiements")
@click.argument("releve", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "le", type=DATE, help="Date du rapprochement (par défaut : aujourd'hui).")
@click.option(
    "--db",
    metavar="URL",
    help="Dépôt : URL SQLAlchemy ou fichier SQLite (par défaut ESCALADE_DB).",
)
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")
def paiements(releve: Path, le: date | None, db: str | None, en_json: bool) -> None:
    """Rapproche un relevé bancaire (CAMT.053, archive zip de relevés CAMT.053, ou CSV
    date;montant;libelle) des factures.

    Les rapprochements sûrs (référence de paiement, numéro de facture dans le libellé avec
    le bon montant, montant exact et nom du débiteur) sont enregistrés comme paiements ; un
    dossier soldé quitte aussitôt le plan de relance. Les autres sont listés pour qu'une
    personne les confirme : « escalade paiement DOSSIER --montant ... --date ... --facture
    ... --reference CREDIT », avec l'identifiant du crédit affiché, pour qu'il ne soit plus
    proposé. Un crédit n'est jamais rapproché deux fois : réimporter le même relevé ne
    change rien.
    """
    from escalade.entrees.rapprochement import rapprocher
    from escalade.entrees.releve_bancaire import lire_releve
    from escalade.stockage.moteur import moteur, transaction_ecriture

    le = le or aujourdhui()
    lu = lire_releve(releve)  # the whole statement is validated before any writing
    with transaction_ecriture(moteur(db, creer=False)) as conn:
        resultat = rapprocher(lu.credits, _factures_ouvertes(conn, le), _deja_rapproches(conn))
        faits = _enregistrer_paiements(conn, resultat.surs, le)
    sortie = {
        "enregistres": [f for f in faits if "refus" not in f],
        "refuses": [f for f in faits if "refus" in f],
        "a_confirmer": [_proposition_en_dict(p) for p in resultat.incertains],
        "deja_rapproches": [c.identite for c in resultat.deja_rapproches],
        "sans_correspondance": [
            {"credit": c.identite, "montant": format(c.montant, "f"), "libelle": c.libelle}
            for c in resultat.sans_correspondance
        ],
        "ignores": [{"ligne": ligne, "motif": motif} for ligne, motif in lu.ignores],
        "remarques": [{"ligne": ligne, "motif": motif} for ligne, motif in lu.remarques],
    }
    if en_json:
        imprimer_json(sortie)
        return
    _afficher_paiements(sortie)


def _afficher_paiements(sortie: dict[str, Any]) -> None:
    click.echo(
        f"{len(sortie['enregistres'])} paiement(s) enregistré(s), "
        f"{len(sortie['a_confirmer'])} à confirmer, "
        f"{len(sortie['deja_rapproches'])} déjà rapproché(s), "
        f"{len(sortie['sans_correspondance'])} sans correspondance."
    )
    for f in sortie["enregistres"]:
        solde = " — dossier soldé" if f["etape"] == "solde" and f["etape_avant"] != "solde" else ""
        click.echo(f"  {f['dossier']} {f['facture']} : {f['montant']} € le {f['date']}{solde}")
    for f in sortie["refuses"]:
        click.echo(f"  refusé : {f['dossier']} : {f['refus']}")
    for r in sortie["ignores"]:
        click.echo(f"  écarté (ligne {r['ligne']}) : {r['motif']}")
    for r in sortie["remarques"]:
        click.echo(f"  remarque (ligne {r['ligne']}) : {r['motif']}")
    for p in sortie["a_confirmer"]:
        click.echo(
            f"  à confirmer : crédit {p['credit']}, {p['montant']} € du {p['date']} "
            f"« {p['libelle']} » : {p['motif']}"
        )
