"""Encoders: constraints written into a back-end's sink (bnnverify.encode.sink.ConstraintSink).

sink.py (the protocol and its helpers), inputs.py (order-encoded integer inputs), the layer
encoders, cardinality.py (the clause encodings of a reified cardinality constraint, or native
AtMost). The sinks and the solvers that read them are in
bnnverify.backends. Nothing is imported here, so importing one encoder loads only what it
needs (bnnverify.backends imports encode.cardinality without pulling in the layer encoders).
"""
