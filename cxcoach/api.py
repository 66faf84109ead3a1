"""The public Python API: ``from cxcoach.api import check_text, load_packs``.

The names a program may rely on, whatever the modules behind them become:
:func:`check_text` (one text through the same route as ``cxcoach check``, see
:mod:`cxcoach.run`), :func:`load_packs` and :func:`load_words` (rules and word
classes to pass it, built once), and :class:`DocumentResult`, what it returns: one
per document, with typed fields (``score``, ``categories``, ``metrics``, ``kind``,
``format``, ``rep``, ``findings``...), plain and picklable, so the pipeline maps
over Dask or Spark.
"""

from __future__ import annotations

from cxcoach.packs import load_packs, load_words
from cxcoach.results import DocumentResult
from cxcoach.run import check_text

__all__ = ["DocumentResult", "check_text", "load_packs", "load_words"]
