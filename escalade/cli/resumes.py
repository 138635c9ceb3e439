"""The one-line summary of each command, for `escalade --help` without importing them all.

Each is the command's own short help (the first sentence of its docstring, as click makes
it); tests/test_cli_demarrage.py checks that they stay the same. A command missing here is
imported to ask for its summary (slower, still correct).
"""

from __future__ import annotations

RESUMES: dict[str, str] = {
    "decompte": (
        "Ce que doit le débiteur à une date : principal, pénalités ou intérêts, indemnités."
    ),
    "delai": "Échéance d'un délai de procédure (CPC 640 à 642) dans le calendrier du lieu.",
    "en-lettres": "Le montant en toutes lettres, en euros et centimes (C. civ.",
    "lettre": "Produit un document du recouvrement pour un dossier (PDF/A-3b ou DOCX).",
    "lot": "Produit en lot les lettres du jour, prêtes à imprimer et à poster.",
    "taux": "Les taux, montants et délais légaux en vigueur à une date, chacun avec sa source.",
    "importer": "Charge des dossiers (YAML, JSON, portefeuille CSV) dans le dépôt.",
    "plan": "La prochaine action de chaque dossier ouvert : date, canal, document et pourquoi.",
    "verifier": (
        "Ce contact est-il permis ? Chaque motif de refus, ses articles, le prochain créneau."
    ),
    "contact": "",
    "envoyer": (
        "Envoie par courriel les relances que le plan prévoit aujourd'hui (lettre PDF/A jointe)."
    ),
    "rgpd": "Données personnelles : purge, export des données d'une personne, registre, notes.",
    "journal": (
        "Le journal d'audit : qui a fait quoi et quand (import, contact, transition, document, "
        "dérogation, purge, export), pour tout le dépôt ou un DOSSIER."
    ),
    "paiement": (
        "Enregistre un paiement reçu ; le dossier passe à « solde » une fois le principal payé."
    ),
    "paiements": (
        "Rapproche un relevé bancaire (CAMT.053, archive zip de relevés CAMT.053, ou CSV "
        "date;montant;libelle) des factures."
    ),
    "avoir": "Enregistre un avoir (note de crédit) sur une facture.",
    "litige": (
        "Litige sur une facture : ouvrir ou clore (les autres factures restent recouvrables)."
    ),
    "echeancier": "Enregistre un échéancier convenu : pas de relance tant qu'il est respecté.",
    "echeance-manquee": (
        "Constate une échéance manquée : l'échéancier est rompu, le recouvrement reprend."
    ),
    "mise-en-demeure": (
        "Mise en demeure (LRAR) : envoyée, reçue, ou non réclamée (première présentation)."
    ),
    "procedure-collective": "Procédure collective du débiteur : plus aucune relance (C. com.",
    "abandon-accessoires": (
        "Abandonne les accessoires de retard restant dus (pénalités ou intérêts, indemnité "
        "forfaitaire) sur un dossier dont le principal est payé : l'étape « "
        "accessoires_restants » du plan disparaît."
    ),
    "injonction": (
        "Requête en injonction de payer (CPC 1405 à 1407), bordereau et pièces numérotées."
    ),
    "injonction-suivi": (
        "Suivi de l'injonction de payer : enregistre les dates et affiche les délais."
    ),
    "petites-creances": (
        "Demande de recouvrement d'une petite créance au commissaire de justice (CPCE L125-1)."
    ),
    "petites-creances-suivi": (
        "Suivi de la procédure des petites créances : enregistre les dates et affiche l'état."
    ),
    "operateur": "Les opérateurs de l'équipe : nom, adresse électronique, rôle.",
    "frais": "Frais de recouvrement supportés par le créancier (coût par euro recouvré).",
    "historique": (
        "L'historique consolidé d'un dossier, dans l'ordre : factures, paiements, avoirs, "
        "contacts (canal, résultat, opérateur), documents produits, étapes, promesses, litiges."
    ),
    "rapport": (
        "Indicateurs du recouvrement : balance âgée, DSO, taux de recouvrement à 30, 60 et 90 "
        "jours, part soldée après chaque étape, délai de paiement par segment, montants par "
        "voie, coût par euro recouvré, et les tests A/B de la politique ; chaque chiffre avec "
        "sa définition."
    ),
    "modeles": "Modèles de lettres du cabinet (en-tête, logo, formulations).",
    "serveur": (
        "Démarre l'espace de travail de l'équipe : API HTTP (/api, description OpenAPI à "
        "/api/openapi.json) et liste de travail web (/), sur le dépôt."
    ),
}
