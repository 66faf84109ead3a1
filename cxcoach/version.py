"""The version, in its own module so any layer can import it cheaply."""

__version__ = "0.1.0"
