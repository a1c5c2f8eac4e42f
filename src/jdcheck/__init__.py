"""jdcheck: pre-flight checker for JD.com promotion submissions."""

__version__ = "0.1.0"
