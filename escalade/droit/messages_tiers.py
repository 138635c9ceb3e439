"""French reasons for the errors of the libraries that read our inputs (lxml, schwifty).

Their own messages are English (« Opening and ending tag mismatch », « Invalid checksum
digits »): the user reads the reason below instead, with the file and field the caller names.
"""

from __future__ import annotations

# libxml2 error codes (lxml.etree.ErrorTypes) of the usual broken files.
_XML: dict[int, str] = {
    4: "document vide",
    5: "contenu après la fin de l'élément racine",
    26: "entité non déclarée",
    39: "valeur d'attribut sans guillemets",
    73: "« > » attendu",
    76: "balise fermante différente de la balise ouverte",
    77: "fin du fichier au milieu d'une balise (fichier tronqué ?)",
}

# schwifty's exception classes, by name.
_BANQUE: dict[str, str] = {
    "InvalidChecksumDigits": "clé de contrôle incorrecte",
    "InvalidLength": "longueur incorrecte pour son pays",
    "InvalidCountryCode": "code pays inconnu",
    "InvalidStructure": "format incorrect (caractères ou disposition)",
    "InvalidBankCode": "code banque inconnu",
    "InvalidBranchCode": "code guichet invalide",
    "InvalidAccountCode": "numéro de compte invalide",
    "InvalidBBANChecksum": "clé RIB incorrecte",
    "NationalChecksumNotVerified": "clé RIB incorrecte",
}


def motif_xml(code: int) -> str:
    """The French reason of a libxml2 syntax error code."""
    return _XML.get(code, "syntaxe XML incorrecte")


def motif_bancaire(erreur: Exception) -> str:
    """The French reason of a schwifty exception (IBAN or BIC)."""
    return _BANQUE.get(type(erreur).__name__, "format invalide")
