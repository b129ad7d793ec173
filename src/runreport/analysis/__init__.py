"""Tables, findings, the study the notebooks load, and the report's generated prose."""
