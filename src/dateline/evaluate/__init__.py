"""Scoring annotators against gold data."""
