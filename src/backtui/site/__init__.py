"""``backtui site``: the decision aid as a static, accessible, offline website.

``build_site`` renders every page from the view model (``backtui.views``) and the handout's
structure, so the site says what the app, ``backtui show`` and the handout say; ``write_site``
writes the files to a folder. The pages use relative links only (they work from ``file://``),
load nothing from outside the folder (a Content-Security-Policy says so), read completely
without JavaScript and escape every knowledge-base string. Pure Python; never imports Textual.
"""

from __future__ import annotations

from backtui.site.pages import build_site
from backtui.site.write import SiteError, write_site

__all__ = ["SiteError", "build_site", "write_site"]
