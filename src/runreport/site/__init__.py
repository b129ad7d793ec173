"""Many articles into a fact-check site: the run, its workers (local or Dask), pages and charts."""
