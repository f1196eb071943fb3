"""Around the build: the live preview server, the progress line, the benchmark, its corpus."""
