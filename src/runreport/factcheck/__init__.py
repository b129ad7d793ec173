"""Claims against the evidence library: verdicts, curated annotations, the editors' review."""
