"""PDF signatures (PAdES with pyHanko): signers behind one small interface, and verification."""
