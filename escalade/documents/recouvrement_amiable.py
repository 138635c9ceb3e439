"""Amicable collection by a third party (CPCE L124-1, R124-4; L111-8).

A collection agency acting for the creditor must put in its first letter to the debtor
(R124-4): its name and address and that it carries out amicable collection; the
creditor's name and address; the basis and amount of the sum due, split into principal,
interest and other accessories, excluding the costs that stay with the creditor; a
demand to pay with the means of payment; and the reproduction of the paragraphs of
L111-8 on collection costs. Every later letter recalls the reference and date of the
first one. Leaving one out is a 5th-class contravention (R124-7).

R124-4 as quoted cites "the third and fourth paragraphs" of L111-8, which today has
three (shared/LEGAL.md §10, UNCONFIRMED): the letters reproduce both the paragraph that
leaves pre-title collection costs to the creditor and the one on the bad-faith debtor.
The wording below is L111-8 as amended by loi n° 2014-344 du 17 mars 2014, art. 12, in
force since 19 March 2014 (checked against the Légifrance text reproduced by doctrine.fr
and cerclab.univ-lorraine.fr: its second and third paragraphs, word for word).

References: CPCE art. R124-4, L111-8, R124-7.
"""

from __future__ import annotations

from typing import Final

REFERENCES: Final = ("CPCE art. R124-4", "CPCE art. L111-8")

MENTION_ACTIVITE: Final = (
    "exerce une activité de recouvrement amiable de créances pour le compte d'autrui"
)

L111_8_ALINEAS: Final[tuple[str, ...]] = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du "
    "créancier, sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi "
    "au créancier. Toute stipulation contraire est réputée non écrite, sauf disposition "
    "législative contraire.",
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises "
    "pour recouvrer sa créance peut demander au juge de l'exécution de laisser tout ou partie "
    "des frais ainsi exposés à la charge du débiteur de mauvaise foi.",
)
