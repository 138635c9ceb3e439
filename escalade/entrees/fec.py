"""Fichier des Écritures Comptables (FEC): customer open items rebuilt from lettering.

The FEC is the accounting export every French company keeping computerised books must
hand to the tax authorities (LPF art. L47 A; format of LPF art. A47 A-1): one header line
of 18 column names, then one line per accounting line, tab- or pipe-separated, dates as
AAAAMMJJ, amounts with a comma (or a point) for decimals.

This module reads it as a stream (one line at a time; only per-invoice aggregates of the
customer accounts 411* are kept, never the lines) and rebuilds, per customer, what is
still open:

- a debit on a customer account is an invoice, numbered by its PieceRef (the debits of
  one PieceRef add up);
- lines sharing a lettering code (EcritureLet) form a group: its credits pay its invoices,
  oldest first; a group whose debits and credits do not balance (partial lettering)
  leaves the difference open on its last invoice, and an excess credit stays a payment
  that names no invoice (imputed by C. civ. art. 1342-10 in the décompte);
- a credit booked in a sales or credit-note journal is a credit note (avoir) on the
  invoice it is lettered with (or whose number its label names; else on the oldest
  invoice, and reported); any other credit is a payment;
- an unlettered credit is a payment that names no invoice.

The due date is not in the FEC: it is the issue date plus the customer's agreed delay
(customer CSV, column `delai_paiement`) or the supplementary legal delay given by the
caller (C. com. art. L441-10 I). Customer details come from a small customer CSV; a
customer of the FEC missing from it is reported, never invented.

References: LPF art. L47 A and A47 A-1 (BOI-CF-IOR-60-40-20), C. com. art. L441-10.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from escalade.droit.erreurs import EntreeInvalide

REFERENCES = ("LPF art. A47 A-1", "C. com. art. L441-10")

COLONNES = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
(
    _JOURNAL,
    _JOURNAL_LIB,
    _ECRITURE_NUM,
    _ECRITURE_DATE,
    _COMPTE,
    _COMPTE_LIB,
    _AUX,
    _AUX_LIB,
    _PIECE,
    _PIECE_DATE,
    _LIBELLE,
    _DEBIT,
    _CREDIT,
    _LETTRE,
    _DATE_LET,
    _VALID_DATE,
    _MONTANT_DEVISE,
    _DEVISE,
) = range(18)

PREFIXE_CLIENTS = "411"
ZERO = Decimal(0)
_MONTANT = re.compile(r"^-?\d+(?:[.,]\d*)?$")
_DATES_OBLIGATOIRES = frozenset({_ECRITURE_DATE, _PIECE_DATE})
_MOTS_AVOIRS = ("vente", "avoir", "factur")


# --- reading ---------------------------------------------------------------------------


@dataclass(slots=True)
class LigneClient:
    """One line of a customer account (411*), parsed."""

    ligne: int
    journal: str
    journal_lib: str
    ecriture_num: str
    ecriture_date: date
    compte: str
    client: str
    client_lib: str
    piece: str
    piece_date: date
    libelle: str
    debit: Decimal
    credit: Decimal
    lettre: str
    date_lettrage: date | None


class _Lecteur:
    """Validates every line of a FEC and parses the customer lines."""

    def __init__(self, nom: str) -> None:
        self.nom = nom
        self.dates: dict[str, date] = {}
        self.lignes = 0

    def erreur(self, ligne: int, colonne: int | None, message: str) -> EntreeInvalide:
        if colonne is None:
            return EntreeInvalide(f"ligne {ligne} : {message}", fichier=self.nom)
        nom = COLONNES[colonne]
        return EntreeInvalide(
            f"ligne {ligne}, colonne {colonne + 1} ({nom}) : {message}",
            fichier=self.nom,
            champ=nom,
        )

    def date(self, texte: str, ligne: int, colonne: int) -> date:
        connue = self.dates.get(texte)
        if connue is not None:
            return connue
        valeur = None
        if len(texte) == 8 and texte.isdigit():
            try:
                valeur = date(int(texte[:4]), int(texte[4:6]), int(texte[6:]))
            except ValueError:
                valeur = None
        if valeur is None:
            raise self.erreur(
                ligne, colonne, f"date « {texte} » invalide : attendu AAAAMMJJ (ex. 20260331)"
            )
        self.dates[texte] = valeur
        return valeur

    def montant(self, texte: str, ligne: int, colonne: int) -> Decimal:
        texte = texte.strip()
        if not texte:
            return ZERO
        if not _MONTANT.match(texte):
            raise self.erreur(
                ligne,
                colonne,
                f"montant « {texte} » invalide : attendu un nombre avec une virgule décimale "
                "(ex. 1234,56), sans séparateur de milliers ni devise",
            )
        return Decimal(texte.replace(",", "."))

    def verifier_montant(self, texte: str, ligne: int, colonne: int) -> None:
        # Fast path (C string methods) for the usual "1234,56"; the regex for the rest.
        if texte and not texte.replace(",", "", 1).isdigit() and not _MONTANT.match(texte.strip()):
            self.montant(texte, ligne, colonne)

    def ligne(self, champs: list[str], n: int) -> LigneClient | None:
        if len(champs) != len(COLONNES):
            raise self.erreur(
                n,
                None,
                f"{len(champs)} colonnes au lieu de {len(COLONNES)} "
                "(séparateur dans un libellé, ou ligne tronquée ?)",
            )
        dates = self.dates
        for colonne in (_ECRITURE_DATE, _PIECE_DATE, _VALID_DATE, _DATE_LET):
            texte = champs[colonne]
            if texte not in dates and (texte or colonne in _DATES_OBLIGATOIRES):
                self.date(texte, n, colonne)
        compte = champs[_COMPTE]
        if not compte:
            raise self.erreur(n, _COMPTE, "numéro de compte vide")
        if not compte.startswith(PREFIXE_CLIENTS):
            self.verifier_montant(champs[_DEBIT], n, _DEBIT)
            self.verifier_montant(champs[_CREDIT], n, _CREDIT)
            self.verifier_montant(champs[_MONTANT_DEVISE], n, _MONTANT_DEVISE)
            return None
        debit = self.montant(champs[_DEBIT], n, _DEBIT)
        credit = self.montant(champs[_CREDIT], n, _CREDIT)
        self.verifier_montant(champs[_MONTANT_DEVISE], n, _MONTANT_DEVISE)
        if debit < 0 or credit < 0:
            # Some exports write a negative amount instead of using the other column.
            debit, credit = (
                max(debit, ZERO) - min(credit, ZERO),
                max(credit, ZERO) - min(debit, ZERO),
            )
        if not champs[_PIECE].strip():
            raise self.erreur(n, _PIECE, "référence de pièce vide sur un compte client")
        client = champs[_AUX].strip() or compte
        return LigneClient(
            ligne=n,
            journal=champs[_JOURNAL].strip(),
            journal_lib=champs[_JOURNAL_LIB].strip(),
            ecriture_num=champs[_ECRITURE_NUM].strip(),
            ecriture_date=self.dates[champs[_ECRITURE_DATE]],
            compte=compte,
            client=client,
            client_lib=(champs[_AUX_LIB] or champs[_COMPTE_LIB]).strip(),
            piece=champs[_PIECE].strip(),
            piece_date=self.dates[champs[_PIECE_DATE]],
            libelle=champs[_LIBELLE].strip(),
            debit=debit,
            credit=credit,
            lettre=champs[_LETTRE].strip(),
            date_lettrage=self.dates[champs[_DATE_LET]] if champs[_DATE_LET] else None,
        )


def _entete(premiere: str, nom: str) -> str:
    """The separator (tab or pipe) after checking the 18 column names."""
    premiere = premiere.lstrip("\ufeff").rstrip("\r\n")
    separateur = "\t" if premiere.count("\t") >= premiere.count("|") else "|"
    noms = [n.strip() for n in premiere.split(separateur)]
    if len(noms) != len(COLONNES):
        raise EntreeInvalide(
            f"ligne 1 : en-tête de {len(noms)} colonnes au lieu des {len(COLONNES)} colonnes "
            "de l'article A47 A-1 du LPF, séparées par une tabulation ou une barre verticale",
            fichier=nom,
        )
    for i, (lu, attendu) in enumerate(zip(noms, COLONNES, strict=True)):
        if lu.lower() != attendu.lower():
            raise EntreeInvalide(
                f"ligne 1, colonne {i + 1} : « {lu} » au lieu de « {attendu} »",
                fichier=nom,
                champ=attendu,
            )
    return separateur


def _ouvrir(chemin: Path) -> IO[str]:
    """UTF-8 (with or without BOM), else ISO-8859-15 (both are allowed by A47 A-1)."""
    with chemin.open("rb") as f:
        debut = f.read(1 << 16)
    try:
        debut.decode("utf-8")
        encodage = "utf-8-sig"
    except UnicodeDecodeError as e:
        # A cut multi-byte character at the end of the sample is still UTF-8.
        encodage = "utf-8-sig" if e.start >= len(debut) - 3 else "iso-8859-15"
    return chemin.open(encoding=encodage, newline="")


def lire_lignes_clients(flux: Iterable[str], nom: str = "FEC") -> Iterator[LigneClient]:
    """Validate every line of a FEC and yield its customer-account lines (streaming)."""
    iterateur = iter(flux)
    try:
        premiere = next(iterateur)
    except StopIteration:
        raise EntreeInvalide("fichier vide : l'en-tête du FEC manque", fichier=nom) from None
    separateur = _entete(premiere, nom)
    lecteur = _Lecteur(nom)
    n = 1
    try:
        for n, champs in enumerate(
            csv.reader(iterateur, delimiter=separateur, quoting=csv.QUOTE_NONE), start=2
        ):
            if not champs:
                continue
            ligne = lecteur.ligne(champs, n)
            if ligne is not None:
                yield ligne
    except UnicodeDecodeError:
        raise EntreeInvalide(
            f"ligne {n + 1} : caractères illisibles (encodage attendu : UTF-8 ou ISO-8859-15)",
            fichier=nom,
        ) from None


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


def _cle_colonne(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", sans_accents.lower()).strip("_")


def lire_clients(texte: str, nom: str = "clients.csv") -> dict[str, Client]:
    """The customer CSV: compte;nom;type;siren;email;adresse;code_postal;ville (+ pays, delai).

    `compte` is the auxiliary account (CompAuxNum) or the customer account (CompteNum);
    `adresse` holds the street lines, separated by « / »; `delai_paiement` is in days.
    """
    premiere = texte.lstrip("\ufeff").split("\n", 1)[0]
    separateur = max((";", ",", "\t"), key=premiere.count)
    lecteur = csv.reader(io.StringIO(texte.lstrip("\ufeff")), delimiter=separateur)
    try:
        entete = [_cle_colonne(c) for c in next(lecteur)]
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


# --- open items ------------------------------------------------------------------------


@dataclass
class _Piece:
    """An invoice: the debits of one PieceRef on one customer account."""

    numero: str
    date: date
    montant: Decimal = ZERO
    premiere_ligne: int = 0


@dataclass
class _Credit:
    date: date
    montant: Decimal
    piece: str
    libelle: str
    avoir: bool
    ligne: int
    ecriture: str  # journal and entry number: stable from one export to the next


@dataclass
class _Groupe:
    """The lines of one lettering code: invoice amounts and credits."""

    debits: dict[str, Decimal] = field(default_factory=dict)
    credits: list[_Credit] = field(default_factory=list)


@dataclass
class _Compte:
    client: str
    libelle: str
    pieces: dict[str, _Piece] = field(default_factory=dict)
    groupes: dict[str, _Groupe] = field(default_factory=dict)
    libres: list[_Credit] = field(default_factory=list)


@dataclass(frozen=True)
class Signalement:
    """Something the import did not do, and why (reported to the user)."""

    client: str
    message: str


@dataclass(frozen=True)
class ClientFEC:
    """A customer's invoices, payments and credit notes as the FEC's lettering shows them."""

    client: str
    libelle: str
    factures: tuple[dict[str, Any], ...]
    paiements: tuple[dict[str, Any], ...]
    avoirs: tuple[dict[str, Any], ...]
    signalements: tuple[str, ...]

    def restant(self) -> Decimal:
        """What the lettering leaves open (invoices less their payments and credit notes)."""
        total = sum((Decimal(f["montant_ttc"]) for f in self.factures), ZERO)
        payes = sum((Decimal(p["montant"]) for p in self.paiements), ZERO)
        avoirs = sum((Decimal(a["montant"]) for a in self.avoirs), ZERO)
        return total - payes - avoirs


@lru_cache(maxsize=1024)
def _est_journal_avoirs(code: str, libelle: str, journaux: frozenset[str] | None) -> bool:
    if journaux is not None:
        return code in journaux
    texte = _cle_colonne(libelle)
    return any(mot in texte for mot in _MOTS_AVOIRS)


def lire_fec(
    lignes: Iterable[LigneClient], journaux_avoirs: frozenset[str] | None = None
) -> Iterator[ClientFEC]:
    """Rebuild each customer's invoices, payments and credit notes from its lines."""
    comptes: dict[str, _Compte] = {}
    # Millions of small acyclic objects: the cyclic garbage collector would rescan them
    # again and again for nothing; it is paused while they are built.
    actif = gc.isenabled()
    gc.disable()
    try:
        for ligne in lignes:
            compte = comptes.get(ligne.client)
            if compte is None:
                compte = comptes[ligne.client] = _Compte(ligne.client, ligne.client_lib)
            _ajouter(compte, ligne, journaux_avoirs)
    finally:
        if actif:
            gc.enable()
    for cle in sorted(comptes):
        yield _client_fec(comptes.pop(cle))


