"""Readable French tables on a terminal (plain text: no heavy import at start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import click

from escalade.droit.decompte import Decompte
from escalade.droit.format_fr import date_courte, date_longue, montant_fr, pourcent_fr
from escalade.droit.modele import Dossier

TYPES = {
    "professionnel": "professionnel",
    "consommateur": "consommateur",
    "personne_publique": "personne publique",
}


def tableau(entetes: Sequence[str], lignes: Sequence[Sequence[str]], droite: set[int]) -> list[str]:
    """Align columns; the columns in `droite` are right-aligned (amounts)."""
    largeurs = [max(len(str(x)) for x in col) for col in zip(entetes, *lignes, strict=True)]

    def formater(ligne: Sequence[str]) -> str:
        cellules = [
            str(c).rjust(w) if i in droite else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(ligne, largeurs, strict=True))
        ]
        return "  ".join(cellules).rstrip()

    return [formater(entetes), "  ".join("─" * w for w in largeurs), *map(formater, lignes)]


def afficher_decompte(dossier: Dossier, d: Decompte) -> None:
    echo = click.echo
    titre = f"Décompte du dossier {d.dossier} au {date_longue(d.date)}"
    echo(click.style(titre, bold=True))
    echo(f"Créancier : {dossier.creancier.nom}")
    echo(f"Débiteur  : {dossier.debiteur.nom} ({TYPES[dossier.debiteur.type]})")
    echo(f"Régime    : {d.regime.libelle}")
    echo("")
    accessoire = "Pénalités" if d.regime.nature == "penalites" else "Intérêts"
    lignes = [
        [
            ligne.facture.numero + (" (litige)" if ligne.en_litige else ""),
            date_courte(ligne.facture.date_emission),
            date_courte(ligne.facture.date_echeance),
            montant_fr(ligne.facture.montant_ttc),
            montant_fr(ligne.principal_paye + ligne.avoirs),
            montant_fr(ligne.principal),
            montant_fr(ligne.interets_dus + ligne.capitalise),
            montant_fr(ligne.indemnite_due - ligne.indemnite_payee),
        ]
        for ligne in d.lignes
    ]
    entetes = [
        "Facture",
        "Émise le",
        "Échéance",
        "Montant TTC",
        "Réglé",
        "Restant dû",
        accessoire,
        "Indemnité",
    ]
    for texte in tableau(entetes, lignes, {3, 4, 5, 6, 7}):
        echo(texte)
    _periodes(d)
    _paiements(d)
    _a_parfaire(d, accessoire.lower())
    echo("")
    echo(f"Principal restant dû : {montant_fr(d.principal):>16}")
    echo(f"{accessoire + ' :':<22} {montant_fr(d.penalites + d.interets):>16}")
    echo(f"{'Indemnités :':<22} {montant_fr(d.indemnites):>16}")
    echo(click.style(f"{'TOTAL DÛ :':<22} {montant_fr(d.total):>16}", bold=True))
    if d.trop_percu:
        echo(f"Trop-perçu non imputé : {montant_fr(d.trop_percu)}")
    echo("")
    echo("Références : " + " ; ".join(d.references))
    for message in d.avertissements:
        echo(click.style("Attention : ", fg="yellow") + message)
    echo("")


def _a_parfaire(d: Decompte, accessoire: str) -> None:
    if d.arrete_au is None:
        return
    click.echo("")
    click.echo(
        click.style(f"  {accessoire.capitalize()} arrêtés au {date_longue(d.arrete_au)}", bold=True)
        + " (décompte à parfaire) :"
        if accessoire == "intérêts"
        else click.style(f"  Pénalités arrêtées au {date_longue(d.arrete_au)}", bold=True)
        + " (décompte à parfaire) :"
    )
    for a in d.a_parfaire:
        click.echo(
            f"  {a.facture} : outre les {accessoire} au {a.regle}, à compter du "
            f"{date_longue(a.depuis)} jusqu'à parfait paiement "
            f"(valeur manquante : « {a.serie} »)"
        )


def _periodes(d: Decompte) -> None:
    for ligne in d.lignes:
        if not ligne.periodes:
            continue
        click.echo("")
        click.echo(f"  Périodes de la facture {ligne.facture.numero}")
        rangs = [
            [
                date_courte(p.debut),
                date_courte(p.fin),
                str(p.jours),
                pourcent_fr(p.taux),
                montant_fr(p.base),
                montant_fr(p.montant),
                p.libelle,
            ]
            for p in ligne.periodes
        ]
        for texte in tableau(
            ["Du", "Au", "Jours", "Taux", "Base", "Montant", "Taux retenu"], rangs, {2, 3, 4, 5}
        ):
            click.echo("  " + texte)


def _paiements(d: Decompte) -> None:
    if not d.paiements:
        return
    click.echo("")
    click.echo("  Paiements et imputation")
    for p in d.paiements:
        click.echo(f"  {date_courte(p.date)}  {montant_fr(p.montant)}  ({p.regle})")
        for i in p.imputations:
            click.echo(
                f"      → {i.facture} : {montant_fr(i.sur_interets)} sur les accessoires, "
                f"{montant_fr(i.sur_principal)} sur le principal, "
                f"{montant_fr(i.sur_indemnite)} sur l'indemnité"
            )
        if p.non_impute:
            click.echo(f"      → non imputé (trop-perçu) : {montant_fr(p.non_impute)}")


def valeur_affichee(valeur: str, unite: str) -> str:
    """'12.15' pourcent -> '12,15 %'; 1 ans -> '1 an'; 40.00 euros -> '40,00 €'."""
    from decimal import Decimal

    if unite == "pourcent":
        return pourcent_fr(Decimal(valeur))
    if unite == "euros":
        return montant_fr(Decimal(valeur))
    if unite == "texte":
        return valeur
    singuliers = {"ans": "an", "jours": "jour", "heures": "heure", "points": "point"}
    if unite in singuliers and Decimal(valeur) <= 1:
        return f"{valeur.replace('.', ',')} {singuliers[unite]}"
    return f"{valeur.replace('.', ',')} {unite}"


def afficher_taux(jour: date, lignes: list[dict[str, Any]], dossier_local: str) -> None:
    click.echo(click.style(f"Valeurs légales en vigueur le {date_longue(jour)}", bold=True))
    for ligne in lignes:
        click.echo("")
        click.echo(f"{ligne['description']} [{ligne['serie']}]")
        if not ligne["connu"]:
            click.echo(click.style("  inconnu : ", fg="yellow") + ligne["motif"])
            if ligne.get("publication"):
                click.echo(f"  publication : {ligne['publication']}")
            if ligne.get("commande"):
                click.echo(f"  à enregistrer par : {ligne['commande']}")
            continue
        depuis = (
            f" depuis le {date_courte(date.fromisoformat(ligne['depuis']))}"
            if "depuis" in ligne
            else ""
        )
        locale = click.style(" (valeur locale)", fg="cyan") if ligne.get("locale") else ""
        click.echo(f"  {valeur_affichee(ligne['valeur'], ligne['unite'])}{depuis}{locale}")
        click.echo(f"  source : {ligne['source']}")
    click.echo("")
    click.echo(f"Dossier local de jurisprudence : {dossier_local}")
