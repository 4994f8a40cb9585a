"""Equipment and facilities (issue 11): the register, lending, stocktake, labels, compliance.

Pure cores that take plain data: ``labels`` (the QR label sheet) and ``reconcile`` (the
stocktake reconciliation); the models, register and services sit beside them.
"""
