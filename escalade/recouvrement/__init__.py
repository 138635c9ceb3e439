"""L'escalade amiable : politique, plan, contrôle de conformité, voies, mise en demeure, tests A/B,
opérateurs."""
