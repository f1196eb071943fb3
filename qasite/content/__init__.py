"""What editors write: reading, parsing and validating content/ into the frozen content model."""
