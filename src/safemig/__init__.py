"""safemig: evidence for gender-responsive migration programmes."""

__version__ = "0.1.0"
