"""Court-file commands: `injonction`, `petites-creances`, and the after-filing records.

The route is checked first (escalade.recouvrement.routes): a refused route exits with code 3 and
every
reason, nothing written. WeasyPrint, docxtpl and pypdf are imported inside the commands.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.parametres import DATE, MONTANT, aujourdhui, dossiers_depuis, imprimer_json
from escalade.droit.erreurs import EntreeInvalide, ErreurEscalade
from escalade.droit.modele import Dossier

OPTION_JSON = click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")
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
SECTIONS_ECRITES = ("injonction", "petites_creances", "etape", "historique")


def _est_fichier(source: str) -> bool:
    chemin = Path(source)
    return chemin.exists() or chemin.suffix.lower() in {".yaml", ".yml", ".json", ".csv"}


class ProcedureRefusee(ErreurEscalade):
    """The route asked for is not open for this dossier on this date: exit code 3."""

    code_sortie = 3


def _un_dossier(source: str, db: str | None = None) -> tuple[Dossier, Path]:
    """The dossier (a file, or a reference in the store `db`) and the folder its evidence
    paths are relative to (the file's, or the current directory for the store)."""
    if db is not None and not _est_fichier(source):
        from escalade.stockage.depot import dossier_par_reference

        return dossier_par_reference(source, db), Path.cwd()
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
@OPTION_DB
@OPTION_JSON
def injonction(
    dossier: str, sortie: Path, format_: str, juridiction_nom: str | None,
    juridiction_adresse: tuple[str, ...], le: date | None, en_json: bool, db: str | None = None,
) -> None:  # fmt: skip
    """Requête en injonction de payer (CPC 1405 à 1407), bordereau et pièces numérotées.

    Refusée (code 3) si la voie n'est pas ouverte : litige, procédure collective, dette
    prescrite, délai de la mise en demeure non expiré. Les pièces absentes sont listées
    comme manquantes, jamais omises.
    """
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures.injonction_de_payer import requete
    from escalade.recouvrement.routes import choisir

    jour = le or aujourdhui()
    jur = jurisprudence()
    d, base = _un_dossier(dossier, db)
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
@OPTION_DB
@OPTION_JSON
def petites_creances(
    dossier: str, sortie: Path, format_: str, le: date | None, en_json: bool,
    db: str | None = None,
) -> None:  # fmt: skip
    """Demande de recouvrement d'une petite créance au commissaire de justice (CPCE L125-1).

    Refusée (code 3) si la créance n'y est pas éligible à cette date (plafond de
    l'article R125-1, litige, procédure collective, prescription, délai non expiré).
    """
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures.petites_creances import demande

    jour = le or aujourdhui()
    jur = jurisprudence()
    d, base = _un_dossier(dossier, db)
    dem = demande(d, jour, jur, lambda c: (base / c).is_file())
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


# --- after filing -------------------------------------------------------------------
#
# Each date recorded is a dated transition of the pure core (escalade.procedures.etapes: filing,
# ordonnance, service, opposition, enforceability; request, invitation, agreement,
# refusal), refused with its reason when out of sequence. On a dossier file the result is
# written back into the file (its court record, and its étape and history when the filing
# starts the route; the rest of the file stays as written); on a store reference it is
# stored in one transaction with the events in the append-only history.


def _charger(source: str, db: str | None) -> Dossier:
    return _un_dossier(source, db)[0]


def _evenement(classe: Any, champs: dict[str, Any]) -> Any:
    """An event of escalade.procedures.etapes from the options (French message on bad input)."""
    from pydantic import ValidationError

    from escalade.entrees.chargement import _chemin, _message

    try:
        return classe.model_validate(champs)
    except ValidationError as e:
        premiere = e.errors()[0]
        raise EntreeInvalide(_message(premiere), champ=_chemin(tuple(premiere["loc"]))) from None


def _enregistrer(
    source: str, evenements: list[Any], jour: date, db: str | None, operateur: str | None
) -> Dossier:
    """Apply the events through the core, to the dossier file or to the stored dossier."""
    if not evenements:
        return _charger(source, db)
    if _est_fichier(source):
        return _enregistrer_fichier(source, evenements, jour)
    from escalade.cli.parametres import maintenant
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.stockage.journal import enregistrer_transitions
    from escalade.stockage.moteur import moteur

    enregistrer_transitions(moteur(db, creer=False), source, evenements, jour, jurisprudence(),
                            maintenant(), operateur)  # fmt: skip
    return _charger(source, db)


def _enregistrer_fichier(source: str, evenements: list[Any], jour: date) -> Dossier:
    """Apply the events to a dossier file (YAML or JSON) and write the changed sections back."""
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.entrees.chargement import charger_fichier, lire_donnees, lire_texte
    from escalade.procedures.etapes import appliquer

    chemin = Path(source)
    format_ = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}.get(chemin.suffix.lower())
    if format_ is None:
        raise EntreeInvalide(
            "l'enregistrement se fait dans un fichier de dossier YAML ou JSON, ou dans le dépôt "
            "(référence du dossier)",
            fichier=source,
        )
    avant = _un_dossier(source)[0]
    texte = lire_texte(chemin)
    donnees = lire_donnees(texte, source, format_)
    if not isinstance(donnees, dict):
        raise EntreeInvalide("un seul dossier attendu (pas une liste)", fichier=source)
    jur = jurisprudence()
    apres = avant
    for e in evenements:
        apres = appliquer(apres, e, jour, jur)
    changees = {}
    for section in SECTIONS_ECRITES:
        valeur = getattr(apres, section)
        if valeur != getattr(avant, section):
            changees[section] = _en_donnees(valeur)
    if not changees:
        return avant
    donnees.update(changees)
    _valider(donnees, source)
    if format_ == "json":
        nouveau = json.dumps(donnees, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        nouveau = texte
        for section, valeur in changees.items():
            nouveau = _remplacer_section_yaml(nouveau, section, valeur)
    from escalade.documents.sortie import ecrire_atomique

    ecrire_atomique(chemin, nouveau.encode("utf-8"))
    return charger_fichier(chemin)[0]


def _en_donnees(valeur: Any) -> Any:
    """A part of the dossier as the file writes it (defaults and empty values left out)."""
    if isinstance(valeur, list):
        return [_en_donnees(v) for v in valeur]
    if hasattr(valeur, "model_dump"):
        return valeur.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    return valeur


def _valider(donnees: dict[str, Any], source: str) -> None:
    from pydantic import ValidationError

    try:
        Dossier.model_validate(json.loads(json.dumps(donnees, default=str)))
    except ValidationError as e:
        premiere = e.errors()[0]
        champ = ".".join(str(x) for x in premiere["loc"])
        raise EntreeInvalide(premiere["msg"], fichier=source, champ=champ) from None


def _remplacer_section_yaml(texte: str, section: str, valeurs: Any) -> str:
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
        lignes[fin].startswith((" ", "\t", "#", "-")) or not lignes[fin].strip()
    ):
        fin += 1
    return "".join(lignes[:debut]) + bloc + "".join(lignes[fin:])


