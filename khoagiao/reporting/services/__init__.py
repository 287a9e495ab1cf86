"""Writes of the reporting app, split by concept: periods, templates, duties, submissions, attachments."""
