"""What is written and indexed: the link check, writing and publishing site/, the search index."""
