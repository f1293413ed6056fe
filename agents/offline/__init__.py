"""Herald's offline writer: a deterministic, rule-based LLM provider (see provider.py)."""
