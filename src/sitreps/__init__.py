"""sitreps: news about armed conflict and political violence in, structured event data out."""

__version__ = "0.1.0"