def _suivi_injonction(d: Dossier, jour: date, en_json: bool, evenements: list[Any]) -> None:
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures.injonction_de_payer import suivi

    s = suivi(d, jour, jurisprudence())
    if en_json:
        imprimer_json({
            "dossier": d.reference, "date": jour.isoformat(), "etat": s.etat,
            "message": s.message,
            "signification_limite": s.signification_limite.echeance.isoformat()
            if s.signification_limite else None,
            "opposition_limite": s.opposition_limite.echeance.isoformat()
            if s.opposition_limite else None,
            "etape": d.etape,
            "enregistre": [e.model_dump(mode="json") for e in evenements],
            "references": list(s.references),
        })  # fmt: skip
        return
    click.echo(f"Injonction de payer – dossier {d.reference} : {s.message}")
    click.echo(f"  références : {', '.join(s.references)}")


def _si(option: object, **champs: Any) -> dict[str, Any] | None:
    """The fields of an event when its option was given."""
    return champs if option else None


def _exiger(valeur: Any, option: str, avec: str) -> None:
    if valeur:
        raise click.UsageError(f"{option} s'emploie avec {avec}")


@commande(name="injonction-suivi")
@click.argument("dossier")
@click.option("--deposee-le", type=DATE, help="Date de dépôt de la requête.")
@click.option("--ordonnance-le", type=DATE, help="Date de l'ordonnance (CPC 1411 : six mois).")
@click.option("--signifiee-le", type=DATE, help="Date de la signification (CPC 1416 : un mois).")
@click.option(
    "--non-a-personne", is_flag=True, help="Signification qui n'a pas été faite à personne."
)
@click.option("--opposition-le", type=DATE, help="Date de l'opposition du débiteur.")
@click.option("--executoire-le", type=DATE, help="Date à laquelle l'ordonnance est exécutoire.")
@click.option(
    "--rejetee", is_flag=True, help="La requête a été rejetée (CPC 1409), à la date --date."
)
@OPTION_DATE
@OPTION_DB
@OPTION_OPERATEUR
@OPTION_JSON
def injonction_suivi(
    dossier: str, deposee_le: date | None, ordonnance_le: date | None,
    signifiee_le: date | None, non_a_personne: bool, opposition_le: date | None,
    executoire_le: date | None, rejetee: bool, le: date | None, db: str | None,
    operateur: str | None, en_json: bool,
) -> None:  # fmt: skip
    """Suivi de l'injonction de payer : enregistre les dates et affiche les délais.

    DOSSIER : fichier de dossier (YAML ou JSON) ou référence d'un dossier du dépôt. Sans
    option de date, affiche l'état et les délais (signification dans les six mois de
    l'ordonnance, opposition dans le mois de la signification). Avec des options, chaque
    date est une transition datée, dans l'ordre dépôt, ordonnance, signification,
    opposition, caractère exécutoire, refusée (code 2) si elle est incohérente : elle est
    écrite dans le fichier (le reste du fichier est conservé tel quel) ou dans le dépôt
    (historique). Enregistrer deux fois la même date ne change rien.
    """
    from escalade.procedures import etapes as E

    jour = le or aujourdhui()
    _exiger(non_a_personne and signifiee_le is None, "--non-a-personne", "--signifiee-le")
    candidats: list[tuple[Any, dict[str, Any] | None]] = [
        (E.InjonctionDeposee, _si(deposee_le, requete_deposee_le=deposee_le)),
        (E.InjonctionOrdonnance, _si(ordonnance_le, ordonnance_le=ordonnance_le)),
        (E.InjonctionRejetee, _si(rejetee, rejetee_le=jour)),
        (E.InjonctionSignifiee,
         _si(signifiee_le, signifiee_le=signifiee_le, a_personne=not non_a_personne)),
        (E.InjonctionOpposition, _si(opposition_le, opposition_le=opposition_le)),
        (E.InjonctionExecutoire, _si(executoire_le, executoire_le=executoire_le)),
    ]  # fmt: skip
    evenements = [_evenement(c, champs) for c, champs in candidats if champs]
    d = _enregistrer(dossier, evenements, jour, db, operateur)
    _suivi_injonction(d, jour, en_json, evenements)


