"""A stand-in for proofs_check.claims used by the registry tests (not real claims)."""
