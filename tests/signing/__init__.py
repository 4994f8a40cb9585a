"""PDF signing: signers (PKCS#12, SoftHSM2 token), signing, verification, batches, online parts."""
