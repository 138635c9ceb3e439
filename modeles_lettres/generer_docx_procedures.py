"""Generate the DOCX templates of the court files (requête en injonction de payer, demande
de petites créances) with the helpers of generer_docx.py; same context as the HTML twins.

Run `.venv/bin/python modeles_lettres/generer_docx_procedures.py` after editing; the
generated .docx files are sources, committed next to this script.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generer_docx import ICI, controle, nouveau, para, tableau

PIECES = (["N°", "Pièce", "État"],
          ["Pièce n° {{ p.numero }}", "{{ p.libelle }}",
           "{% if p.presente %}jointe{% else %}MANQUANTE{% endif %}"],
          "p in pieces")  # fmt: skip


def requete_injonction() -> Any:
    doc = nouveau("{{ demandeur.nom }} – Réf. {{ reference }}")
    para(doc, "Réf. : {{ reference }} – Dossier : {{ dossier }}",
         "{% if cerfa %} – À reporter sur le formulaire Cerfa n° {{ cerfa }}{% endif %}",
         taille=7.5)  # fmt: skip
    para(doc, "*Requête en injonction de payer", taille=11)
    para(doc, "Code de procédure civile, articles 1405 à 1407.", taille=7.5)
    para(doc, "*1. {{ rubriques[0] }}")
    para(doc, "À Madame ou Monsieur le {{ juridiction.juge }}")
    para(doc, "*{{ juridiction.designation }}")
    para(doc, "{{ juridiction.adresse | join(', ') }}")
    para(doc, "Compétence territoriale : {{ juridiction.regle_territoriale }}.", taille=7.5)
    controle(doc, "{%p for v in juridiction.a_verifier %}")
    para(doc, "À vérifier avant le dépôt : {{ v }}", taille=7.5)
    controle(doc, "{%p endfor %}")
    for numero, qui in ((1, "demandeur"), (2, "debiteur")):
        para(doc, f"*{numero + 1}. {{{{ rubriques[{numero}] }}}}")
        para(doc, f"*{{{{ {qui}.nom }}}}",
             f"{{% if {qui}.personne_morale %}}, forme juridique : {{{{ {qui}.forme_juridique }}}}"
             "{% endif %}")  # fmt: skip
        para(doc, f"Adresse : {{{{ {qui}.adresse | join(', ') }}}}")
        para(doc, f"{{% if {qui}.siren %}}SIREN : {{{{ {qui}.siren }}}}{{% endif %}}")
        para(doc, f"{{% if {qui}.personne_morale %}}Représentée par : "
                  f"{{{{ {qui}.representant }}}}{{% endif %}}")  # fmt: skip
    controle(doc, "{%p for m in a_completer %}")
    para(doc, "À compléter (CPC art. 57) : {{ m }}", taille=7.5)
    controle(doc, "{%p endfor %}")
    para(doc, "*4. {{ rubriques[3] }}")
    para(doc, "Le demandeur sollicite une ordonnance enjoignant au débiteur de lui payer la somme "
              "de ", "*{{ montant.total | montant }}", " ({{ montant.total | en_lettres }}), "
              "arrêtée au {{ (a_parfaire.arrete_au if a_parfaire else le) | date_longue }}"
              "{% if a_parfaire %}, outre {{ a_parfaire.outre }} jusqu'à parfait paiement "
              "(somme à parfaire){% endif %} : principal {{ montant.principal | montant }}, "
              "{{ montant.libelle_accessoires }} {{ montant.accessoires | montant }}, indemnités "
              "{{ montant.indemnites | montant }}.")  # fmt: skip
    # The per-invoice detail, as in the PDF: with the interest or penalty periods.
    tableau(doc,
            ["Facture", "Émise le", "Échéance", "Montant TTC", "Avoirs et paiements",
             "Principal dû", "{{ montant.libelle_accessoires | capitalize }}", "Indemnité",
             "Total"],
            ["{{ f.numero }}", "{{ f.date_emission | date_courte }}",
             "{{ f.date_echeance | date_courte }}", "{{ f.montant_ttc | montant }}",
             "{{ (f.avoirs + f.paye) | montant }}", "{{ f.restant_du | montant }}",
             "{{ f.accessoires | montant }}", "{{ f.indemnite | montant }}",
             "{{ f.total | montant }}"],
            "f in factures",
            ["Total", "", "", "", "", "{{ montant.principal | montant }}",
             "{{ montant.accessoires | montant }}", "{{ montant.indemnites | montant }}",
             "{{ montant.total | montant }}"],
            largeurs=[22, 17, 17, 19, 19, 19, 20, 19, 20],
            sous_lignes=("p in f.periodes",
                         ["", "du {{ p.debut | date_courte }} au {{ p.fin | date_courte }} "
                          "({{ p.jours }} jours) sur {{ p.base | montant }} au taux de "
                          "{{ p.taux | pourcent }} ({{ p.libelle }})", "", "", "", "",
                          "{{ p.montant | montant }}", "", ""], (1, 5)))  # fmt: skip
    para(doc, "*5. {{ rubriques[4] }}")
    controle(doc, "{%p for ph in fondement %}")
    para(doc, "{{ ph }}")
    controle(doc, "{%p endfor %}")
    para(doc, "*6. {{ rubriques[5] }}")
    para(doc, "Bordereau des pièces communiquées à l'appui de la requête :")
    tableau(doc, *PIECES)
    para(doc, "*7. {{ rubriques[6] }}")
    para(doc, "Fait à {{ lieu }}, le {{ le | date_longue }}. Pour {{ demandeur.nom }}, "
              "{{ demandeur.representant }}.")  # fmt: skip
    para(doc, "Références : {{ references | join(' ; ') }}.", taille=7.5)
    return doc


def demande_petites_creances() -> Any:
    doc = nouveau("{{ creancier.nom }} – Réf. {{ reference }}")
    para(doc, "*{{ creancier.nom }}")
    para(doc, "{{ creancier.adresse | join(', ') }}")
    para(doc, "Réf. : {{ reference }} – Dossier : {{ dossier }}", taille=7.5)
    para(doc, "*{% if commissaire.nom %}{{ commissaire.nom }}{% else %}Commissaire de justice"
              "{% endif %}", align="droite")  # fmt: skip
    para(doc, "{{ commissaire.ressort }}", align="droite", taille=7.5)
    para(doc, "{{ lieu }}, le {{ le | date_longue }}", align="droite")
    para(doc, "*Objet : demande de mise en œuvre de la procédure simplifiée de recouvrement des "
              "petites créances (CPCE art. L125-1)")  # fmt: skip
    para(doc, "Maître,")
    para(doc, "Nous vous demandons de mettre en œuvre, à l'encontre de {{ debiteur.nom }}, "
              "{{ debiteur.adresse | join(', ') }}, la procédure simplifiée de recouvrement des "
              "petites créances pour la créance suivante, de cause contractuelle, certaine, "
              "liquide et exigible :", align="justifie")  # fmt: skip
    tableau(doc,
            ["Facture", "Échéance", "Principal dû", "{{ montant.libelle_interets }}", "Indemnité"],
            ["{{ f.numero }}", "{{ f.date_echeance | date_courte }}",
             "{{ f.restant_du | montant }}", "{{ f.accessoires | montant }}",
             "{{ f.indemnite | montant }}"],
            "f in factures")  # fmt: skip
    para(doc, "Principal {{ montant.principal | montant }} ({{ montant.principal | en_lettres }})"
              " et {{ montant.libelle_interets }} {{ montant.interets | montant }} ; montant total "
              ": {{ montant.total | montant }} ({{ montant.total | en_lettres }}).",
              "{% if a_parfaire %} {{ a_parfaire.phrase }}{% endif %}")  # fmt: skip
    para(doc, "{{ frais }}")
    para(doc, "Pièces jointes :")
    tableau(doc, *PIECES)
    para(doc, "Nous vous prions d'agréer, Maître, l'expression de nos salutations distinguées.")
    para(doc, "{{ creancier.representant or creancier.nom }}, pour {{ creancier.nom }}",
         align="droite")  # fmt: skip
    para(doc, "Références : {{ references | join(' ; ') }}.", taille=7.5)
    return doc


MODELES = {
    "requete_injonction": requete_injonction,
    "demande_petites_creances": demande_petites_creances,
}


def main() -> None:
    for nom, fabrique in MODELES.items():
        chemin = ICI / f"{nom}.docx"
        fabrique().save(str(chemin))
        print(chemin)


if __name__ == "__main__":
    main()
