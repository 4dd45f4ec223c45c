"""Turn a :class:`~trtreport.model.Report` into the HTML page (and, elsewhere, summaries).

Public API: :func:`render_html`.
"""

from __future__ import annotations

from trtreport.render.html import render_html

__all__ = ["render_html"]
