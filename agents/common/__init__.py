"""Pieces every specialist shares: the vocabulary, the LLM layer, redaction, proposal builders, report
helpers, names and the workweek."""
