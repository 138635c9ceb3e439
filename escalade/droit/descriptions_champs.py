"""The French description of every field of the dossier format, put into its JSON Schema.

`Modele` (escalade.droit.valeurs) gives `decrire` to pydantic as `json_schema_extra`: each
model's schema gets, for each property, the description written here under the model's
name. Kept apart from the models so that the models stay short and readable; a test checks
that every property of `models/dossier.schema.json` has a description (a new field without
one fails it). Regenerate the schemas with `python -m escalade.entrees.schemas`.
"""

from __future__ import annotations

from typing import Any, Final

MONTANT: Final = 'en euros, chaîne avec au plus deux décimales, par exemple "1200.00"'
DATE: Final = "date AAAA-MM-JJ"

_PARTIE: Final = {
    "nom": "Nom ou raison sociale, tel qu'il figurera sur les lettres (civilité comprise pour "
    "une personne : « M. Jean Dupont »).",
    "civilite": "Civilité de la personne à qui s'adressent les lettres (la partie si c'est une "
    "personne physique, sinon son représentant) : « M. » ou « Mme » ; les lettres disent alors "
    "« Monsieur, » ou « Madame, », à défaut « Madame, Monsieur, ».",
    "forme_juridique": "Forme juridique (SARL, SAS...), imprimée avec le nom si donnée.",
    "rcs": "Ville du greffe du registre du commerce et des sociétés : les lettres de "
    "l'expéditeur impriment « SIREN … RCS <ville> » (C. com. art. R123-237).",
    "capital_social": f"Capital social ({MONTANT}) : les lettres de l'expéditeur impriment "
    "« <forme> au capital de … € » (C. com. art. R123-238).",
    "siren": "SIREN (9 chiffres, clé de contrôle vérifiée). Sert aussi à reconnaître le même "
    "débiteur d'un dossier à l'autre.",
    "siret": "SIRET (14 chiffres, clé vérifiée) ; ses 9 premiers chiffres tiennent lieu de "
    "SIREN s'il manque.",
    "tva": "Numéro de TVA intracommunautaire (FR + clé + SIREN, clé vérifiée).",
    "adresse": "Adresse postale (lettres, choix du tribunal, calendrier des jours fériés, "
    "fuseau horaire).",
    "email": "Adresse électronique (canal « email » des relances).",
    "telephone": "Numéro de téléphone (canaux « telephone » et « sms »).",
    "representant": "Personne qui représente la partie (gérant, président...), citée dans "
    "les lettres et requêtes.",
}