def _ajouter(compte: _Compte, ligne: LigneClient, journaux: frozenset[str] | None) -> None:
    groupe = None
    if ligne.lettre:
        groupe = compte.groupes.get(ligne.lettre)
        if groupe is None:
            groupe = compte.groupes[ligne.lettre] = _Groupe()
    if ligne.debit:
        piece = compte.pieces.get(ligne.piece)
        if piece is None:
            piece = compte.pieces[ligne.piece] = _Piece(
                ligne.piece, ligne.piece_date, premiere_ligne=ligne.ligne
            )
        piece.montant += ligne.debit
        piece.date = min(piece.date, ligne.piece_date)
        if groupe is not None:
            groupe.debits[ligne.piece] = groupe.debits.get(ligne.piece, ZERO) + ligne.debit
    if ligne.credit:
        credit = _Credit(
            date=ligne.ecriture_date,
            montant=ligne.credit,
            piece=ligne.piece,
            libelle=ligne.libelle,
            avoir=_est_journal_avoirs(ligne.journal, ligne.journal_lib, journaux),
            ligne=ligne.ligne,
            ecriture=f"{ligne.journal}{ligne.ecriture_num}",
        )
        (groupe.credits if groupe is not None else compte.libres).append(credit)


def _client_fec(compte: _Compte) -> ClientFEC:
    paiements: list[dict[str, Any]] = []
    avoirs: list[dict[str, Any]] = []
    signalements: list[str] = []
    # Credit notes first, then payments: a credit note cancels its invoice before any money.
    for lettre in sorted(compte.groupes):
        groupe = compte.groupes[lettre]
        dus = {
            numero: montant
            for numero, montant in sorted(
                groupe.debits.items(), key=lambda x: (compte.pieces[x[0]].date, x[0])
            )
        }
        for credit in sorted(groupe.credits, key=lambda c: (not c.avoir, c.date, c.ligne)):
            reste = credit.montant
            for numero, du in dus.items():
                part = min(du, reste)
                if part <= 0:
                    continue
                dus[numero] = du - part
                reste -= part
                _enregistrer(credit, part, numero, paiements, avoirs)
                if reste == 0:
                    break
            if reste > 0:
                if credit.avoir:
                    compte.libres.append(_reste(credit, reste))
                else:
                    paiements.append(_paiement(credit, reste, None))
                    signalements.append(
                        f"lettrage « {lettre} » : {reste} € crédités au-delà des factures "
                        "lettrées (paiement non affecté)"
                    )
    ouvertes = _restants(compte, avoirs, paiements)
    for credit in sorted(compte.libres, key=lambda c: (c.date, c.ligne)):
        if not credit.avoir:
            paiements.append(_paiement(credit, credit.montant, None))
            continue
        cible = _facture_nommee(credit, ouvertes) or next(
            (n for n, du in ouvertes.items() if du > 0), None
        )
        if cible is None:
            signalements.append(
                f"avoir {credit.piece} (ligne {credit.ligne}) : aucune facture ouverte à "
                "laquelle l'imputer, ignoré"
            )
            continue
        if _facture_nommee(credit, ouvertes) is None:
            signalements.append(
                f"avoir {credit.piece} (ligne {credit.ligne}) non lettré : imputé sur la "
                f"facture la plus ancienne ({cible})"
            )
        part = min(credit.montant, ouvertes[cible]) if ouvertes[cible] > 0 else credit.montant
        ouvertes[cible] -= part
        _enregistrer(credit, part, cible, paiements, avoirs)
        if credit.montant > part:
            paiements.append(_paiement(credit, credit.montant - part, None))
    factures = tuple(
        {
            "numero": p.numero,
            "date_emission": p.date,
            "montant_ttc": p.montant,
        }
        for p in sorted(compte.pieces.values(), key=lambda p: (p.date, p.numero))
    )
    return ClientFEC(
        client=compte.client,
        libelle=compte.libelle,
        factures=factures,
        paiements=tuple(paiements),
        avoirs=tuple(avoirs),
        signalements=tuple(signalements),
    )


