"""Free-text notes: sensitive or excessive content, and the deliberate non-matches."""

from __future__ import annotations

import pytest

from escalade.rgpd.notes_sensibles import analyser, avertissement, categories


@pytest.mark.parametrize(
    ("note", "attendu"),
    [
        ("Le client est hospitalisé jusqu'à fin mai", ("sante",)),
        ("En ARRÊT MALADIE, rappeler plus tard", ("sante",)),
        ("Problèmes de santé, demande un délai", ("sante",)),
        ("Il fait le ramadan, pas de visite avant 18 h", ("religion",)),
        ("Délégué syndical CGT dans son entreprise", ("syndicat",)),
        ("Militant d'extrême gauche", ("opinions_politiques",)),
        ("Vit avec son compagnon, homosexuel", ("orientation_sexuelle",)),
        ("A fait de la prison pour escroquerie", ("infractions",)),
        ("Casier judiciaire chargé", ("infractions",)),
        ("Vrai escroc, menteur", ("propos_excessifs",)),
        ("Gitan, se méfier", ("origine",)),
        ("Malade et menteur", ("sante", "propos_excessifs")),
    ],
)
def test_notes_sensibles(note: str, attendu: tuple[str, ...]) -> None:
    assert categories(note) == attendu


@pytest.mark.parametrize(
    "note",
    [
        "Santé financière fragile, propose un échéancier",  # a business's health: not art. 9
        "La santé économique de la société se dégrade",
        "Syndicat des copropriétaires de la résidence Les Pins",  # a debtor, not a union
        "Condamné à payer par le tribunal de commerce le 3 mars",  # civil judgment: our work
        "Rappelle la politique de relance du créancier",
        "Promet un virement vendredi, contact courtois",
        "Conteste la livraison ; attend le bon signé",
        "Consulte son comptable",  # 'con' only as a whole word
        "Demande une remise commerciale",
    ],
)
def test_faux_positifs_evites(note: str) -> None:
    assert categories(note) == ()


def test_insensible_aux_accents_et_a_la_casse() -> None:
    assert categories("HOSPITALISEE") == ("sante",)
    assert categories("déPRESSION") == ("sante",)


def test_mots_entiers_seulement() -> None:
    # 'malade' inside 'maladroit' and 'con' inside 'contact' never match.
    assert categories("Maladroit au téléphone, contact repris") == ()


def test_termes_et_avertissement() -> None:
    detections = analyser("Hospitalisé, vrai escroc")
    assert [(d.categorie, d.termes) for d in detections] == [
        ("sante", ("hospitalise",)),
        ("propos_excessifs", ("escroc",)),
    ]
    assert detections[0].references == (
        "RGPD art. 9", "CNIL, zones bloc-notes et commentaires (28 févr. 2019)"
    )  # fmt: skip
    assert analyser("prison")[0].references[0] == "RGPD art. 10"
    texte = avertissement(detections)
    assert texte.startswith(
        "Cette note semble contenir des données sensibles ou excessives : santé "
        "(« hospitalise »), propos excessifs ou injurieux (« escroc »)."
    )


def test_note_vide() -> None:
    assert analyser(None) == () and analyser("") == ()
