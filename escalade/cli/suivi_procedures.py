"""Court-file follow-up: `injonction-suivi` and `petites-creances-suivi`.

The dates recorded after filing (deposit, ordonnance, service, opposition, enforceability;
request, invitation, agreement, refusal), on a dossier file or on a stored dossier, and the
state and time limits that follow. The requests themselves are `escalade.cli.procedures`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_JSON
from escalade.cli.parametres import DATE, MONTANT, aujourdhui, imprimer_json, maintenant
from escalade.cli.procedures import (
    OPTION_DATE,
    OPTION_DB,
    OPTION_OPERATEUR,
    est_fichier,
    un_dossier,
)
from escalade.cli.transitions import lire_echeances
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier

SECTIONS_ECRITES = ("injonction", "petites_creances", "etape", "historique")


# --- after filing -------------------------------------------------------------------
#
# Each date recorded is a dated transition of the pure core (escalade.procedures.etapes: filing,
# ordonnance, service, opposition, enforceability; request, invitation, agreement,
# refusal), refused with its reason when out of sequence. On a dossier file the result is
# written back into the file (its court record, and its étape and history when the filing
# starts the route; the rest of the file stays as written); on a store reference it is
# stored in one transaction with the events in the append-only history.


def _charger(source: str, db: str | None) -> Dossier:
    return un_dossier(source, db)[0]


def _evenement(classe: Any, champs: dict[str, Any]) -> Any:
    """An event of escalade.procedures.etapes from the options (French message on bad input)."""
    from pydantic import ValidationError

    from escalade.entrees.validation_dossier import _chemin, _message

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
    if est_fichier(source):
        return _enregistrer_fichier(source, evenements, jour)
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.stockage.moteur import moteur
    from escalade.stockage.transitions import enregistrer_transitions

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
    avant = un_dossier(source)[0]
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
    from escalade.procedures.suivi_injonction import suivi

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
    from escalade.procedures import evenements as E

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
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures import evenements as E
    from escalade.procedures.petites_creances import etat

    jour = le or aujourdhui()
    _exiger(commissaire_nom and demande_le is None, "--commissaire", "--demande-le")
    _exiger((montant_accord is not None or echeances) and accord_le is None,
            "--montant ou --echeance", "--accord-le")  # fmt: skip
    accord: dict[str, Any] = {"accord_le": accord_le, "echeances": lire_echeances(echeances)}
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
