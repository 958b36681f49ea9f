"""procare-ai: AI workflows for Procare staff management, with a director in charge of every write-back."""

__version__ = "0.1.0"
