"""The "Học bạ" page: a class's transcripts, their signing, issuing, copies and checking."""
