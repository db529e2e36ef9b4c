"""Two executors of one BinaryNetwork: `reference` (slow, obvious) and `packed` (XNOR/popcount)."""
