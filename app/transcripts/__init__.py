"""Học bạ số: transcripts from the locked grade book, signed, verifiable, versioned (issue 9)."""
