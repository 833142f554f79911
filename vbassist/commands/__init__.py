"""One module per CLI command group; each keeps heavy imports inside its functions so `--help` is fast."""
