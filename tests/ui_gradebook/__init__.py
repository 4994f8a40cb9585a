"""GUI tests of the grade book screens (offscreen Qt)."""
