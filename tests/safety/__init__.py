"""Data safety: backups, keys, restore, locks, crashes, startup checks."""
