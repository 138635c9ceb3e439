"""The tables of the store (SQLAlchemy Core), mirrored by the Alembic migrations.

Natural keys make every import idempotent: a dossier by its reference, an invoice by its
number within the dossier, a payment by (date, amount, invoice, reference), a credit note
by its number (or date, amount, invoice), a dispute by (invoice, opening date), a payment
plan by its agreement date, a contact by (time, channel, subject), a history entry by
(étape, date, reason). Each keyed row carries its key in `cle` under a UNIQUE constraint
(NULLs would not collide in a composite UNIQUE on either engine).

Money is stored as exact decimal text, contact times as UTC, dates as dates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

from escalade.droit.valeurs import LONGUEUR_IDENTIFIANT, LONGUEUR_REFERENCE_PAIEMENT, PARIS
from escalade.stockage.cles import LONGUEUR_CLE_EVENEMENT, LONGUEUR_CLE_PARTIE


class MontantExact(TypeDecorator[Decimal]):
    """A Decimal stored as its exact text ("1200.00"): no binary float on either engine."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else format(Decimal(value), "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class HorodatageUTC(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC (sortable text on SQLite), read back in Paris time."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=PARIS)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC).astimezone(PARIS)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Tables whose rows are never updated nor deleted (outside a GDPR purge).
TABLES_AJOUT_SEUL = ("contacts", "historique", "audit", "annulations_contacts")


def _dossier_fk() -> Column[int]:
    return Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False)


# The debtor as a person (SIREN, or name and postal code): the journal and the write lock
# are per debtor, across every creditor and dossier. Each dossier keeps its own copy of the
# debtor's details as its file gave them.
debiteurs = Table(
    "debiteurs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cle", String(LONGUEUR_CLE_PARTIE), nullable=False, unique=True),
    Column("nom", Text, nullable=False),
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(LONGUEUR_IDENTIFIANT), nullable=False, unique=True),
    Column("creancier_cle", String(LONGUEUR_CLE_PARTIE), nullable=False, index=True),
    Column("creancier", JSON, nullable=False),
    Column("debiteur_id", Integer, ForeignKey("debiteurs.id"), nullable=False, index=True),
    Column("debiteur", JSON, nullable=False),
    Column("etape", String(30)),
    Column("ouvert", Boolean, nullable=False, index=True),
    Column("mise_en_demeure", JSON),
    Column("jugement", JSON),
    # Migration 0004: the court routes after filing (escalade.droit.modele.Injonction,
    # PetitesCreances), one record of each per dossier.
    Column("injonction", JSON),
    Column("petites_creances", JSON),
    # Migration 0008: a re-import moved the dossier to another debtor (its SIREN corrected);
    # its contacts made with the former one still count for the gate (stockage.journal).
    Column("debiteur_change", Boolean),
    Column("importe_le", HorodatageUTC, nullable=False),
    Column("modifie_le", HorodatageUTC, nullable=False),
)

factures = Table(
    "factures",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("numero", String(LONGUEUR_IDENTIFIANT), nullable=False),
    Column("date_emission", Date, nullable=False),
    Column("date_echeance", Date, nullable=False),
    Column("montant_ttc", MontantExact, nullable=False),
    Column("taux_penalites", MontantExact),
    Column("date_execution", Date),
    Column("pieces", JSON, nullable=False),
    UniqueConstraint("dossier_id", "numero"),
)

paiements = Table(
    "paiements",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("cle", String(LONGUEUR_CLE_EVENEMENT), nullable=False),
    Column("date", Date, nullable=False),
    Column("montant", MontantExact, nullable=False),
    Column("facture", String(LONGUEUR_IDENTIFIANT)),
    Column("reference", String(LONGUEUR_REFERENCE_PAIEMENT)),
    UniqueConstraint("dossier_id", "cle"),
)

avoirs = Table(
    "avoirs",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("cle", String(LONGUEUR_CLE_EVENEMENT), nullable=False),
    Column("numero", String(LONGUEUR_IDENTIFIANT)),
    Column("date", Date, nullable=False),
    Column("montant", MontantExact, nullable=False),
    Column("facture", String(LONGUEUR_IDENTIFIANT), nullable=False),
    UniqueConstraint("dossier_id", "cle"),
)

litiges = Table(
    "litiges",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("cle", String(LONGUEUR_CLE_EVENEMENT), nullable=False),
    Column("facture", String(LONGUEUR_IDENTIFIANT), nullable=False),
    Column("ouvert_le", Date, nullable=False),
    Column("motif", Text, nullable=False),
    Column("clos_le", Date),
    UniqueConstraint("dossier_id", "cle"),
)

echeanciers = Table(
    "echeanciers",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("convenu_le", Date, nullable=False),
    Column("echeances", JSON, nullable=False),
    Column("rompu_le", Date),
    UniqueConstraint("dossier_id", "convenu_le"),
)

interruptions = Table(
    "interruptions",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("cle", String(LONGUEUR_CLE_EVENEMENT), nullable=False),
    Column("date", Date, nullable=False),
    Column("type", String(30), nullable=False),
    Column("facture", String(LONGUEUR_IDENTIFIANT)),
    UniqueConstraint("dossier_id", "cle"),
)

