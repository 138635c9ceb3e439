"""Letters and documents of the escalation (SPEC section 6)."""
