"""What is remembered between builds: the cache, the snapshot of parsed questions, the manifest."""