# Append-only: the dated history of étapes and of the events that moved them.
historique = Table(
    "historique",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("cle", String(LONGUEUR_CLE_EVENEMENT), nullable=False),
    Column("etape", String(30), nullable=False),
    Column("le", Date, nullable=False),
    Column("motif", Text),
    Column("evenement", String(60)),
    Column("donnees", JSON),
    Column("operateur", String(LONGUEUR_IDENTIFIANT)),
    Column("enregistre_le", HorodatageUTC, nullable=False),
    UniqueConstraint("dossier_id", "cle"),
)

# Append-only: every contact with a debtor, whichever creditor's operator made it.
contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("debiteur_id", Integer, ForeignKey("debiteurs.id"), nullable=False),
    _dossier_fk(),
    Column("cle", String(LONGUEUR_CLE_EVENEMENT), nullable=False),
    Column("le", HorodatageUTC, nullable=False),
    Column("canal", String(20), nullable=False),
    Column("interlocuteur", Text),
    Column("objet", Text, nullable=False),
    Column("resultat", Text),
    Column("note", Text),
    Column("document", Text),
    Column("operateur", String(LONGUEUR_IDENTIFIANT)),
    Column("promesse_le", Date),  # migration 0006: a promise to pay, its day and amount
    Column("promesse_montant", MontantExact),
    Column("force", Boolean, nullable=False),
    Column("enregistre_le", HorodatageUTC, nullable=False),
    # Migration 0005: controle (allowed by the gate), passe or entrant (recorded facts),
    # see escalade.recouvrement.nature_contact.
    Column("nature", String(20), nullable=False, server_default="controle"),
    UniqueConstraint("dossier_id", "cle"),
    # The gate reads one debtor's rolling window: (debiteur_id, le) keeps it a range scan.
    Index("ix_contacts_debiteur_le", "debiteur_id", "le"),
)

# Append-only (migration 0005): a wrong contact is annulled by a row here, never deleted; the
# gate, the plan and the reports leave annulled contacts out.
annulations_contacts = Table(
    "annulations_contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contact_id", Integer, ForeignKey("contacts.id"), nullable=False, unique=True),
    Column("le", HorodatageUTC, nullable=False),
    Column("motif", Text, nullable=False),
    Column("operateur", String(LONGUEUR_IDENTIFIANT)),
)

# Append-only: overrides of policy limits (who, when, which rules, why).
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("le", HorodatageUTC, nullable=False),
    Column("action", String(60), nullable=False),
    Column("operateur", String(LONGUEUR_IDENTIFIANT)),
    Column("dossier_id", Integer, ForeignKey("dossiers.id")),
    Column("contact_id", Integer, ForeignKey("contacts.id")),
    Column("regles", JSON, nullable=False),
    Column("motif", Text, nullable=False),
)

# Opened the append-only triggers until migration 0005 (anyone could insert the row); kept
# for downgrades only: the purge's door is now local to its transaction (stockage.moteur).
purge_en_cours = Table(
    "purge_en_cours",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
)

# GDPR purge record (migration 0002, escalade.stockage.purge): which retention category of
# which dossier was purged, on which legal date. No personal data.
purges = Table(
    "purges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False),
    Column("categorie", String(40), nullable=False),
    Column("action", String(20), nullable=False),
    Column("au", Date, nullable=False),
    Column("effectuee_le", HorodatageUTC, nullable=False),
    UniqueConstraint("dossier_id", "categorie"),
)

# Steering (migration 0003, escalade.stockage.pilotage): the operators, and the collection
# costs the creditor records (the cost per euro recovered of `escalade rapport`).
operateurs = Table(
    "operateurs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("nom", String(100), nullable=False, unique=True),
    Column("email", Text),
    Column("role", String(40), nullable=False),
    Column("cree_le", HorodatageUTC, nullable=False),
)

frais = Table(
    "frais",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("creancier_cle", String(LONGUEUR_CLE_PARTIE), nullable=False, index=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id")),
    Column("date", Date, nullable=False),
    Column("montant", MontantExact, nullable=False),
    Column("nature", String(60), nullable=False),
    Column("libelle", Text),
    Column("enregistre_le", HorodatageUTC, nullable=False),
)

# The outbox of `escalade envoyer` (migration 0006, escalade.stockage.boite_envoi): one row
# per email attempt, written « en_cours » before the SMTP transaction and confirmed after.
# An « en_cours » row found by a later run is listed for a decision, never sent again.
envois = Table(
    "envois",
    metadata,
    Column("id", Integer, primary_key=True),
    _dossier_fk(),
    Column("modele", String(100), nullable=False),
    Column("destinataire", Text, nullable=False),
    Column("message_id", String(300), nullable=False, unique=True),
    Column("le", HorodatageUTC, nullable=False),
    Column("etat", String(30), nullable=False),
    Column("contact_id", Integer, ForeignKey("contacts.id")),
    Column("erreur", Text),
    Column("cree_le", HorodatageUTC, nullable=False),
    Column("confirme_le", HorodatageUTC),
    Index("ix_envois_dossier_modele", "dossier_id", "modele"),
)

# Bearer tokens of the server (migration 0007): only the SHA-256 of a token is kept.
jetons = Table(
    "jetons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("operateur_id", Integer, ForeignKey("operateurs.id"), nullable=False, index=True),
    Column("empreinte", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("cree_le", HorodatageUTC, nullable=False),
    Column("revoque_le", HorodatageUTC),
)
