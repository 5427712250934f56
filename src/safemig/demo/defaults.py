"""Defaults of the synthetic survey (kept free of heavy imports for the command line)."""

DEFAULT_SIZE = 1320
DEFAULT_SEED = 20240304
