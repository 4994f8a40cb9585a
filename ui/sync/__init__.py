"""The Đồng bộ page (issue 10 §5): the hub profile, the outbox queue, what needs handling,
the receipts, and the timer that packages new journal entries in the background."""
