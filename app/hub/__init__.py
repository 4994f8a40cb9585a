"""The receiving side of sync: the hub that ingests schools' packages (issue 10 §4)."""