def _reste(credit: _Credit, montant: Decimal) -> _Credit:
    return _Credit(
        credit.date,
        montant,
        credit.piece,
        credit.libelle,
        credit.avoir,
        credit.ligne,
        credit.ecriture,
    )


def _restants(
    compte: _Compte, avoirs: list[dict[str, Any]], paiements: list[dict[str, Any]]
) -> dict[str, Decimal]:
    """Each invoice's amount less what lettering already put on it, oldest first."""
    ouvertes = {
        p.numero: p.montant
        for p in sorted(compte.pieces.values(), key=lambda p: (p.date, p.numero))
    }
    for element in (*avoirs, *paiements):
        if element.get("facture") in ouvertes:
            ouvertes[element["facture"]] -= element["montant"]
    return ouvertes


def _facture_nommee(credit: _Credit, ouvertes: dict[str, Decimal]) -> str | None:
    texte = f" {credit.libelle} {credit.piece} "
    for numero in ouvertes:
        if numero != credit.piece and re.search(rf"(?<![\w-]){re.escape(numero)}(?![\w-])", texte):
            return numero
    return None


def _paiement(credit: _Credit, montant: Decimal, facture: str | None) -> dict[str, Any]:
    paiement: dict[str, Any] = {
        "date": credit.date,
        "montant": montant,
        "reference": f"FEC:{credit.ecriture}:{credit.piece}",
    }
    if facture is not None:
        paiement["facture"] = facture
    return paiement


def _enregistrer(
    credit: _Credit,
    montant: Decimal,
    facture: str,
    paiements: list[dict[str, Any]],
    avoirs: list[dict[str, Any]],
) -> None:
    if credit.avoir:
        avoirs.append(
            {
                "numero": credit.piece if montant == credit.montant else None,
                "date": credit.date,
                "montant": montant,
                "facture": facture,
            }
        )
        if avoirs[-1]["numero"] is None:
            avoirs[-1]["numero"] = f"{credit.piece} ({facture})"
    else:
        paiements.append(_paiement(credit, montant, facture))


# --- dossiers --------------------------------------------------------------------------


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


def lire_fichier_fec(chemin: Path) -> Iterator[LigneClient]:
    """The customer lines of a FEC file (validated line by line while read)."""
    with _ouvrir(chemin) as flux:
        yield from lire_lignes_clients(flux, str(chemin))
