"""The knowledge base: schema, loader and queries. Pure Python; never imports Textual."""

from backtui.kb.errors import KBError, Problem
from backtui.kb.loader import Loaded, load, loads
from backtui.kb.schema import KnowledgeBase

__all__ = ["KBError", "KnowledgeBase", "Loaded", "Problem", "load", "loads"]
