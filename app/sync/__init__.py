"""Sync: signed and encrypted packages from the journal, the outbox, receipts (issue 10, decision 022)."""
