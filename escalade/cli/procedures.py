"""Court-file commands: `injonction`, `petites-creances`, and the after-filing records.

The route is checked first (escalade.recouvrement.routes): a refused route exits with code 3 and
every
reason, nothing written. WeasyPrint, docxtpl and pypdf are imported inside the commands.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_JSON, OPTION_MODELES
from escalade.cli.parametres import DATE, aujourdhui, dossiers_depuis, imprimer_json
from escalade.droit.erreurs import EntreeInvalide, ErreurEscalade
from escalade.droit.modele import Dossier

OPTION_DATE = click.option("--date", "le", type=DATE, help="Date (par défaut : aujourd'hui).")
OPTION_SORTIE = click.option(
    "--sortie", type=click.Path(path_type=Path), default=Path("."), show_default=True,
    help="Dossier où écrire les fichiers.",
)  # fmt: skip

OPTION_DB = click.option(
    "--db", metavar="URL",
    help="Dépôt, pour une référence de dossier : URL SQLAlchemy ou fichier SQLite (par défaut "
    "ESCALADE_DB).",
)  # fmt: skip
OPTION_OPERATEUR = click.option(
    "--operateur", envvar="ESCALADE_OPERATEUR",
    help="Nom de l'opérateur, inscrit à l'historique du dépôt (par défaut ESCALADE_OPERATEUR).",
)  # fmt: skip


def est_fichier(source: str) -> bool:
    chemin = Path(source)
    return chemin.exists() or chemin.suffix.lower() in {".yaml", ".yml", ".json", ".csv"}


class ProcedureRefusee(ErreurEscalade):
    """The route asked for is not open for this dossier on this date: exit code 3."""

    code_sortie = 3


def un_dossier(source: str, db: str | None = None, au: date | None = None) -> tuple[Dossier, Path]:
    """The dossier (a file, or a reference in the store `db`) and the folder its evidence
    paths are relative to (the file's, or the current directory for the store); with `au`,
    as known that day (`escalade.droit.dossier_au`)."""
    if db is not None and not est_fichier(source):
        from escalade.stockage.depot import dossier_par_reference

        stocke = dossier_par_reference(source, db)
        if au is not None:
            from escalade.droit.dossier_au import dossier_au

            stocke = dossier_au(stocke, au)
        return stocke, Path.cwd()
    dossiers = dossiers_depuis(source, au)
    if len(dossiers) != 1:
        raise EntreeInvalide(
            f"un seul dossier attendu, le fichier en contient {len(dossiers)}", fichier=source
        )
    chemin = Path(source)
    base = chemin.resolve().parent if chemin.is_file() else Path.cwd()
    return dossiers[0], base


def _refuser(choix: Any, route: str, libelle: str) -> None:
    if route in choix.routes:
        return
    motifs = choix.refus or ()
    details = " ; ".join(m.message for m in motifs) or choix.motif
    articles = tuple(a for m in motifs for a in m.articles) or choix.references
    raise ProcedureRefusee(
        f"{libelle} refusée : {details}", fichier=choix.dossier, articles=articles
    )


def _contexte(donnees: dict[str, Any], decompte: Any, mentions: list[tuple[str, str]]) -> Any:
    from escalade.documents.catalogue import Contexte
    from escalade.documents.mentions import Mention

    return Contexte(
        donnees["modele"], donnees, decompte, tuple(Mention(lib, txt) for lib, txt in mentions)
    )


def _mentions_communes(donnees: dict[str, Any], total: Any) -> list[tuple[str, str]]:
    from escalade.documents.environnement import en_lettres, montant

    return [
        ("total en chiffres", montant(total)),
        ("total en lettres", en_lettres(total)),
        ("débiteur", donnees["debiteur"]["nom"]),
        *(("facture", f["numero"]) for f in donnees["factures"]),
        *(("pièce", f"Pièce n° {p['numero']}") for p in donnees["pieces"]),
    ]


def _ecrire(sortie: Path, nom: str, contenu: bytes) -> Path:
    from escalade.documents.sortie import ecrire_atomique

    chemin = sortie / nom
    ecrire_atomique(chemin, contenu)
    return chemin


def _nom(reference: str, suffixe: str) -> str:
    from escalade.documents.catalogue import nom_sur

    return nom_sur(reference) + suffixe


@commande(name="injonction")
@click.argument("dossier")
@OPTION_SORTIE
@click.option(
    "--format", "format_", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True,
    help="PDF : requête PDF/A-3b et dossier complet avec les pièces ; DOCX : requête modifiable.",
)  # fmt: skip
@click.option("--juridiction-nom", help="Nom exact de la juridiction (sinon celui du dossier).")
@click.option(
    "--juridiction-adresse", multiple=True, help="Adresse de la juridiction (une option par ligne)."
)
@OPTION_DATE
@click.option(
    "--pieces",
    "dossier_pieces",
    type=click.Path(file_okay=False, dir_okay=True, exists=True, path_type=Path),
    help="Dossier des pièces (par défaut : celui du fichier de dossier, ou le répertoire "
    "courant pour un dossier du dépôt). Aucune pièce n'est lue hors de ce dossier.",
)
@OPTION_DB
@OPTION_JSON
@OPTION_MODELES
def injonction(
    dossier: str, sortie: Path, format_: str, juridiction_nom: str | None,
    juridiction_adresse: tuple[str, ...], le: date | None, en_json: bool,
    dossier_pieces: Path | None = None, db: str | None = None,
    modeles: Path | None = None,
) -> None:  # fmt: skip
    """Requête en injonction de payer (CPC 1405 à 1407), bordereau et pièces numérotées.

    Refusée (code 3) si la voie n'est pas ouverte : litige, procédure collective, dette
    prescrite, délai de la mise en demeure non expiré. Les pièces absentes sont listées
    comme manquantes, jamais omises.
    """
    from escalade.documents.chemins_pieces import lisible
    from escalade.documents.modeles_utilisateur import utiliser
    from escalade.droit.jurisprudence import jurisprudence

    utiliser(modeles)
    from escalade.procedures.injonction_de_payer import requete
    from escalade.recouvrement.routes import choisir

    jour = le or aujourdhui()
    jur = jurisprudence()
    d, base = _avec_pieces(un_dossier(dossier, db, jour), dossier_pieces)
    adresse = juridiction_adresse or None
    _refuser(choisir(d, jour, jur, None, juridiction_nom, adresse), "injonction_de_payer",
             "injonction de payer")  # fmt: skip
    r = requete(d, jour, jur, lambda c: lisible(base, c), juridiction_nom, adresse)
    mentions = _mentions_communes(r.donnees, r.choix.total) + [
        ("bordereau", "Bordereau des pièces"),
        ("demandeur", r.donnees["demandeur"]["nom"]),
    ]
    if r.donnees["cerfa"]:
        mentions.append(("formulaire Cerfa", r.donnees["cerfa"]))
    contexte = _contexte(r.donnees, r.decompte, mentions)
    fichiers = _produire(contexte, r.pieces, base, sortie, format_, "_requete_injonction",
                         "_dossier_injonction.pdf", "Requête en injonction de payer")  # fmt: skip
    resultat = {
        "dossier": d.reference,
        "route": r.choix.route,
        "routes": list(r.choix.routes),
        "juridiction": r.donnees["juridiction"],
        "cerfa": r.donnees["cerfa"] or None,
        "principal": f"{r.choix.principal:.2f}",
        "accessoires": f"{r.choix.interets:.2f}",
        "indemnites": f"{r.choix.indemnites:.2f}",
        "total": f"{r.choix.total:.2f}",
        "pieces": [
            {"numero": p.numero, "libelle": p.libelle, "chemin": p.chemin, "presente": p.presente}
            for p in r.pieces
        ],
        "manquantes": [p.numero for p in r.manquantes],
        "a_completer": r.donnees["a_completer"],
        "notes": [n.message for n in r.choix.notes],
        "fichiers": [str(f) for f in fichiers],
        "references": r.donnees["references"],
    }
    _afficher(resultat, en_json, "Requête en injonction de payer")


def _avec_pieces(lu: tuple[Dossier, Path], dossier_pieces: Path | None) -> tuple[Dossier, Path]:
    """The dossier and its evidence folder (`--pieces` if given); every evidence path of the
    dossier must stay inside it (refused, naming the field, before anything is read)."""
    from escalade.documents.chemins_pieces import verifier_pieces

    d, base = lu
    base = (dossier_pieces or base).resolve()
    verifier_pieces(d, base)
    return d, base


def _produire(
    contexte: Any, pieces: Any, base: Path, sortie: Path, format_: str, suffixe: str,
    suffixe_dossier: str, titre: str,
) -> list[Path]:  # fmt: skip
    from escalade.documents.rendu import rendre_docx, rendre_pdf
    from escalade.documents.sortie import preparer_dossier

    reference = contexte.donnees["dossier"]
    if format_ == "docx":
        contenu = rendre_docx(contexte)
        preparer_dossier(sortie)
        return [_ecrire(sortie, _nom(reference, suffixe + ".docx"), contenu)]
    from escalade.documents.pieces import assembler

    pdf = rendre_pdf(contexte).contenu
    complet, _ = assembler(pdf, pieces, base, titre)
    preparer_dossier(sortie)
    return [
        _ecrire(sortie, _nom(reference, suffixe + ".pdf"), pdf),
        _ecrire(sortie, _nom(reference, suffixe_dossier), complet),
    ]


def _afficher(resultat: dict[str, Any], en_json: bool, titre: str) -> None:
    if en_json:
        imprimer_json(resultat)
        return
    click.echo(f"{titre} – dossier {resultat['dossier']}")
    if "juridiction" in resultat:
        j = resultat["juridiction"]
        click.echo(f"  juridiction : {j['designation']} ({j['juge']})")
        click.echo(f"  compétence : {j['regle_territoriale']}")
        for p in j["a_verifier"]:
            click.echo(f"  à vérifier : {p}")
    if resultat.get("cerfa"):
        click.echo(f"  formulaire Cerfa n° {resultat['cerfa']}")
    from decimal import Decimal

    from escalade.droit.format_fr import montant_fr

    click.echo(f"  total réclamé : {montant_fr(Decimal(resultat['total']))}")
    for p in resultat["pieces"]:
        etat = "jointe" if p["presente"] else "MANQUANTE"
        click.echo(f"  pièce n° {p['numero']} : {p['libelle']} – {etat}")
    for m in resultat.get("a_completer", []):
        click.echo(f"  à compléter (CPC art. 57) : {m}")
    for n in resultat.get("notes", []):
        click.echo(f"  note : {n}")
    for f in resultat["fichiers"]:
        click.echo(f"  écrit : {f}")


@commande(name="petites-creances")
@click.argument("dossier")
@OPTION_SORTIE
@click.option(
    "--format", "format_", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True,
    help="PDF : demande PDF/A-3b et dossier complet avec les pièces ; DOCX : demande modifiable.",
)  # fmt: skip
@OPTION_DATE
@click.option(
    "--pieces",
    "dossier_pieces",
    type=click.Path(file_okay=False, dir_okay=True, exists=True, path_type=Path),
    help="Dossier des pièces (par défaut : celui du fichier de dossier, ou le répertoire "
    "courant pour un dossier du dépôt). Aucune pièce n'est lue hors de ce dossier.",
)
@OPTION_DB
@OPTION_JSON
@OPTION_MODELES
def petites_creances(
    dossier: str, sortie: Path, format_: str, le: date | None, en_json: bool,
    dossier_pieces: Path | None = None, db: str | None = None,
    modeles: Path | None = None,
) -> None:  # fmt: skip
    """Demande de recouvrement d'une petite créance au commissaire de justice (CPCE L125-1).

    Refusée (code 3) si la créance n'y est pas éligible à cette date (plafond de
    l'article R125-1, litige, procédure collective, prescription, délai non expiré).
    """
    from escalade.documents.chemins_pieces import lisible
    from escalade.documents.modeles_utilisateur import utiliser
    from escalade.droit.jurisprudence import jurisprudence

    utiliser(modeles)
    from escalade.procedures.petites_creances import demande

    jour = le or aujourdhui()
    jur = jurisprudence()
    d, base = _avec_pieces(un_dossier(dossier, db, jour), dossier_pieces)
    dem = demande(d, jour, jur, lambda c: lisible(base, c))
    _refuser(dem.eligibilite.choix, "petites_creances", "procédure des petites créances")
    from escalade.droit.decompte import calculer

    mentions = _mentions_communes(dem.donnees, dem.eligibilite.choix.total) + [
        ("frais à la charge du créancier", "à la charge exclusive du créancier"),
        ("article", "L125-1"),
    ]
    contexte = _contexte(dem.donnees, calculer(d, jour, jur), mentions)
    fichiers = _produire(contexte, dem.pieces, base, sortie, format_, "_demande_petites_creances",
                         "_dossier_petites_creances.pdf", "Demande petites créances")  # fmt: skip
    c = dem.eligibilite.choix
    resultat = {
        "dossier": d.reference,
        "eligible": dem.eligibilite.eligible,
        "principal": f"{c.principal:.2f}",
        "interets": f"{c.interets:.2f}",
        "montant_r125_1": f"{c.montant_r125_1:.2f}",
        "plafond": f"{c.plafond_petites_creances:.2f}" if c.plafond_petites_creances else None,
        "indemnites": f"{c.indemnites:.2f}",
        "total": f"{c.total:.2f}",
        "pieces": dem.donnees["pieces"],
        "manquantes": dem.donnees["manquantes"],
        "notes": [n.message for n in c.notes],
        "fichiers": [str(f) for f in fichiers],
        "references": dem.donnees["references"],
    }
    _afficher(resultat, en_json, "Demande de recouvrement d'une petite créance")
