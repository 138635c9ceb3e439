"""Court-file commands: `injonction`, `petites-creances`, and the after-filing records.

The route is checked first (escalade.routes): a refused route exits with code 3 and every
reason, nothing written. WeasyPrint, docxtpl and pypdf are imported inside the commands.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.parametres import DATE, aujourdhui, dossiers_depuis, imprimer_json
from escalade.erreurs import EntreeInvalide, ErreurEscalade
from escalade.modele import Dossier

OPTION_JSON = click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")
OPTION_DATE = click.option("--date", "le", type=DATE, help="Date (par défaut : aujourd'hui).")
OPTION_SORTIE = click.option(
    "--sortie", type=click.Path(path_type=Path), default=Path("."), show_default=True,
    help="Dossier où écrire les fichiers.",
)  # fmt: skip


class ProcedureRefusee(ErreurEscalade):
    """The route asked for is not open for this dossier on this date: exit code 3."""

    code_sortie = 3


def _un_dossier(source: str) -> tuple[Dossier, Path]:
    """The dossier and the folder its evidence paths are relative to."""
    dossiers = dossiers_depuis(source)
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
    from escalade.documents.contextes import Contexte, Mention

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
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in reference) + suffixe


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
@OPTION_JSON
def injonction(
    dossier: str, sortie: Path, format_: str, juridiction_nom: str | None,
    juridiction_adresse: tuple[str, ...], le: date | None, en_json: bool,
) -> None:  # fmt: skip
    """Requête en injonction de payer (CPC 1405 à 1407), bordereau et pièces numérotées.

    Refusée (code 3) si la voie n'est pas ouverte : litige, procédure collective, dette
    prescrite, délai de la mise en demeure non expiré. Les pièces absentes sont listées
    comme manquantes, jamais omises.
    """
    from escalade.injonction_de_payer import requete
    from escalade.jurisprudence import jurisprudence
    from escalade.routes import choisir

    jour = le or aujourdhui()
    jur = jurisprudence()
    d, base = _un_dossier(dossier)
    adresse = juridiction_adresse or None
    _refuser(choisir(d, jour, jur, None, juridiction_nom, adresse), "injonction_de_payer",
             "injonction de payer")  # fmt: skip
    r = requete(d, jour, jur, lambda c: (base / c).is_file(), juridiction_nom, adresse)
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
    from escalade.pieces import assembler

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

    from escalade.format_fr import montant_fr

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
@OPTION_JSON
def petites_creances(
    dossier: str, sortie: Path, format_: str, le: date | None, en_json: bool
) -> None:
    """Demande de recouvrement d'une petite créance au commissaire de justice (CPCE L125-1).

    Refusée (code 3) si la créance n'y est pas éligible à cette date (plafond de
    l'article R125-1, litige, procédure collective, prescription, délai non expiré).
    """
    from escalade.jurisprudence import jurisprudence
    from escalade.petites_creances import demande

    jour = le or aujourdhui()
    jur = jurisprudence()
    d, base = _un_dossier(dossier)
    dem = demande(d, jour, jur, lambda c: (base / c).is_file())
    _refuser(dem.eligibilite.choix, "petites_creances", "procédure des petites créances")
    from escalade.decompte import calculer

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


# --- after filing -------------------------------------------------------------------

CHAMPS_INJONCTION = ("requete_deposee_le", "ordonnance_le", "signifiee_le", "opposition_le",
                     "executoire_le")  # fmt: skip
CHAMPS_PETITES_CREANCES = ("demande_le", "invitation_envoyee_le", "accord_le", "refus_le")


def _enregistrer_fichier(source: str, section: str, valeurs: dict[str, Any]) -> Dossier:
    """Merge `valeurs` into the `section` of a dossier file (YAML or JSON), after checking
    the result is a valid dossier; a store reference is refused (no column for it yet)."""
    from escalade.chargement import charger_fichier, lire_donnees, lire_texte

    chemin = Path(source)
    if not chemin.is_file():
        raise EntreeInvalide(
            "l'enregistrement se fait dans un fichier de dossier (YAML ou JSON) ; le dépôt "
            "ne conserve pas encore ces dates",
            fichier=source,
        )
    format_ = "json" if chemin.suffix.lower() == ".json" else "yaml"
    texte = lire_texte(chemin)
    donnees = lire_donnees(texte, source, format_)
    if not isinstance(donnees, dict):
        raise EntreeInvalide("un seul dossier attendu (pas une liste)", fichier=source)
    section_actuelle = dict(donnees.get(section) or {})
    section_actuelle.update(valeurs)
    donnees[section] = section_actuelle
    _valider(donnees, source)
    if format_ == "json":
        nouveau = json.dumps(donnees, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        nouveau = _remplacer_section_yaml(texte, section, section_actuelle)
    from escalade.documents.sortie import ecrire_atomique

    ecrire_atomique(chemin, nouveau.encode("utf-8"))
    return charger_fichier(chemin)[0]


def _valider(donnees: dict[str, Any], source: str) -> None:
    from pydantic import ValidationError

    try:
        Dossier.model_validate(json.loads(json.dumps(donnees, default=str)))
    except ValidationError as e:
        premiere = e.errors()[0]
        champ = ".".join(str(x) for x in premiere["loc"])
        raise EntreeInvalide(premiere["msg"], fichier=source, champ=champ) from None


def _remplacer_section_yaml(texte: str, section: str, valeurs: dict[str, Any]) -> str:
    """Replace (or append) one top-level block of a YAML file, leaving the rest as written."""
    import yaml

    bloc = yaml.safe_dump(
        {section: json.loads(json.dumps(valeurs, default=str))},
        allow_unicode=True, sort_keys=False, default_flow_style=False,
    )  # fmt: skip
    lignes = texte.splitlines(keepends=True)
    debut = next((i for i, li in enumerate(lignes) if li.startswith(f"{section}:")), None)
    if debut is None:
        return texte + ("" if texte.endswith("\n") else "\n") + bloc
    fin = debut + 1
    while fin < len(lignes) and (
        lignes[fin].startswith((" ", "\t", "#")) or not lignes[fin].strip()
    ):
        fin += 1
    return "".join(lignes[:debut]) + bloc + "".join(lignes[fin:])


def _suivi_injonction(d: Dossier, jour: date, en_json: bool) -> None:
    from escalade.injonction_de_payer import suivi
    from escalade.jurisprudence import jurisprudence

    s = suivi(d, jour, jurisprudence())
    if en_json:
        imprimer_json({
            "dossier": d.reference, "date": jour.isoformat(), "etat": s.etat,
            "message": s.message,
            "signification_limite": s.signification_limite.echeance.isoformat()
            if s.signification_limite else None,
            "opposition_limite": s.opposition_limite.echeance.isoformat()
            if s.opposition_limite else None,
            "references": list(s.references),
        })  # fmt: skip
        return
    click.echo(f"Injonction de payer – dossier {d.reference} : {s.message}")
    click.echo(f"  références : {', '.join(s.references)}")


@commande(name="injonction-suivi")
@click.argument("dossier")
@click.option("--deposee-le", "requete_deposee_le", type=DATE, help="Date de dépôt de la requête.")
@click.option("--ordonnance-le", type=DATE, help="Date de l'ordonnance (CPC 1411 : six mois).")
@click.option("--signifiee-le", type=DATE, help="Date de la signification (CPC 1416 : un mois).")
@click.option(
    "--non-a-personne", is_flag=True, help="Signification qui n'a pas été faite à personne."
)
@click.option("--opposition-le", type=DATE, help="Date de l'opposition du débiteur.")
@click.option("--executoire-le", type=DATE, help="Date à laquelle l'ordonnance est exécutoire.")
@click.option("--rejetee", is_flag=True, help="La requête a été rejetée (CPC 1409).")
@OPTION_DATE
@OPTION_JSON
def injonction_suivi(
    dossier: str, le: date | None, en_json: bool, non_a_personne: bool, rejetee: bool,
    **dates: date | None,
) -> None:  # fmt: skip
    """Suivi de l'injonction de payer : enregistre les dates et affiche les délais.

    Sans option de date, affiche l'état et les délais (signification dans les six mois de
    l'ordonnance, opposition dans le mois de la signification). Avec une option, l'écrit
    d'abord dans le fichier du dossier (le reste du fichier est conservé tel quel).
    """
    valeurs: dict[str, Any] = {k: v.isoformat() for k, v in dates.items() if v is not None}
    if non_a_personne:
        valeurs["signifiee_a_personne"] = False
    if rejetee:
        valeurs["rejetee"] = True
    if valeurs:
        d = _enregistrer_fichier(dossier, "injonction", valeurs)
    else:
        d, _ = _un_dossier(dossier)
    _suivi_injonction(d, le or aujourdhui(), en_json)


@commande(name="petites-creances-suivi")
@click.argument("dossier")
@click.option("--demande-le", type=DATE, help="Date de la demande au commissaire de justice.")
@click.option(
    "--invitation-le", "invitation_envoyee_le", type=DATE,
    help="Date d'envoi de l'invitation au débiteur (un mois à compter de cet envoi).",
)  # fmt: skip
@click.option("--accord-le", type=DATE, help="Date de l'accord constaté.")
@click.option("--refus-le", type=DATE, help="Date du refus constaté.")
@click.option("--commissaire", "commissaire_nom", help="Nom du commissaire de justice.")
@OPTION_DATE
@OPTION_JSON
def petites_creances_suivi(
    dossier: str, le: date | None, en_json: bool, commissaire_nom: str | None,
    **dates: date | None,
) -> None:  # fmt: skip
    """Suivi de la procédure des petites créances : enregistre les dates et affiche l'état.

    Le silence du débiteur un mois après l'invitation vaut refus et ouvre la voie judiciaire.
    """
    from escalade.jurisprudence import jurisprudence
    from escalade.petites_creances import etat

    valeurs: dict[str, Any] = {k: v.isoformat() for k, v in dates.items() if v is not None}
    if commissaire_nom:
        valeurs["commissaire_nom"] = commissaire_nom
    d = (
        _enregistrer_fichier(dossier, "petites_creances", valeurs)
        if valeurs
        else _un_dossier(dossier)[0]
    )
    jour = le or aujourdhui()
    e = etat(d, jour, jurisprudence())
    if en_json:
        imprimer_json({"dossier": d.reference, "date": jour.isoformat(), "etat": e.etat,
                       "message": e.message,
                       "fin_procedure": e.fin_procedure.isoformat() if e.fin_procedure else None,
                       "references": list(e.references)})  # fmt: skip
        return
    click.echo(f"Petites créances – dossier {d.reference} : {e.message}")
    click.echo(f"  références : {', '.join(e.references)}")
