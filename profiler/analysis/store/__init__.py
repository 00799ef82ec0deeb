"""A store of many runs: Hive-partitioned Parquet that DuckDB, Spark and Trino read unchanged.

- :func:`profiler.analysis.store.add.add_path` analyses a run and writes its rows (``profiler store add``);
- :func:`profiler.analysis.store.query.query` runs one SELECT over the views ``runs`` and ``samples``
  (``profiler store query``);
- :func:`profiler.analysis.store.trend.trend` draws each figure over time with the store's own noise band
  and ``profiler compare``'s verdicts (``profiler store trend``);
- :func:`profiler.analysis.store.history.compare_with_history` compares runs with stored history
  (``profiler compare --baseline-store``).

The tables' columns are in :mod:`profiler.analysis.store.columns`, the files' layout in
:mod:`profiler.analysis.store.layout`. Part of the core: nothing here prints; the modules import pyarrow
and DuckDB only inside the functions that need them. docs/store.md is the user's guide.
"""
