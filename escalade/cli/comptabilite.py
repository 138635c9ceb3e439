"""Accounting imports into the store: FEC and Factur-X.

`escalade importer --fec FICHIER --creancier FICHIER [--clients CSV]` and
`escalade importer --facturx FICHIER...` (options of the `importer` command,
`escalade.cli.importation`). Every file is read and validated before anything is
written; the writing is one transaction; re-importing the same file changes nothing.
Bank statements are matched by `escalade paiements` (`escalade.cli.rapprochement`).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from escalade.cli.parametres import aujourdhui, imprimer_json, maintenant
from escalade.droit.erreurs import EntreeInvalide

LOT = 500


@dataclass
class Compte:
    """What an import did: created, updated, unchanged, skipped (with why), and what it
    noticed in what it imported (an identifier not kept)."""

    crees: list[str] = field(default_factory=list)
    mis_a_jour: list[str] = field(default_factory=list)
    inchanges: list[str] = field(default_factory=list)
    ignores: list[tuple[str, str]] = field(default_factory=list)
    remarques: list[tuple[str, str]] = field(default_factory=list)

    def en_dict(self) -> dict[str, Any]:
        return {
            "crees": self.crees,
            "mis_a_jour": self.mis_a_jour,
            "inchanges": self.inchanges,
            "ignores": [{"quoi": q, "motif": m} for q, m in self.ignores],
            "remarques": [{"quoi": q, "motif": m} for q, m in self.remarques],
        }

    def afficher(self) -> None:
        click.echo(
            f"{len(self.crees)} dossier(s) créé(s), {len(self.mis_a_jour)} mis à jour, "
            f"{len(self.inchanges)} inchangé(s), {len(self.ignores)} ignoré(s)."
        )
        par_motif: dict[str, list[str]] = {}
        for quoi, motif in self.ignores:
            par_motif.setdefault(motif, []).append(quoi)
        for motif, quois in par_motif.items():
            suite = f" et {len(quois) - 5} autre(s)" if len(quois) > 5 else ""
            click.echo(f"  ignoré ({len(quois)}) : {motif} : {', '.join(quois[:5])}{suite}")
        for quoi, motif in self.remarques:
            click.echo(f"  remarque : {quoi} : {motif}")


def _creancier(chemin: Path | None) -> dict[str, Any]:
    from escalade.cli.fichier_creancier import creancier_et_comptes

    return creancier_et_comptes(chemin)[0]


def _stocker(
    conn: Any,
    dossiers: Sequence[Any],
    le: date,
    instant: datetime,
    compte: Compte,
    avant: dict[str, Any] | None = None,
) -> None:
    """Upsert each dossier, then move it to « solde » when nothing remains due."""
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.droit.modele import EtapeDatee
    from escalade.procedures import etapes
    from escalade.stockage import depot

    jur = jurisprudence()
    if avant is None:
        avant = _existants(conn, [d.reference for d in dossiers])
    for dossier in dossiers:
        bilan = depot.Bilan()
        dossier_id = depot.enregistrer_dossier(conn, dossier, instant, bilan)
        compte.remarques.extend((dossier.reference, a) for a in bilan.avertissements)
        # A new dossier is stored as it is; an existing one is read back merged.
        existant = avant.get(dossier.reference)
        stocke = dossier if existant is None else depot.charger_lot(conn, [dossier_id])[0].dossier
        if existant is not None and etapes.etat(stocke, le, jur) == "solde" != stocke.etape:
            historique = [*stocke.historique, EtapeDatee(etape="solde", le=le, motif="import")]
            solde = stocke.model_copy(update={"etape": "solde", "historique": historique})
            depot.enregistrer_dossier(conn, solde, instant, bilan)
            bilan.ajouter("etape_solde")
        if bilan.dossiers_crees:
            compte.crees.append(dossier.reference)
        elif bilan.lignes_ajoutees or existant != stocke:
            compte.mis_a_jour.append(dossier.reference)
        else:
            compte.inchanges.append(dossier.reference)


def _existants(conn: Any, references: Sequence[str]) -> dict[str, Any]:
    from sqlalchemy import select

    from escalade.stockage import depot
    from escalade.stockage import schema as s

    ids = [
        r.id
        for r in conn.execute(
            select(s.dossiers.c.id).where(s.dossiers.c.reference.in_(list(references)))
        )
    ]
    return {x.dossier.reference: x.dossier for x in depot.charger_lot(conn, ids)}


def _fusionner(nouveau: dict[str, Any], existant: Any) -> dict[str, Any]:
    """A stored dossier keeps its own debtor and creditor details when the file lacks them."""
    if existant is None:
        return nouveau
    return {
        **nouveau,
        "debiteur": nouveau.get("debiteur") or existant.debiteur.model_dump(mode="json"),
    }


def importer_fec(
    fichier: Path,
    clients: Path | None,
    creancier: Path | None,
    db: str | None,
    le: date,
    comptes_clients: str | None = None,
    fec_precedent: Path | None = None,
) -> Compte:
    from escalade.cli.fichier_creancier import creancier_et_comptes, prefixes
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.entrees.chargement import lire_texte
    from escalade.entrees.fec import lire_clients
    from escalade.entrees.fec_lettrage import lire_fec
    from escalade.entrees.fec_lignes import lire_fichier_fec
    from escalade.entrees.validation_dossier import valider_dossier
    from escalade.stockage.moteur import moteur, transaction_ecriture

    donnees_creancier, comptes_fichier = creancier_et_comptes(creancier)
    comptes = (
        prefixes(comptes_clients, None, "--comptes-clients")
        if comptes_clients is not None
        else comptes_fichier or ("411",)
    )
    table = lire_clients(lire_texte(clients), str(clients)) if clients else {}
    # C. com. art. L441-10 I: the supplementary payment delay when none was agreed.
    delai = jurisprudence().entier("paiement_delai_suppletif", le)
    compte = Compte()
    precedent = None
    if fec_precedent is not None:
        precedent = {c.client: c for c in lire_fec(lire_fichier_fec(fec_precedent, comptes))}
    ecartes: Counter[str] = Counter()
    # The whole file is read first.
    clients_fec: list[Any] = list(
        lire_fec(lire_fichier_fec(fichier, comptes, ecartes), precedent=precedent)
    )
    for numero, nombre in sorted(ecartes.items()):
        compte.ignores.append(
            (
                f"compte {numero}",
                f"{nombre} ligne(s) d'un compte de tiers hors des comptes clients "
                f"({', '.join(comptes)}) non lues : si ce sont des créances, ajoutez-le avec "
                "--comptes-clients ou le champ comptes_clients du fichier du créancier",
            )
        )
    # What was just built lives until the end: keep the cyclic collector from rescanning it.
    gc.freeze()
    m = moteur(db)
    with transaction_ecriture(m) as conn:
        # Batches of customers: memory holds one batch of dossiers, not the whole ledger.
        for debut in range(0, len(clients_fec), LOT):
            lot = clients_fec[debut : debut + LOT]
            existants = _existants(conn, [f"FEC-{c.client}" for c in lot])
            dossiers = []
            for c in lot:
                donnees = _donnees_fec(c, table, existants, donnees_creancier, delai, compte)
                if donnees is not None:
                    dossiers.append(
                        valider_dossier(donnees, str(fichier), f"{donnees['reference']}.")
                    )
            _stocker(conn, dossiers, le, maintenant(), compte, existants)
            for i in range(debut, debut + len(lot)):
                clients_fec[i] = None  # stored: let it go
    return compte


def _donnees_fec(
    c: Any,
    table: dict[str, Any],
    existants: dict[str, Any],
    creancier: dict[str, Any],
    delai: int,
    compte: Compte,
) -> dict[str, Any] | None:
    """The dossier data of one FEC customer, or None (and why, in `compte`)."""
    from escalade.entrees.fec import dossier_de_client

    reference = f"FEC-{c.client}"
    for message in c.signalements:
        compte.ignores.append((reference, message))
    existant = existants.get(reference)
    client = table.get(c.client)
    if client is None and existant is None:
        compte.ignores.append((c.client, f"client « {c.libelle} » absent du fichier des clients"))
        return None
    if not c.factures:
        compte.ignores.append((reference, "aucune facture au débit"))
        return None
    if existant is None and c.restant() <= 0:
        compte.ignores.append((reference, "tout est réglé : rien à recouvrer"))
        return None
    if client is not None:
        return dossier_de_client(c, client, creancier, delai)
    return _fusionner(dossier_de_client(c, _client_du_depot(existant), creancier, delai), existant)


def _client_du_depot(existant: Any) -> Any:
    from escalade.entrees.fec import Client

    d = existant.debiteur
    return Client(
        compte="",
        nom=d.nom,
        type=d.type,
        siren=d.siren,
        email=d.email,
        adresse=d.adresse.model_dump(mode="json"),
    )


def importer_facturx(
    fichiers: Sequence[Path], db: str | None, le: date, creancier: Path | None = None
) -> Compte:
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.entrees.facturx import lire_facture

    delai = jurisprudence().entier("paiement_delai_suppletif", le)
    donnees_creancier = _creancier(creancier) if creancier is not None else None
    factures = [lire_facture(f) for f in fichiers]  # all read before anything is written
    compte = Compte()
    for f in factures:
        for remarque in f.remarques:
            compte.remarques.append((f.numero, remarque))
    a_importer = []
    for f in factures:
        if f.avoir:
            compte.ignores.append(
                (f.numero, "avoir (type ou montant dû négatif) : à saisir avec « escalade avoir »")
            )
        elif f.montant_du == 0:
            compte.ignores.append((f.numero, "montant dû (BT-115) nul : rien à recouvrer"))
        else:
            a_importer.append(f)
    from escalade.stockage.moteur import moteur, transaction_ecriture

    with transaction_ecriture(moteur(db)) as conn:
        cibles = _dossiers_facturx(conn, a_importer, delai, donnees_creancier, compte)
        _stocker(conn, cibles, le, maintenant(), compte)
    return compte


def _dossiers_facturx(
    conn: Any,
    factures: Sequence[Any],
    delai: int,
    donnees_creancier: dict[str, Any] | None,
    compte: Compte,
) -> list[Any]:
    """Each invoice merged into its debtor's open dossier; the buyer is looked up by SIREN or
    VAT number first, and its address is needed only for a new debtor."""
    from escalade.entrees.facturx import cles_acheteur, dossier_de_facture
    from escalade.entrees.validation_dossier import valider_dossier
    from escalade.stockage.cles import cle_debiteur
    from escalade.stockage.depot import ouverts_du_debiteur

    cibles: list[Any] = []
    for f in factures:
        stockes = ouverts_du_debiteur(conn, cles_acheteur(f), f.acheteur.tva)
        connu = stockes[0].debiteur.model_dump(mode="json") if stockes else None
        try:
            nouveau = valider_dossier(
                dossier_de_facture(f, delai, "FX-", donnees_creancier, connu), f.fichier
            )
        except EntreeInvalide as e:
            if e.champ in ("BG-8", "BG-5"):  # what the file lacks: this invoice waits
                compte.ignores.append((f.numero, f"{e.fichier} : {e.message}"))
                continue
            raise
        if not stockes:
            stockes = ouverts_du_debiteur(conn, [cle_debiteur(nouveau.debiteur)])
        facture = nouveau.factures[0]
        cible = next(
            (d for d in stockes if any(x.numero == facture.numero for x in d.factures)),
            stockes[0] if stockes else None,
        )
        if cible is None:
            cibles.append(nouveau)
            continue
        autres = [x for x in cible.factures if x.numero != facture.numero]
        references = {p.reference for p in cible.paiements}
        paiements = [p for p in nouveau.paiements if p.reference not in references]
        cibles.append(
            cible.model_copy(
                update={
                    "factures": [*autres, facture],
                    "paiements": [*cible.paiements, *paiements],
                }
            )
        )
    return cibles


def importer_comptable(
    fichiers: Sequence[Path],
    fec: bool,
    facturx: bool,
    clients: Path | None,
    creancier: Path | None,
    db: str | None,
    en_json: bool,
    le: date | None = None,
    comptes_clients: str | None = None,
    fec_precedent: Path | None = None,
) -> None:
    """Entry point of `escalade importer --fec | --facturx`."""
    le = le or aujourdhui()
    if fec and facturx:
        raise EntreeInvalide("--fec et --facturx ne se combinent pas : un import à la fois")
    if fec:
        if len(fichiers) != 1:
            raise EntreeInvalide("--fec importe un seul fichier FEC à la fois")
        compte = importer_fec(
            fichiers[0], clients, creancier, db, le, comptes_clients, fec_precedent
        )
    else:
        compte = importer_facturx(fichiers, db, le, creancier)
    if en_json:
        imprimer_json(compte.en_dict())
    else:
        compte.afficher()
