"""Article files in: readers, the Article and its parts, listicle wording, claims, the parser."""