DESCRIPTIONS: Final[dict[str, dict[str, str]]] = {
    "Adresse": {
        "lignes": "Lignes de l'adresse avant le code postal (numéro et voie, bâtiment...).",
        "code_postal": "Code postal : cinq chiffres en France (97x/98x : outre-mer, pour le "
        "calendrier et le fuseau horaire).",
        "ville": "Commune.",
        "pays": "Pays (par défaut France).",
    },
    "Partie": _PARTIE,
    "Mandataire": {
        **_PARTIE,
        "premiere_lettre_reference": "Société de recouvrement : référence de la première "
        "lettre adressée au débiteur (CPCE art. R124-4).",
        "premiere_lettre_date": f"Société de recouvrement : date de cette première lettre "
        f"({DATE}).",
    },
    "Creancier": {
        **_PARTIE,
        "iban": "IBAN du créancier (somme de contrôle vérifiée), imprimé pour le paiement.",
        "bic": "BIC de la banque du créancier.",
        "taux_penalites": "Taux annuel des pénalités de retard prévu aux conditions générales, "
        'en pour cent ("15.00") ; à défaut, le taux légal supplétif (C. com. L441-10).',
        "capitalisation": "Capitalisation des intérêts demandée (C. civ. art. 1343-2, intérêts "
        "dus pour une année entière) ; jamais imposée à un consommateur.",
        "personne_physique_non_professionnelle": "Le créancier est un particulier agissant "
        "hors de toute activité professionnelle (taux d'intérêt légal « particuliers »).",
        "mandataire": "Société de recouvrement agissant pour le créancier (mentions de l'art. "
        "R124-4 CPCE).",
    },
    "Interlocuteur": {
        "nom": "Nom de la personne à contacter chez le débiteur.",
        "civilite": "Sa civilité : « M. » ou « Mme » (fiche d'appel).",
        "role": "Sa fonction (comptable, gérant...).",
        "email": "Son adresse électronique.",
        "telephone": "Son numéro de téléphone.",
    },
    "ProcedureCollective": {
        "type": "Nature de la procédure : sauvegarde, redressement_judiciaire ou "
        "liquidation_judiciaire.",
        "jugement_le": f"Date du jugement d'ouverture ({DATE}) : plus aucune relance ni action "
        "en paiement ensuite (C. com. L622-21).",
        "publication_bodacc_le": f"Date de publication au BODACC ({DATE}) : point de départ du "
        "délai de déclaration de créance (R622-24).",
    },
    "Debiteur": {
        **_PARTIE,
        "type": "professionnel, consommateur ou personne_publique : décide du régime "
        "(pénalités et 40 € entre professionnels, intérêt légal pour un consommateur, "
        "commande publique).",
        "segment": "Segment de la politique de relance : ponctuel, occasionnel, chronique, "
        "nouveau ou risque (par défaut occasionnel).",
        "interlocuteurs": "Personnes à contacter chez le débiteur.",
        "canaux_refuses": "Canaux que le débiteur a refusés (email, sms, telephone, courrier, "
        "lrar, visite) : jamais utilisés.",
        "procedure_collective": "Procédure collective ouverte contre le débiteur, s'il y en a une.",
        "commercant": "Commerçant ou société commerciale (tribunal de commerce, CPC 1406) ; "
        "absent : déduit de la forme juridique (SARL, SAS...), à défaut tribunal judiciaire.",
    },
    "Facture": {
        "numero": "Numéro de la facture, unique dans le dossier.",
        "date_emission": f"Date d'émission ({DATE}).",
        "date_echeance": f"Date d'échéance ({DATE}), au plus tôt l'émission.",
        "montant_ttc": f"Montant toutes taxes comprises, {MONTANT}, strictement positif.",
        "taux_penalites": "Taux annuel des pénalités propre à cette facture, en pour cent ; "
        "prime sur celui du créancier.",
        "date_execution": f"Date d'achèvement de la prestation ({DATE}) : départ de la "
        "prescription contre un consommateur.",
        "pieces": "Pièces justificatives (chemins relatifs au fichier du dossier : bon de "
        "commande, bon de livraison...), jointes aux requêtes.",
    },
    "Paiement": {
        "date": f"Date du paiement ({DATE}).",
        "montant": f"Montant reçu, {MONTANT}.",
        "facture": "Numéro de la facture désignée par le débiteur ; absent : imputé selon "
        "l'art. 1342-10 du Code civil.",
        "reference": "Référence du paiement (virement, chèque) : un paiement réimporté avec la "
        "même référence et la même facture remplace le précédent (montant ou date corrigés) "
        "au lieu de s'y ajouter.",
    },
    "Avoir": {
        "numero": "Numéro de l'avoir.",
        "date": f"Date de l'avoir ({DATE}).",
        "montant": f"Montant de l'avoir, {MONTANT}.",
        "facture": "Numéro de la facture qu'il réduit.",
    },
    "Litige": {
        "facture": "Numéro de la facture contestée.",
        "ouvert_le": f"Date de la contestation ({DATE}) : plus de relance sur cette facture.",
        "motif": "Objet de la contestation, en faits objectifs (pas de donnée sensible).",
        "clos_le": f"Date de clôture du litige ({DATE}) ; absent : litige en cours.",
    },
    "EcheanceConvenue": {
        "date": f"Date de l'échéance convenue ({DATE}).",
        "montant": f"Montant à payer à cette date, {MONTANT}.",
    },
    "Echeancier": {
        "convenu_le": f"Date de l'accord de paiement échelonné ({DATE}).",
        "echeances": "Les échéances convenues, dans l'ordre.",
        "rompu_le": f"Date où l'échéancier a été rompu (échéance manquée constatée, {DATE}).",
    },
    "Contact": {
        "le": "Moment du contact, AAAA-MM-JJTHH:MM[:SS][+HH:MM] (sans décalage : heure de Paris).",
        "canal": "Canal : email, sms, telephone, courrier, lrar ou visite.",
        "interlocuteur": "Personne jointe.",
        "objet": "Objet : l'étape de relance (relance_1, relance_2, relance_telephonique, "
        "derniere_relance, mise_en_demeure...) ou un autre objet (appel, confirmation_appel, "
        "promesse_de_paiement...) ; la commande contact n'accepte que la liste fermée.",
        "resultat": "Résultat (promesse, accord, refus, messagerie...) ; usage interne, jamais "
        "cité dans les lettres.",
        "note": "Note libre, interne : faits objectifs, sans donnée sensible (la CNIL le "
        "demande ; le débiteur peut en obtenir copie).",
        "document": "Document produit lors du contact (lettre, fiche d'appel).",
        "operateur": "Personne qui a fait le contact.",
        "promesse_le": f"Promesse de paiement : jour promis ({DATE}) ; le plan du dossier est "
        "suspendu jusque-là, plus le délai de grâce de la politique, puis dit si elle est tenue.",
        "promesse_montant": f"Promesse de paiement : montant promis, {MONTANT} (absent : ce "
        "qui est dû).",
    },
    "MiseEnDemeure": {
        "envoyee_le": f"Date d'envoi de la lettre recommandée ({DATE}).",
        "recue_le": f"Date de réception portée sur l'avis de réception ({DATE}) : le délai "
        "court de là.",
        "premiere_presentation_le": f"Lettre non réclamée : date de première présentation "
        f"({DATE}) ; la mise en demeure reste valable, le délai court de là.",
        "non_reclamee": "La lettre est revenue « pli avisé et non réclamé ».",
        "delai_jours": "Délai laissé au débiteur pour payer, en jours (1 à 60 ; usage : 8 ou 15).",
        "numero_lrar": "Numéro de la lettre recommandée (suivi La Poste).",
        "document": "La lettre envoyée (chemin relatif au fichier du dossier).",
        "accuse_reception": "Scan de l'avis de réception (chemin relatif au fichier du dossier).",
    },
    "Interruption": {
        "date": f"Date de l'acte qui interrompt la prescription ({DATE}).",
        "type": "reconnaissance (du débiteur, C. civ. 2240), demande_en_justice (2241) ou "
        "mesure_execution (2244).",
        "facture": "Facture concernée ; absent : toutes les factures du dossier.",
    },
    "Jugement": {
        "rendu_le": f"Date du jugement de condamnation ({DATE}).",
        "executoire_le": f"Date où il est devenu exécutoire ({DATE}) : deux mois après, "
        "l'intérêt légal est majoré de 5 points (CMF L313-3).",
    },
    "Injonction": {
        "requete_deposee_le": f"Date de dépôt de la requête en injonction de payer ({DATE}).",
        "ordonnance_le": f"Date de l'ordonnance du juge ({DATE}).",
        "rejetee": "La requête a été rejetée (CPC art. 1409).",
        "signifiee_le": f"Date de signification de l'ordonnance par commissaire de justice "
        f"({DATE}) ; au plus tard six mois après l'ordonnance (CPC 1411).",
        "signifiee_a_personne": "Signifiée à la personne du débiteur (sinon, CPC 1416 al. 2 : "
        "l'opposition reste possible jusqu'à la première mesure d'exécution).",
        "opposition_le": f"Date de l'opposition du débiteur ({DATE}).",
        "executoire_le": f"Date de la formule exécutoire ({DATE}).",
        "juridiction_nom": "Nom de la juridiction saisie.",
        "juridiction_adresse": "Adresse de la juridiction saisie (lignes).",
    },
    "PetitesCreances": {
        "demande_le": f"Date de la demande au commissaire de justice ({DATE}).",
        "commissaire_nom": "Nom du commissaire de justice saisi.",
        "commissaire_adresse": "Son adresse (lignes).",
        "invitation_envoyee_le": f"Date où il a invité le débiteur ({DATE}).",
        "accord_le": f"Date de l'accord du débiteur ({DATE}).",
        "montant_accord": f"Montant accepté, {MONTANT}.",
        "echeances": "Échéances convenues dans l'accord.",
        "refus_le": f"Date du refus ou du silence constaté du débiteur ({DATE}).",
    },
    "EtapeDatee": {
        "etape": "Étape franchie (relance_1 ... solde, suspendu, prescrit, irrecouvrable).",
        "le": f"Date où elle a été franchie ({DATE}).",
        "motif": "Pourquoi (texte libre, interne).",
    },
    "Dossier": {
        "reference": "Référence du dossier, unique dans le dépôt.",
        "devise": "Devise : EUR seulement.",
        "creancier": "Le créancier (qui réclame).",
        "debiteur": "Le débiteur (qui doit).",
        "factures": "Les factures réclamées (au moins une).",
        "paiements": "Les paiements reçus.",
        "avoirs": "Les avoirs accordés.",
        "litiges": "Les contestations de factures.",
        "echeanciers": "Les accords de paiement échelonné.",
        "contacts": "Le journal des contacts avec le débiteur.",
        "mise_en_demeure": "La mise en demeure envoyée (lettre recommandée), s'il y en a une.",
        "interruptions": "Les actes qui ont interrompu la prescription.",
        "jugement": "Le jugement de condamnation, s'il y en a un.",
        "injonction": "La procédure d'injonction de payer, si elle est engagée.",
        "petites_creances": "La procédure simplifiée de recouvrement des petites créances, si "
        "elle est engagée.",
        "etape": "Étape où en est le dossier (tenue par l'outil ; à ne remplir qu'en reprise "
        "d'un autre outil).",
        "historique": "Les étapes franchies, datées.",
    },
}


def decrire(schema: dict[str, Any], modele: type) -> None:
    """pydantic's `json_schema_extra`: the description of each property of `modele`."""
    descriptions = DESCRIPTIONS.get(modele.__name__, {})
    for nom, propriete in schema.get("properties", {}).items():
        if nom in descriptions and isinstance(propriete, dict):
            propriete.setdefault("description", descriptions[nom])
