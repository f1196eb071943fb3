"""qasite: a static site generator for a patient-facing cancer question knowledge base."""

__version__ = "0.2.0"
