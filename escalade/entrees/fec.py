"""Fichier des Écritures Comptables (FEC): customer open items rebuilt from lettering.

The FEC is the accounting export every French company keeping computerised books must
hand to the tax authorities (LPF art. L47 A; format of LPF art. A47 A-1): one header line
of 18 column names, then one line per accounting line, tab- or pipe-separated, dates as
AAAAMMJJ, amounts with a comma (or a point) for decimals.

The lines are read and validated by `escalade.entrees.fec_lignes` (as a stream: only
per-invoice aggregates of the customer accounts 411* are kept, never the lines), and each
customer's open items are rebuilt from the lettering by `escalade.entrees.fec_lettrage`.
This module turns them into dossiers.

The due date is not in the FEC: it is the issue date plus the customer's agreed delay
(customer CSV, column `delai_paiement`) or the supplementary legal delay given by the
caller (C. com. art. L441-10 I). Customer details come from a small customer CSV; a
customer of the FEC missing from it is reported, never invented.

References: LPF art. L47 A and A47 A-1 (BOI-CF-IOR-60-40-20), C. com. art. L441-10.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.fec_lettrage import ClientFEC, lire_fec
from escalade.entrees.fec_lignes import LigneClient, cle_colonne
from escalade.entrees.lecture_csv import lignes_csv

REFERENCES = ("LPF art. A47 A-1", "C. com. art. L441-10")


# --- customers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    """A customer of the customer CSV (the details the FEC lacks)."""

    compte: str
    nom: str
    type: str
    siren: str | None
    email: str | None
    adresse: dict[str, Any]
    delai_paiement: int | None = None


_COLONNES_CLIENTS = ("compte", "nom", "type", "siren", "email", "adresse", "code_postal", "ville")


def lire_clients(texte: str, nom: str = "clients.csv") -> dict[str, Client]:
    """The customer CSV: compte;nom;type;siren;email;adresse;code_postal;ville (+ pays, delai).

    `compte` is the auxiliary account (CompAuxNum) or the customer account (CompteNum);
    `adresse` holds the street lines, separated by « / »; `delai_paiement` is in days.
    """
    premiere = texte.lstrip("\ufeff").split("\n", 1)[0]
    separateur = max((";", ",", "\t"), key=premiere.count)
    lecteur = lignes_csv(csv.reader(io.StringIO(texte.lstrip("\ufeff")), delimiter=separateur), nom)
    try:
        entete = [cle_colonne(c) for c in next(lecteur)]
    except StopIteration:
        raise EntreeInvalide("fichier des clients vide", fichier=nom) from None
    manquantes = [c for c in ("compte", "nom", "type", "code_postal", "ville") if c not in entete]
    if manquantes:
        raise EntreeInvalide(
            f"ligne 1 : colonne(s) manquante(s) : {', '.join(manquantes)} "
            f"(attendu : {';'.join(_COLONNES_CLIENTS)})",
            fichier=nom,
        )
    clients: dict[str, Client] = {}
    for n, valeurs in enumerate(lecteur, start=2):
        if not any(v.strip() for v in valeurs):
            continue
        if len(valeurs) != len(entete):
            raise EntreeInvalide(
                f"ligne {n} : {len(valeurs)} colonnes au lieu de {len(entete)}", fichier=nom
            )
        ligne = {c: v.strip() for c, v in zip(entete, valeurs, strict=True)}
        client = _client(ligne, n, nom)
        if client.compte in clients:
            raise EntreeInvalide(
                f"ligne {n}, colonne {entete.index('compte') + 1} (compte) : "
                f"compte « {client.compte} » en double",
                fichier=nom,
                champ="compte",
            )
        clients[client.compte] = client
    return clients


def _client(ligne: dict[str, str], n: int, nom: str) -> Client:
    colonnes = list(ligne)

    def erreur(champ: str, message: str) -> EntreeInvalide:
        return EntreeInvalide(
            f"ligne {n}, colonne {colonnes.index(champ) + 1} ({champ}) : {message}",
            fichier=nom,
            champ=champ,
        )

    for champ in ("compte", "nom", "code_postal", "ville"):
        if not ligne[champ]:
            raise erreur(champ, "valeur vide")
    if ligne["type"] not in ("professionnel", "consommateur", "personne_publique"):
        raise erreur(
            "type",
            f"« {ligne['type']} » : attendu professionnel, consommateur ou personne_publique",
        )
    delai = ligne.get("delai_paiement") or None
    if delai is not None and not delai.isdigit():
        raise erreur("delai_paiement", f"« {delai} » : attendu un nombre de jours")
    adresse: dict[str, Any] = {
        "lignes": [x.strip() for x in (ligne.get("adresse") or "").split("/") if x.strip()],
        "code_postal": ligne["code_postal"],
        "ville": ligne["ville"],
    }
    if ligne.get("pays"):
        adresse["pays"] = ligne["pays"]
    return Client(
        compte=ligne["compte"],
        nom=ligne["nom"],
        type=ligne["type"],
        siren=ligne.get("siren") or None,
        email=ligne.get("email") or None,
        adresse=adresse,
        delai_paiement=int(delai) if delai else None,
    )


# --- dossiers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Signalement:
    """Something the import did not do, and why (reported to the user)."""

    client: str
    message: str


@dataclass(frozen=True)
class ResultatFEC:
    """The dossiers a FEC yields, and what it could not turn into a dossier."""

    dossiers: tuple[dict[str, Any], ...]
    signalements: tuple[Signalement, ...]
    clients_lus: int


def dossier_de_client(
    client_fec: ClientFEC,
    client: Client,
    creancier: dict[str, Any],
    delai_suppletif: int,
    prefixe: str = "FEC-",
) -> dict[str, Any]:
    """Dossier data (escalade.droit.modele.Dossier shape) for one customer of the FEC.

    The due date is the issue date plus the customer's agreed delay, else the supplementary
    legal delay (C. com. art. L441-10 I) given by the caller.
    """
    delai = timedelta(days=client.delai_paiement or delai_suppletif)
    debiteur: dict[str, Any] = {
        "nom": client.nom,
        "type": client.type,
        "adresse": client.adresse,
    }
    if client.siren:
        debiteur["siren"] = client.siren
    if client.email:
        debiteur["email"] = client.email
    return {
        "reference": f"{prefixe}{client_fec.client}",
        "creancier": creancier,
        "debiteur": debiteur,
        "factures": [
            {**f, "date_echeance": f["date_emission"] + delai} for f in client_fec.factures
        ],
        "paiements": list(client_fec.paiements),
        "avoirs": list(client_fec.avoirs),
    }


def dossiers_du_fec(
    lignes: Iterable[LigneClient],
    clients: dict[str, Client],
    creancier: dict[str, Any],
    delai_suppletif: int,
    journaux_avoirs: frozenset[str] | None = None,
) -> ResultatFEC:
    """Every customer of the FEC with invoices becomes dossier data; others are reported."""
    dossiers: list[dict[str, Any]] = []
    signalements: list[Signalement] = []
    lus = 0
    for client_fec in lire_fec(lignes, journaux_avoirs):
        lus += 1
        signalements.extend(Signalement(client_fec.client, m) for m in client_fec.signalements)
        client = clients.get(client_fec.client)
        if client is None:
            signalements.append(
                Signalement(
                    client_fec.client,
                    f"client « {client_fec.client} » ({client_fec.libelle}) absent du fichier "
                    "des clients : dossier non créé",
                )
            )
            continue
        if not client_fec.factures:
            signalements.append(
                Signalement(client_fec.client, "aucune facture au débit : dossier non créé")
            )
            continue
        dossiers.append(dossier_de_client(client_fec, client, creancier, delai_suppletif))
    return ResultatFEC(tuple(dossiers), tuple(signalements), lus)
