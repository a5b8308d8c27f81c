"""The Textual interface. Everything that imports Textual lives under here."""
