"""Safe YAML reading shared by dossier files and legal data: a repeated key is an error.

PyYAML silently keeps the last of two identical keys; a dossier or a legal series with a
key written twice is a mistake the user must see, with its line.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's parser when available: about ten times faster on the legal data.
ChargeurSur: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def mapping_sans_doublon(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    vus: set[Any] = set()
    for cle_node, _ in node.value:
        cle = loader.construct_object(cle_node)
        if cle in vus:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {cle} » en double", cle_node.start_mark
            )
        vus.add(cle)
    return loader.construct_mapping(node)


def sans_doublon(classe: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """Register the duplicate-key check on a loader class (used as a class decorator)."""
    classe.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping_sans_doublon)
    return classe
