"""Data safety: restore points, encrypted backups, the instance lock, integrity checks."""