@commande(name="petites-creances-suivi")
@click.argument("dossier")
@click.option("--demande-le", type=DATE, help="Date de la demande au commissaire de justice.")
@click.option(
    "--commissaire", "commissaire_nom", help="Avec --demande-le : nom du commissaire de justice."
)
@click.option(
    "--invitation-le", "invitation_envoyee_le", type=DATE,
    help="Date d'envoi de l'invitation au débiteur (un mois à compter de cet envoi).",
)  # fmt: skip
@click.option("--accord-le", type=DATE, help="Date de l'accord constaté.")
@click.option(
    "--montant", "montant_accord", type=MONTANT, help="Avec --accord-le : montant convenu."
)
@click.option(
    "--echeance", "echeances", multiple=True,
    help="Avec --accord-le : une échéance AAAA-MM-JJ:MONTANT (option répétée).",
)  # fmt: skip
@click.option("--refus-le", type=DATE, help="Date du refus constaté.")
@OPTION_DATE
@OPTION_DB
@OPTION_OPERATEUR
@OPTION_JSON
def petites_creances_suivi(
    dossier: str, demande_le: date | None, commissaire_nom: str | None,
    invitation_envoyee_le: date | None, accord_le: date | None, montant_accord: Any,
    echeances: tuple[str, ...], refus_le: date | None, le: date | None, db: str | None,
    operateur: str | None, en_json: bool,
) -> None:  # fmt: skip
    """Suivi de la procédure des petites créances : enregistre les dates et affiche l'état.

    DOSSIER : fichier de dossier (YAML ou JSON) ou référence d'un dossier du dépôt. Chaque
    date est une transition datée (demande, invitation, accord ou refus), refusée (code 2)
    si elle est incohérente. Le silence du débiteur un mois après l'invitation vaut refus
    et ouvre la voie judiciaire.
    """
    from escalade.cli.depot import _echeances
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures import etapes as E
    from escalade.procedures.petites_creances import etat

    jour = le or aujourdhui()
    _exiger(commissaire_nom and demande_le is None, "--commissaire", "--demande-le")
    _exiger((montant_accord is not None or echeances) and accord_le is None,
            "--montant ou --echeance", "--accord-le")  # fmt: skip
    accord: dict[str, Any] = {"accord_le": accord_le, "echeances": _echeances(echeances)}
    if montant_accord is not None:
        accord["montant_accord"] = montant_accord
    candidats: list[tuple[Any, dict[str, Any] | None]] = [
        (E.PetitesCreancesDemandee,
         _si(demande_le, demande_le=demande_le, commissaire_nom=commissaire_nom)),
        (E.PetitesCreancesInvitation,
         _si(invitation_envoyee_le, invitation_envoyee_le=invitation_envoyee_le)),
        (E.PetitesCreancesAccord, _si(accord_le, **accord)),
        (E.PetitesCreancesRefus, _si(refus_le, refus_le=refus_le)),
    ]  # fmt: skip
    evenements = [_evenement(c, champs) for c, champs in candidats if champs]
    d = _enregistrer(dossier, evenements, jour, db, operateur)
    e = etat(d, jour, jurisprudence())
    if en_json:
        imprimer_json({"dossier": d.reference, "date": jour.isoformat(), "etat": e.etat,
                       "message": e.message,
                       "fin_procedure": e.fin_procedure.isoformat() if e.fin_procedure else None,
                       "etape": d.etape,
                       "enregistre": [x.model_dump(mode="json") for x in evenements],
                       "references": list(e.references)})  # fmt: skip
        return
    click.echo(f"Petites créances – dossier {d.reference} : {e.message}")
    click.echo(f"  références : {', '.join(e.references)}")
