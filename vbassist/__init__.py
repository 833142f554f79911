"""vbassist: draft, check and search Stockholm's verksamhetsberättelser, tertial reports and plans."""

__version__ = "0.1.0"
