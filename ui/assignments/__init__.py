"""The «Phân công» page: the teaching-assignment grid of a school year."""
