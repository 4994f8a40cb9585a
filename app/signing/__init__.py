"""PDF signatures (PAdES with pyHanko): signers behind one small interface, and verification."""

import warnings

from cryptography.utils import CryptographyDeprecationWarning

# pyHanko imports cryptography's DSA types at start-up, which warns on stderr (every CLI run).
warnings.filterwarnings(
    "ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning
)
