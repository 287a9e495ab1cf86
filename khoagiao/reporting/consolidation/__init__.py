"""The consolidated report: figures (pure aggregation), narrative compilation and who may do what."""
