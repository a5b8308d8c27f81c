"""What every surface shows, decided once: the aspects, the fairness rules and the view model.

Pure Python; never imports Textual. See :mod:`backtui.views.model` and
:mod:`backtui.views.fairness`.
"""
